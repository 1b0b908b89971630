# re: matching, the API and error messages, as CPython prints them.
# Strings are printed through fmt() (no repr of non-ASCII str: MicroPython escapes it).
import re


def fmt(x):
    if isinstance(x, str):
        return "'" + x + "'"
    if isinstance(x, list):
        return "[" + ", ".join(fmt(i) for i in x) + "]"
    if isinstance(x, tuple):
        return "(" + ", ".join(fmt(i) for i in x) + ")"
    if isinstance(x, dict):
        return "{" + ", ".join(fmt(k) + ": " + fmt(v) for k, v in sorted(x.items())) + "}"
    return repr(x)


def show_match(m):
    if m is None:
        return "None"
    spans = [m.span(i) for i in range(m.re.groups + 1)]
    return "%s %s li=%s lg=%s" % (fmt(m.group()), fmt(spans), m.lastindex, m.lastgroup)


I, M, S, X, A = re.I, re.M, re.S, re.X, re.A
CASES = [
    # literals, classes, escapes
    ("abc", 0, "xxabcxxabc"), ("a.c", 0, "abc a\nc aéc"), ("a.c", S, "a\nc"),
    ("[a-c]+", 0, "xabcx"), ("[^a-c]+", 0, "abxyzc"), ("[]a]+", 0, "a]]b"), ("[^]a]", 0, "]ab"),
    ("[-a]+", 0, "x-a-"), ("[a-]+", 0, "x-a-"), (r"[\w.]+", 0, "a.b c"),
    (r"\x41\u00e9\101\0\t", 0, "A\u00e9A\x00\t"), (r"\$\.\*", 0, "a$.*"), ("é+", 0, "aééb"),
    ("[é-ë]+", 0, "aêëb"), (r"[\u0100-\u017f]+", 0, "aĀāŉb"), ("\U0001f600+", 0, "x\U0001f600\U0001f600y"),
    (r"\d+", 0, "ab123c٣٤"), (r"\d+", A, "ab123c٣٤"), (r"\w+", 0, "héllo wörld_1 日本"), (r"\w+", A, "héllo"),
    (r"\W+", 0, "a, é!b"), (r"\s+", 0, "a \t\u3000\x1cb"), (r"\s+", A, "a \t\u3000b"), (r"\S+", 0, " ab\u3000c"),
    (r"\bfoo\b", 0, "a foo b foobar"), (r"\Bo\B", 0, "foo boo"), (r"\b", 0, ""), (r"\B", 0, ""),
    (r"\bé", 0, "a é"), (r"\bé", A, "aé"),
    # anchors
    ("^a", M, "b\na\na"), ("a$", M, "a\nb\na"), ("a$", 0, "a\n"), ("$", 0, "a\nb\n"), ("(?m)$", 0, "a\nb\n"),
    (r"\Aa", M, "a\na"), (r"a\Z", 0, "a\n"), ("^", M, "a\n\nb"),
    # alternation, groups, quantifiers
    ("a|b|c", 0, "xyzc"), ("(a|ab)(c|bcd)(d*)", 0, "abcd"), ("(a)(b)?", 0, "ac"), ("((a)b)", 0, "ab"),
    ("(a)|b", 0, "b"), ("(a)|(b)", 0, "ab"), ("a*", 0, "baaa"), ("a+?", 0, "aaa"), ("a{2,3}", 0, "aaaa"),
    ("a{2,3}?", 0, "aaaa"), ("a{2}", 0, "aaaaa"), ("a{,2}", 0, "aaa"), ("a{2,}", 0, "a aa aaa"),
    ("x{}", 0, "x{}"), ("x{,}", 0, "xx"), ("a{ 2}", 0, "a{ 2}"), ("(?:ab)+", 0, "ababa"),
    ("(?:a|b)*?c", 0, "abc"), (".*?x", 0, "aaxbx"), (".*x", 0, "aaxbx"), ("<.*>", 0, "<a><b>"),
    ("<.*?>", 0, "<a><b>"), ("(a|b)*c", 0, "ababc"), ("(a+)+b", 0, "aaab"), ("(a*)*", 0, "b"),
    ("(a*)+", 0, "b"), ("(a|)*", 0, "aa"), ("(?:(a)|b)*", 0, "ab"), ("(?:(a)|(b))*", 0, "ab"),
    ("(a)*?b|(a)c", 0, "aac"), ("(a*?)*", 0, "aa"), ("(a?)+?b", 0, "aab"), ("(a|b)*?(b)", 0, "abab"),
    ("(?:a|(b))+", 0, "ba"), ("a++", 0, "aaa"), ("a++a", 0, "aaa"), ("(?>a+)a", 0, "aaa"),
    ("(?>a|ab)c", 0, "abc"), ("(?:ab)*+b", 0, "ababb"), ("a?+a", 0, "a"),
    # backreferences, named groups, conditionals
    (r"(a)\1", 0, "aa"), (r"(\w+) \1", 0, "hello hello world"), (r"(?P<x>a)(?P=x)", 0, "aa"),
    (r"(?i)(a)\1", 0, "aA"), (r"(?P<first>\w+) (?P<last>\w+)", 0, "Jane Doe"),
    ("(x)?(?(1)a|b)", 0, "xa b"), ("(?P<q>\")?\\w+(?(q)\")", 0, 'a "b" "c'), ("(?:(?P<n>a)|b)(?(n)c|d)", 0, "ac bd ad"),
    # lookarounds
    ("(?=a)", 0, "ba"), ("(?!a)", 0, "ab"), ("(?<=a)b", 0, "ab cb"), ("(?<!a)b", 0, "ab cb"),
    (r"(?<=\d{3})x", 0, "12x 123x"), ("(?<=é)x", 0, "éx ex"), (r"(ab)(?<=\1)c", 0, "abc"),
    ("(.)(?=(.))", 0, "abc"), ("(?!(a)b)", 0, "ab"), (r"\w+(?=,)", 0, "a, bc, d"),
    (r"(?<![\w.])\d+", 0, "a1 22 .3 44"), ("q(?!u)", 0, "quit qat"),
    # case-insensitive matching, ASCII and Unicode
    ("(?i)abc", 0, "xABCx"), ("abc", I, "AbC"), ("(?i)straße", 0, "STRASSE straße STRAßE"),
    ("(?i)ſ", 0, "sSſ"), ("(?i)k", 0, "kK\u212a"), ("(?ai)k", 0, "kK\u212a"), ("(?i)[k]", 0, "\u212a"),
    ("(?i)é", 0, "É"), ("(?i)[à-ÿ]+", 0, "ÀÉÎ"), ("(?i)[^a]", 0, "Aa"), ("(?i)σ", 0, "Σσς"),
    ("(?i)[a-z]+", 0, "Hello World"), ("(?i:a)b", 0, "Ab AB"), ("a(?i:b)", 0, "AB aB"),
    ("(?i)(?-i:a)b", 0, "aB AB"), (r"(?i)\w+", 0, "ÀÉÎ"),
    # verbose
    ("(?x) a b # comment\n c", 0, "abc"), ("(?x)a  *", 0, "aaa"), (r"(?x)a\ b", 0, "a b"),
    ("(?x)[ ]", 0, "a b"), ("(?x)a{1, 2}", 0, "a{1,2}"), ("a(?#comment)*", 0, "aaa"),
    ("a b", X, "ab"), ("(?x: a b ) c", 0, "ab c"),
    # empty matches
    ("", 0, "abc"), ("$", 0, "abc"), ("x*", 0, "abxd"), ("a|", 0, "bab"), (r"\b", 0, "ab cd"),
    ("(?=b)|a", 0, "ab"),
]

for pattern, flags, subject in CASES:
    p = re.compile(pattern, flags)
    print("--", fmt(pattern), p.flags, p.groups, fmt(dict(p.groupindex)))
    print("search", show_match(p.search(subject)))
    print("match", show_match(p.match(subject)))
    print("fullmatch", show_match(p.fullmatch(subject)))
    print("findall", fmt(p.findall(subject)))
    print("finditer", [m.span() for m in p.finditer(subject)])
    print("sub", fmt(p.sub("<\\g<0>>", subject)), fmt(p.subn("-", subject, 2)))
    print("split", fmt(p.split(subject)), fmt(p.split(subject, 1)))

# pos and endpos
p = re.compile(r"\w+")
for args in [(0,), (2,), (2, 5), (0, 3), (5, 2), (-3,), (0, -1), (100,), (0, 100), (7, 100)]:
    m = p.search("ab cdé fg", *args)
    print("pos", args, show_match(m), fmt(p.findall("ab cdé fg", *args)),
          m and (m.pos, m.endpos))
print(fmt(re.compile("^a").search("aa", 1)), re.compile("a$").search("aab", 0, 2).span())
print(re.compile(r"\ba").search("ba", 1), re.compile("(?<=b)a").search("ba", 1).span())
print(re.compile("").search("abc", 10).span(), re.compile("").findall("abc", 2, 1))

# a tokenizer: match(s, pos) from where the last match ended, also jumping back
tok = re.compile(r"\s*(?:(\d+)|(\w+)|(.))")
s = "prix: 12€, été 2024 — ok"
pos, out = 0, []
while pos < len(s):
    m = tok.match(s, pos)
    out.append((m.lastindex, m.group(m.lastindex), m.start(m.lastindex)))
    pos = m.end()
print(fmt(out))
print(tok.match(s, 3).span(), tok.match(s, 1).span(), tok.search(s, 20).span(), tok.match(s, 12).span())
print(tok.match("x" + s, 13).span(), fmt(tok.findall(s, 11, 19)), fmt(re.search("é", s, 0).span()))

# the Match object
m = re.search(r"(?P<a>\w)(?P<b>\d)?(x)?", "..c..")
print(m.group(), m.group(1), m.group("a", 2, "b"), m[0], m["a"], m.groups(), m.groups("-"))
print(fmt(m.groupdict()), fmt(m.groupdict(0)), m.start(), m.end(1), m.span("b"), m.regs)
print(m.lastindex, m.lastgroup, m.re.pattern, m.string, m.pos, m.endpos, repr(m))
print(m.expand(r"[\1|\g<a>|\g<2>|\n]"), re.match("a", "a").expand("x\\ty"))
for bad in [3, "zz", -1]:
    try:
        m.group(bad)
    except IndexError as e:
        print("IndexError", e)
print(repr(re.match("abc", "abcd")), repr(re.match(b"a.", b"ab")), bool(re.match("", "")))
print(re.match("(a)(b)", "ab").lastindex, re.match("((a)b)", "ab").lastindex)
print(re.match("(?P<x>a)|(?P<y>b)", "b").lastgroup, re.match("a", "a").lastgroup)

# sub and subn: templates, callables, counts
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "joe@host ann@web"))
print(re.sub(r"(?P<w>\w+)", r"<\g<w>>", "a bc"), re.sub("a", r"\n\\\t", "xa") == "x\n\\\t")
print(re.sub("(b)|c", r"[\1]", "abcd"), re.sub("a", r"\0101", "a"), re.sub("a", r"\&", "a"))
print(re.sub(r"\d", lambda m: str(int(m.group()) * 2), "a1b2c3"), re.subn("a", "b", "aaaa", 3))
print(re.sub("x*", "-", "abxd"), re.sub("", "-", "abc"), re.sub("a*", "-", "baaac"))
print(re.sub("(a)", lambda m: None, "bab"), re.sub(b"a", b"\\n", b"bab"), re.subn(b"(.)", rb"\1\1", b"ab"))
print(re.sub("é", "e", "café été", count=1), re.sub("(?i)É", "E", "éÉ"))
print(re.compile("o").sub("0", "foo boo", 2), re.compile(r"(\d+)").subn(r"#\1", "1 22 333"))
print(re.sub("a", "b", "xyz"), re.sub("(a)(b)?", r"\2\1", "ac"))

# split
print(re.split(r"\W+", "Words, words, words."), re.split(r"(\W+)", "Words, words, words."))
print(re.split(r"\W+", "Words, words, words.", 1), re.split("[a-f]+", "0a3B9", flags=re.I))
print(re.split(r"(\W+)", "...words, words..."), re.split("x*", "axbc"), re.split("(x)|y", "axbyc"))
print(re.split(b",", b"a,b,,c"), re.split("", "ab"), re.split("a", ""), re.split("(a)", "a"))

# findall and finditer with groups
print(re.findall(r"(\w)=(\d)?", "a=1 b= c=3"), re.findall(r"(\w)(\d)?", "a1b"), re.findall(r"\w(\d)?", "a1b"))
print(re.findall(b"(\\w)(\\d)", b"a1 b2"), [m.groups() for m in re.finditer(r"(\w)(\d)?", "a1b")])

# bytes patterns
print(re.findall(rb"[a-z]+", b"ab cd"), re.search(rb"\w+", b"\xe9ab").span(), re.match(rb"(?i)\xe9", b"\xc9"))
print(re.findall(rb"\s+", b"a\x1c b"), re.compile(b"a", re.L).flags, re.search(rb"(?i)AB", b"xab").group())
print(re.match(b"a", bytearray(b"ab")).group(), re.findall(b"a", bytearray(b"aa")))

# escape, flags, cache, Pattern
print(re.escape("a.b c-d_é*"), re.escape(b"a.b\x00"), int(re.I | re.M | re.S), int(re.X | re.A), int(re.NOFLAG))
print(re.compile("a", re.I) == re.compile("a", re.I), re.compile("a") == re.compile("a", re.I))
print(re.compile("a").flags, re.compile("a", re.A).flags, re.compile(b"a").flags, re.compile("(?i)a").flags)
print(repr(re.compile("a", re.I | re.M)), repr(re.compile(b"a")), repr(re.compile("a", re.A)))
p = re.compile("a")
print(re.compile(p) is p, re.search(p, "ba").span(), re.purge())

# errors: bad patterns and wrong types
BAD = ["(", ")", "[a", "a{2,1}", "(?<=a+)b", "*", "a**", "a*+*", "\\", "\\q", "[z-a]", "(?P<1a>x)",
       "(?P<a>x)(?P<a>y)", "(?P=b)", "\\2", "(a)\\2", "(a\\1)", "(?<a)", "(?z)", "(?i", "(?-i)",
       "a(?i)b", "(?P", "(?P<", "(?P<a", "(?P=", "(?P=a", "[\\d-z]", "\\x1", "\\u12", "\\777",
       "(?#abc", "(?<=a|bc)", "(?<!a*)", "(?L)", "(?ia-i:x)", "(?-a:x)", "(?", "(?:", "(?(",
       "(?(1)a|b|c)", "(?(a)x)", "(?(2)x)", "[]", "[^]", "a{,2}{3}", "(?x", "(?i-", "\\8",
       "(?P>a)", "(?Px)", "(?<=(a)\\1)b", "(?<=a{1,2})", "(?au:x)", "x(?x)", "a|*", "\\b*",
       "[a-\\w]", "\\U00110000", "[\\8]", "(?(0)a)", "(?<=a++)", "ab\n(", "(?i-q:x)", "\\N"]
for pattern in BAD:
    try:
        re.compile(pattern)
        print("compiled", fmt(pattern))
    except re.error as e:
        print(type(e).__name__, fmt(e.msg), e.pos, e.lineno, e.colno, fmt(str(e)))
for call in [lambda: re.compile("a{4294967296}"), lambda: re.compile("(?a)(?u)"),
             lambda: re.compile("x", re.L), lambda: re.compile(b"x", re.U), lambda: re.compile(1),
             lambda: re.search("a", 1), lambda: re.search("a", b"a"), lambda: re.search(b"a", "a"),
             lambda: re.compile(re.compile("a"), re.I), lambda: re.sub("(a)", r"\2", "a"),
             lambda: re.sub("(a)", r"\g<x>", "a"), lambda: re.sub("(a)", r"\g<1", "a"),
             lambda: re.sub("(a)", r"\q", "a"), lambda: re.sub("a", lambda m: 1, "a"),
             lambda: re.sub("a", 1, "a"), lambda: re.compile(b"a{1,2}{3}")]:
    try:
        print("ok", fmt(call()))
    except re.error as e:
        print("error", fmt(e.msg), e.pos)
    except (TypeError, ValueError, OverflowError, IndexError) as e:
        print(type(e).__name__, e)

# large inputs: linear scans of 1 MB, and deep backtracking without native recursion
text = "lorem ipsum dolor sit amet, héllo wörld 12345 " * 23000
print(len(text), len(re.findall(r"\w+", text)), len(re.findall("ö", text)))
print(len(list(re.finditer(r"\d+", text))), len(re.split(" ", text)), len(re.sub("o", "0", text)))
print(re.search("12345 $", text).span(), re.subn(r"(\w+)@", "", text)[1])
print(re.match("(a|b)*", "ab" * 500000).span(), re.match("(?:a|b)*c", "ab" * 1000))
print(re.fullmatch("(?:(\\w+) )*", "ab " * 100000).span(1))
