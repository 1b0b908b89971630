# The plug-in the native fuzz targets call (fuzz/src/lib.rs builds it). Each export checks
# one property and raises AssertionError when it fails; the targets turn any error but the
# expected ones into a crash.
import gc
import json

import _upy
from dataclasses import dataclass
from enum import Enum

import extism
from extism_pdk import host


def _collect():
    # gc.collect() only asks for a collection; it runs at the next backward jump of this
    # (the call's outermost) frame, while the values this call made are still live.
    gc.collect()
    for _ in range(2):
        pass


def _round_trip(value, text):
    again = json.loads(text)
    if "NaN" not in text:  # NaN != NaN
        assert again == value, (value, again)
    return again


@extism.plugin_fn
def json_codec():
    data = extism.input_bytes()
    # Odd-length inputs run with a collection at every safe point (the loops below), so that
    # a parsed value the collector cannot see is freed under the checks.
    _upy.gc_torture(len(data) % 2 == 1)
    try:
        value = json.loads(data)
    except ValueError:  # UnicodeError included
        return
    _collect()
    try:
        text = json.dumps(value)
    except RuntimeError as e:  # nesting past CPython's recursion limit
        assert "recursion" in str(e), e
        return
    again = _round_trip(value, text)
    assert json.dumps(again) == text, (text, json.dumps(again))
    for options in (
        {"indent": 2},
        {"sort_keys": True},
        {"ensure_ascii": False},
        {"separators": (",", ":")},
        {"indent": "\t", "sort_keys": True, "ensure_ascii": False},
    ):
        _round_trip(value, json.dumps(value, **options))
    _collect()
    assert json.dumps(value) == text
    extism.output_str(text)


@extism.plugin_fn
def io_bytes():
    data = extism.input_bytes()
    _collect()
    extism.output_bytes(data)


@extism.plugin_fn
def io_str():
    text = extism.input_str()
    _collect()
    assert len(text.encode()) == len(extism.input_bytes())
    extism.output_str(text)


@extism.plugin_fn
def io_json():
    value = extism.input_json()
    _collect()
    extism.output_json(value)
    _round_trip(value, json.dumps(value))


@extism.plugin_fn
def io_dict():
    value = extism.input_json(dict)
    extism.output(value)


@dataclass
class Point:
    x: int
    y: int = 0


class Color(Enum):
    RED = 1
    GREEN = "green"
    NONE = None


@extism.plugin_fn
def io_typed():
    point = extism.input(Point)
    _collect()
    extism.output_json(point)


@extism.plugin_fn
def io_enum():
    color = extism.input(Color)
    extism.output(color)


@extism.plugin_fn
def io_codec():
    value = extism.input(extism.Json)
    extism.output(value)


@extism.plugin_fn
def seed_json():
    value = host.get_input_json()
    _collect()
    host.set_output_json(value)


@extism.plugin_fn
def seed_str():
    host.set_output_string(host.get_input_string())
