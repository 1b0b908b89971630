# json.dumps and json.loads on plain data, as CPython prints them.
import json

values = [
    None, True, False, 0, -1, 2**31, 2**64 + 1, -(10**30),
    0.0, -0.0, 1.5, 0.1, 1e16, 1e-7, 123456789.125, 1e308, 2.5e-05,
    "", "plain", "quote \" backslash \\ slash /", "tab\tnew\nline\rcr\x08\x0c",
    "\x00\x01\x1f\x7f", "é ü ñ", "日本語", "emoji 😀", "\u2028\u2029",
    [], [1, [2, [3, []]]], {}, {"k": "v"}, {"nested": {"list": [1, {"x": None}]}},
]
for v in values:
    print(json.dumps(v))
    print(json.dumps(v, ensure_ascii=False))
    assert json.loads(json.dumps(v)) == v

doc = {"b": [1, 2, {"c": "d"}], "a": "é", "z": None, "n": 1.25}
print(json.dumps(doc, sort_keys=True))
print(json.dumps(doc, sort_keys=True, indent=2))
print(json.dumps(doc, sort_keys=True, indent="\t", ensure_ascii=False))
print(json.dumps(doc, sort_keys=True, separators=(",", ":")))
print(json.dumps([1, [], {}, [2]], indent=1))
print(json.dumps({1: "int key", 2.5: "float", True: "bool", None: "none"}, sort_keys=False)
      == json.dumps({1: "int key", 2.5: "float", True: "bool", None: "none"}))
print(json.dumps({"1": 1}), json.dumps({7: 1}), json.dumps({None: 1}))
print(json.dumps(float("inf")), json.dumps(float("-inf")), json.dumps(float("nan")))

texts = [
    '{"a": [1, 2.5, -3e2, 1E-3, true, false, null], "b": {"c": "\\u00e9\\n\\ud83d\\ude00"}}',
    '  [ 1 , 2 ]  ', '"\\/\\b\\f\\n\\r\\t\\"\\\\"', '123456789012345678901234567890', '-0', '-0.0',
    '1.0', '0.5e1', '{"dup": 1, "dup": 2}', '[[[[[]]]]]', 'NaN', '-Infinity',
]
for t in texts:
    v = json.loads(t)
    # repr() of a str escapes non-ASCII in MicroPython: print structure through dumps.
    print(type(v).__name__, repr(v) if isinstance(v, (int, float)) else json.dumps(v, ensure_ascii=False))
print(json.loads(texts[0])["b"]["c"])

bad = ['', '[', '[1,]', '{"a" 1}', '{"a": 1,}', '{1: 2}', '"unterminated', '[1] x', 'tru',
       '"\\x"', '"\\u12"', '01', '"a\nb"', '[1, 2', '{"a": }', '   ', '[-]']
for t in bad:
    try:
        json.loads(t)
        print("accepted", repr(t))
    except ValueError as e:
        print(str(e))

try:
    json.dumps({"s": {1, 2}})
except TypeError as e:
    print("TypeError", e)
print(json.dumps([1, {"x": object}], default=lambda o: "custom"))
