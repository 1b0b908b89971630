# re: regular expressions with CPython 3.11's syntax, semantics and messages. The matcher
# is native (_re, a backtracking engine in Rust, src/modules/re/); this is the API around it.
#
# Supported: all of CPython's pattern syntax (literals and escapes, classes, \d \w \s \b \B
# \A \Z, groups, named groups and references, lookahead, fixed-width lookbehind, greedy, lazy
# and possessive quantifiers, atomic groups, conditionals (?(1)yes|no), inline and scoped
# flags), flags I M S X A U, and L for bytes (as ASCII, the C locale).
# Not supported: \N{name} escapes, re.DEBUG output, Pattern.scanner, re.Scanner, copying or
# pickling patterns and matches. Differences: flags are ints (no RegexFlag), groupindex is a
# dict, group names are checked as \w+ (not str.isidentifier), match/fullmatch with pos > endpos
# give None; captures inside possessive repeats are those of the last iteration (CPython 3.11
# sometimes reports spans from a failed one). The last str subject of a match/search stays
# referenced (so that match(s, pos) loops convert positions from where the last one ended).
import _re

NOFLAG = 0
I = IGNORECASE = 2
L = LOCALE = 4
M = MULTILINE = 8
S = DOTALL = 16
U = UNICODE = 32
X = VERBOSE = 64
DEBUG = 128
A = ASCII = 256

_FLAG_NAMES = ((2, "IGNORECASE"), (4, "LOCALE"), (8, "MULTILINE"), (16, "DOTALL"),
               (32, "UNICODE"), (64, "VERBOSE"), (128, "DEBUG"), (256, "ASCII"))
_MAXINT = 0x3FFFFFFF


class error(Exception):
    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        self.lineno = self.colno = None
        if pattern is not None and pos is not None:
            msg = "%s at position %d" % (msg, pos)
            nl = "\n" if isinstance(pattern, str) else b"\n"
            self.lineno = pattern.count(nl, 0, pos) + 1
            self.colno = pos - pattern.rfind(nl, 0, pos)
            if nl in pattern:
                msg = "%s (line %d, column %d)" % (msg, self.lineno, self.colno)
        super().__init__(msg)


def _bytes_like(s):
    return isinstance(s, (bytes, bytearray)) or type(s).__name__ in ("memoryview", "array")


def _span_arg(pos, endpos):
    if pos > _MAXINT:
        pos = _MAXINT
    if endpos is not None and endpos > _MAXINT:
        endpos = None
    return pos, endpos


class Pattern:
    def __init__(self, pattern, flags):
        try:
            prog, self.flags, self.groups, self.groupindex = _re.compile(pattern, flags)
        except ValueError as e:
            if len(e.args) == 2:
                raise error(e.args[0], pattern, e.args[1])
            raise
        self.pattern = pattern
        self._prog = prog
        self._str = isinstance(pattern, str)
        # Items per match in _re's results: lastindex, then spans (in bytes too for str).
        self._size = 1 + (4 if self._str else 2) * (self.groups + 1)

    def __repr__(self):
        flags = self.flags
        if self._str:
            flags &= ~UNICODE
        names = [n for v, n in _FLAG_NAMES if flags & v]
        left = flags & ~sum(v for v, n in _FLAG_NAMES)
        if left:
            names.append(hex(left))
        if not names:
            return "re.compile(%r)" % (self.pattern,)
        return "re.compile(%r, %s)" % (self.pattern, "|".join("re." + n for n in names))

    def __eq__(self, other):
        return (isinstance(other, Pattern) and self.pattern == other.pattern
                and self.flags == other.flags)

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def _check(self, string):
        if isinstance(string, str):
            if not self._str:
                raise TypeError("cannot use a bytes pattern on a string-like object")
        elif _bytes_like(string):
            if self._str:
                raise TypeError("cannot use a string pattern on a bytes-like object")
        else:
            raise TypeError("expected string or bytes-like object, got '%s'"
                            % type(string).__name__)

    def _exec(self, string, pos, endpos, mode):
        self._check(string)
        pos, endpos = _span_arg(pos, endpos)
        t = _re.exec(self._prog, string, pos, endpos, mode)
        if t is not None:
            return Match(self, string, pos, endpos, t)

    def search(self, string, pos=0, endpos=None):
        return self._exec(string, pos, endpos, 0)

    def match(self, string, pos=0, endpos=None):
        return self._exec(string, pos, endpos, 1)

    def fullmatch(self, string, pos=0, endpos=None):
        return self._exec(string, pos, endpos, 2)

    def findall(self, string, pos=0, endpos=None):
        self._check(string)
        pos, endpos = _span_arg(pos, endpos)
        return _re.findall(self._prog, string, pos, endpos)

    def finditer(self, string, pos=0, endpos=None):
        self._check(string)
        pos, endpos = _span_arg(pos, endpos)
        return self._iter(string, pos, endpos, _re.scan(self._prog, string, pos, endpos, 0))

    def _iter(self, string, pos, endpos, found):
        for o in range(0, len(found), self._size):
            yield Match(self, string, pos, endpos, found, o)

    def split(self, string, maxsplit=0):
        self._check(string)
        return _re.split(self._prog, string, maxsplit)

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def subn(self, repl, string, count=0):
        self._check(string)
        if callable(repl):
            return self._subcall(repl, string, count)
        if self._str:
            if not isinstance(repl, str):
                raise TypeError("decoding to str: need a bytes-like object, %s found"
                                % type(repl).__name__)
        elif not _bytes_like(repl):
            raise TypeError("expected a bytes-like object, %s found" % type(repl).__name__)
        return _re.subn(self._prog, string, count, _template(self, repl))

    def _subcall(self, repl, string, count):
        pieces = []
        last = 0
        empty = "" if self._str else b""
        kind = str if self._str else bytes
        n = 2 * (self.groups + 1) if self._str else 0
        endpos = len(string)
        found = _re.scan(self._prog, string, 0, None, count)
        for o in range(0, len(found), self._size):
            a, b = found[o + n + 1], found[o + n + 2]
            if last < a:
                pieces.append(_re.slice(string, last, a))
            r = repl(Match(self, string, 0, endpos, found, o))
            if r is not None:
                if not isinstance(r, kind) and not (kind is bytes and _bytes_like(r)):
                    raise TypeError("sequence item %d: expected %s, %s found" % (
                        len(pieces), "str instance" if self._str else "a bytes-like object",
                        type(r).__name__))
                pieces.append(r)
            last = b
        pieces.append(_re.slice(string, last, _MAXINT))
        return empty.join(pieces), len(found) // self._size


def _template(pattern, repl):
    # The template as literal parts and group numbers, the way CPython parses it.
    isbytes = not isinstance(repl, str)
    if isbytes:
        repl = "".join(chr(b) for b in repl)
    if "\\" not in repl:
        parts = [repl]
    else:
        parts = []
        lit = []
        i = 0
        n = len(repl)

        def fail(msg, pos):
            raise error(msg, repl if not isbytes else bytes(ord(c) for c in repl), pos)

        def group(index, pos):
            if index > pattern.groups:
                fail("invalid group reference %d" % index, pos)
            if lit:
                parts.append("".join(lit))
                del lit[:]
            parts.append(index)

        while i < n:
            c = repl[i]
            i += 1
            if c != "\\":
                lit.append(c)
                continue
            if i >= n:
                fail("bad escape (end of pattern)", i - 1)
            c = repl[i]
            i += 1
            start = i - 2
            if c == "g":
                if i >= n or repl[i] != "<":
                    fail("missing <", i)
                i += 1
                j = repl.find(">", i)
                if j < 0:
                    if i == n:
                        fail("missing group name", i)
                    fail("missing >, unterminated name", i)
                name = repl[i:j]
                if not name:
                    fail("missing group name", i)
                i = j + 1
                if _isidentifier(name):
                    if name not in pattern.groupindex:
                        raise IndexError("unknown group name '%s'" % name)
                    index = pattern.groupindex[name]
                else:
                    if not name.isdigit():
                        fail("bad character in group name '%s'" % name, j - len(name))
                    index = int(name)
                    if index >= 1 << 30:
                        fail("invalid group reference %d" % index, j - len(name))
                group(index, j - len(name))
            elif c == "0":
                k = i
                while k < n and k < i + 2 and repl[k] in "01234567":
                    k += 1
                lit.append(chr(int(repl[i - 1:k], 8) & 0xFF))
                i = k
            elif c in "0123456789":
                if i < n and repl[i] in "0123456789":
                    i += 1
                    if (c in "01234567" and repl[i - 1] in "01234567" and i < n
                            and repl[i] in "01234567"):
                        i += 1
                        v = int(repl[i - 3:i], 8)
                        if v > 0o377:
                            fail("octal escape value \\%s outside of range 0-0o377"
                                 % repl[i - 3:i], start)
                        lit.append(chr(v))
                        continue
                group(int(repl[start + 1:i]), start + 1)
            else:
                e = _ESCAPES.get(c)
                if e is not None:
                    lit.append(e)
                elif "a" <= c <= "z" or "A" <= c <= "Z":
                    fail("bad escape \\" + c, start)
                else:
                    lit.append("\\" + c)
        if lit:
            parts.append("".join(lit))
    if isbytes:
        parts = [p if isinstance(p, int) else bytes(ord(c) for c in p) for p in parts]
    return parts


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            "\\": "\\"}


def _isidentifier(name):
    if not name or name[0] in "0123456789":
        return False
    return _IDENT.fullmatch(name) is not None


class Match:
    # _t holds the match's items (see _re) from index _o.
    def __init__(self, pattern, string, pos, endpos, t, o=0):
        self.re = pattern
        self.string = string
        self._pos = pos
        self._endpos = endpos
        self._t = t
        self._o = o

    @property
    def pos(self):
        return min(max(self._pos, 0), len(self.string))

    @property
    def endpos(self):
        n = len(self.string)
        e = self._endpos
        return n if e is None or e > n else max(e, 0)

    @property
    def lastindex(self):
        i = self._t[self._o]
        return None if i < 0 else i

    @property
    def lastgroup(self):
        i = self._t[self._o]
        for name, index in self.re.groupindex.items():
            if index == i:
                return name
        return None

    @property
    def regs(self):
        return tuple(self.span(i) for i in range(self.re.groups + 1))

    def _index(self, g):
        if isinstance(g, int):
            if 0 <= g <= self.re.groups:
                return g
        elif isinstance(g, (str, bytes)):
            i = self.re.groupindex.get(g)
            if i is not None:
                return i
        raise IndexError("no such group")

    def _get(self, i, default=None):
        t = self._t
        k = self._o + 1 + 2 * i
        if t[k] < 0:
            return default
        if self.re._str:
            k += 2 * (self.re.groups + 1)
        return _re.slice(self.string, t[k], t[k + 1])

    def group(self, *args):
        if not args:
            return self._get(0)
        if len(args) == 1:
            return self._get(self._index(args[0]))
        return tuple(self._get(self._index(g)) for g in args)

    def __getitem__(self, g):
        return self._get(self._index(g))

    def groups(self, default=None):
        return tuple(self._get(i, default) for i in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._get(i, default) for name, i in self.re.groupindex.items()}

    def start(self, group=0):
        return self._t[self._o + 1 + 2 * self._index(group)]

    def end(self, group=0):
        return self._t[self._o + 2 + 2 * self._index(group)]

    def span(self, group=0):
        k = self._o + 1 + 2 * self._index(group)
        return self._t[k], self._t[k + 1]

    def expand(self, template):
        if not isinstance(template, str) and not _bytes_like(template):
            raise TypeError("expected str or bytes-like object")
        parts = _template(self.re, template)
        empty = "" if self.re._str else b""
        out = []
        for p in parts:
            if isinstance(p, int):
                g = self._get(p)
                if g is not None:
                    out.append(g)
            else:
                out.append(p)
        return empty.join(out)

    def __repr__(self):
        return "<re.Match object; span=(%d, %d), match=%r>" % (self.span() + (self.group(),))


_cache = {}
_MAXCACHE = 512


def _compile(pattern, flags):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    key = (type(pattern), pattern, flags)
    p = _cache.get(key)
    if p is None:
        if not isinstance(pattern, (str, bytes)):
            raise TypeError("first argument must be string or compiled pattern")
        p = Pattern(pattern, flags)
        if len(_cache) >= _MAXCACHE:
            _cache.clear()
        _cache[key] = p
    return p


def compile(pattern, flags=0):
    return _compile(pattern, flags)


def search(pattern, string, flags=0):
    return _compile(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return _compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return _compile(pattern, flags).fullmatch(string)


def findall(pattern, string, flags=0):
    return _compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return _compile(pattern, flags).finditer(string)


def split(pattern, string, maxsplit=0, flags=0):
    return _compile(pattern, flags).split(string, maxsplit)


def sub(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).subn(repl, string, count)


def purge():
    _cache.clear()


_SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f"


def escape(pattern):
    if isinstance(pattern, str):
        return "".join("\\" + c if c in _SPECIAL else c for c in pattern)
    out = bytearray()
    for b in pattern:
        if chr(b) in _SPECIAL:
            out.append(92)
        out.append(b)
    return bytes(out)


_IDENT = Pattern(r"\w+", 0)
