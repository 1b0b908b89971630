# String constants, capwords and Template. (py/modstring.c only exists with t-strings, which
# this build does not enable, so there is no built-in `string` to extend.)
ascii_lowercase = "abcdefghijklmnopqrstuvwxyz"
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ascii_letters = ascii_lowercase + ascii_uppercase
digits = "0123456789"
hexdigits = digits + "abcdefABCDEF"
octdigits = "01234567"
punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
whitespace = " \t\n\r\x0b\x0c"
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or " ").join(w[:1].upper() + w[1:].lower() for w in s.split(sep))


def _is_id_char(c, first):
    return c == "_" or "a" <= c.lower() <= "z" or (not first and "0" <= c <= "9")


class Template:
    delimiter = "$"

    def __init__(self, template):
        self.template = template

    def _scan(self, on_name, on_invalid):
        # Yields the text with each placeholder replaced by on_name(name).
        t, d = self.template, self.delimiter
        out = []
        i = 0
        while True:
            j = t.find(d, i)
            if j < 0:
                out.append(t[i:])
                return "".join(out)
            out.append(t[i:j])
            k = j + len(d)
            if t.startswith(d, k):
                out.append(d)
                i = k + len(d)
                continue
            braced = t[k : k + 1] == "{"
            s = k + braced
            e = s
            while e < len(t) and _is_id_char(t[e], e == s):
                e += 1
            if e == s or braced and t[e : e + 1] != "}":
                out.append(on_invalid(j))
                i = k
                continue
            out.append(on_name(t[s:e], t[j : e + braced]))
            i = e + braced

    def _invalid(self, j):
        lines = self.template[:j].split("\n")
        raise ValueError(
            "Invalid placeholder in string: line %d, col %d" % (len(lines), len(lines[-1]) + 1)
        )

    def substitute(self, mapping=None, **kws):
        m = _merge(mapping, kws)
        return self._scan(lambda n, raw: str(m[n]), self._invalid)

    def safe_substitute(self, mapping=None, **kws):
        m = _merge(mapping, kws)
        d = self.delimiter
        return self._scan(lambda n, raw: str(m[n]) if n in m else raw, lambda j: d)

    def get_identifiers(self):
        ids = []
        self._scan(lambda n, raw: n in ids or ids.append(n) or "", lambda j: "")
        return ids

    def is_valid(self):
        try:
            self._scan(lambda n, raw: "", self._invalid)
        except ValueError:
            return False
        return True


def _merge(mapping, kws):
    if not kws:
        return mapping or {}
    if not mapping:
        return kws
    m = dict(mapping.items())
    m.update(kws)
    return m
