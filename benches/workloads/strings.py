# String building: concatenation in a loop, join of formatted parts (%-format, f-strings,
# str.format), slicing and the common str methods.
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
         "india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa"]


def bench():
    total = 0
    for i in range(600):
        parts = []
        for j, w in enumerate(WORDS):
            parts.append("%s-%d" % (w, i + j))
        line = ",".join(parts)
        acc = ""
        for w in WORDS:
            acc += w.upper() + ";"
        label = f"{i:05d}:{line[:12]}|{acc[-8:]}"
        other = "{}/{}".format(len(line), acc.lower().count("a"))
        fields = line.replace("-", " ").split(",")
        total += len(line) + len(acc) + len(label) + len(other) + len(fields)
        total += line.find("kilo") + (1 if line.startswith("alpha") else 0)
        total += len(" ".join(reversed(fields)).strip())
    return total
