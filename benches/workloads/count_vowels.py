# Count vowels over 1 MiB of text (the text is made once, outside the timed call), in the
# style of examples/count_vowels.py.
VOWELS = "aeiouAEIOU"
_WORDS = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()


def _make(size):
    parts = []
    n = 0
    i = 0
    while n < size:
        w = _WORDS[i % len(_WORDS)]
        parts.append(w)
        n += len(w) + 1
        i += 1
    return " ".join(parts)[:size]


TEXT = _make(1 << 20)


def bench():
    return sum(1 for ch in TEXT if ch in VOWELS)
