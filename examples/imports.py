# Calls the shared functions of examples/imports_example.py, linked in the same manifest as
# module "example": each import_fn's signature declares the host function it stands for.
import extism


@extism.import_fn("example", "announce")
def announce():
    pass


@extism.import_fn("example", "shout")
def shout(text: str) -> str:
    pass


@extism.import_fn("example", "tally")
def tally(counts: dict) -> dict:
    pass


@extism.plugin_fn
def count_vowels():
    text = shout(extism.input_str())
    announce()
    count = sum(1 for ch in text if ch in "AEIOU")
    extism.output(tally({"count": count}))
