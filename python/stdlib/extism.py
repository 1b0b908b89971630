# `import extism`: the API of Extism's official Python PDK, so that its plug-ins build
# unchanged. A thin layer over the native `_extism_pdk` (src/modules/extism_pdk.rs).
import _extism_pdk as _native
import builtins as _builtins
import json


class LogLevel:
    """Log levels for `log` (an Enum in the official PDK: `.name`, `.value`)."""

    def __init__(self, name, value):
        self.name = name
        self.value = value

    def __repr__(self):
        return "<LogLevel." + self.name + ": " + str(self.value) + ">"

    def __str__(self):
        return "LogLevel." + self.name


LogLevel.Trace = LogLevel("Trace", 0)
LogLevel.Debug = LogLevel("Debug", 1)
LogLevel.Info = LogLevel("Info", 2)
LogLevel.Warn = LogLevel("Warn", 3)
LogLevel.Error = LogLevel("Error", 4)


def log(level, msg):
    if not isinstance(msg, (str, bytes)):
        msg = str(msg)
    _native.log(level.value, msg)


input_bytes = _native.input
input_str = _native.input_str


def output_bytes(result):
    _native.output(result)


def output_str(result):
    _native.output(result)


class Codec:
    """A value with its own encoding (`encode() -> bytes`, `decode(bytes)`)."""

    def __init__(self, value=None):
        self.value = value

    def encode(self):
        raise NotImplementedError("encode")

    @classmethod
    def decode(cls, data):
        raise NotImplementedError("decode")


class Json(Codec):
    """A value sent and received as JSON; dataclasses that subclass it encode their fields."""

    def encode(self):
        return _dumps(self.value if type(self).__init__ is Json.__init__ else self).encode()

    @classmethod
    def decode(cls, data):
        value = json.loads(data)
        if cls is Json:
            return Json(value)
        if isinstance(value, dict) and _is_dataclass(cls):
            return cls(**value)
        return cls(value)


def _is_dataclass(t):
    return hasattr(t, "__dataclass_fields__")


def _plain(x):
    # Objects become JSON through their fields, as the official PDK does.
    if hasattr(x, "__dataclass_fields__"):
        return {name: getattr(x, name) for name in x.__dataclass_fields__}
    if hasattr(x, "value") and hasattr(x, "name") and type(x).__name__ != "dict":
        return x.value  # an Enum member
    if hasattr(x, "__dict__"):
        return x.__dict__
    raise TypeError("Object of type " + type(x).__name__ + " is not JSON serializable")


def _dumps(x):
    return json.dumps(x, default=_plain)


def input_json(t=None):
    value = json.loads(_native.input())
    if t is int or t is float:
        return t(value)  # python-pdk's: the JSON may be a number or a string of one
    if t is None or t in (dict, list) or not isinstance(value, dict):
        return value
    return t(**value)


def output_json(x):
    if isinstance(x, (bool, int, float)):
        # python-pdk writes a number as a JSON string of its str()
        _native.output(json.dumps(str(x)))
        return
    _native.output(_dumps(x))


def _is_enum(t):
    return isinstance(t, type) and hasattr(t, "__members__")


def input(t=None):
    """The input as `t`: bytes (also when `t` is None), str, dict/list (JSON), an Enum (by
    value), a Codec subclass (its `decode`) or a dataclass (from a JSON object)."""
    if t is None or t is bytes:
        return _native.input()
    if t is str:
        return _native.input_str()
    if t in (dict, list, int, float, bool):
        return json.loads(_native.input())
    if isinstance(t, type) and issubclass(t, Codec):
        return t.decode(_native.input())
    if _is_enum(t):
        return t(json.loads(_native.input()))
    return input_json(t)


def output(x=None):
    """Sets the output from `x`: str and bytes as they are, a Codec by its `encode`, anything
    else as JSON (objects by their fields, Enum members by value). None sets nothing."""
    if x is None:
        return
    if isinstance(x, (str, bytes)):
        _native.output(x)
    elif isinstance(x, Codec):
        _native.output(x.encode())
    else:
        _native.output(_dumps(x))


class Var:
    """Plug-in variables: kept by the host between calls of one plug-in instance."""

    @staticmethod
    def get_bytes(key):
        return _native.var_get(key)

    @staticmethod
    def get_str(key):
        value = _native.var_get(key)
        return None if value is None else value.decode()

    @staticmethod
    def get_json(key):
        value = _native.var_get(key)
        return None if value is None else json.loads(value)

    @staticmethod
    def set(key, value):
        _native.var_set(key, value)


class Config:
    """The host's configuration for this plug-in (read-only)."""

    @staticmethod
    def get_str(key):
        value = _native.config_get(key)
        return None if value is None else value.decode()

    get = get_str

    @staticmethod
    def get_json(key):
        value = _native.config_get(key)
        return None if value is None else json.loads(value)


class HttpRequest:
    def __init__(self, url, method=None, headers=None):
        self.url = url
        self.method = method
        self.headers = headers


class HttpResponse:
    def __init__(self, status, data, headers):
        self._status = status
        self._data = data
        self._headers = headers

    @property
    def status_code(self):
        return self._status

    def data_bytes(self):
        return self._data

    def data_str(self):
        return self._data.decode()

    def data_json(self):
        return json.loads(self._data)

    def headers(self):
        return self._headers


class Http:
    @staticmethod
    def request(url, meth="GET", body=None, headers=None):
        if isinstance(url, HttpRequest):
            url, meth, headers = url.url, url.method or meth, url.headers or headers
        status, data, response_headers = _native.http_request(url, meth, headers, body)
        # Header names are case-insensitive; the dict uses lower case, as HTTP/2 does.
        return HttpResponse(
            status, data, {name.lower(): value for name, value in response_headers.items()}
        )


class MemoryHandle:
    """A block of Extism memory (host-owned, outside the plug-in's own memory)."""

    def __init__(self, offset, length):
        self.offset = offset
        self.length = length

    def __repr__(self):
        return "MemoryHandle(offset=" + str(self.offset) + ", length=" + str(self.length) + ")"


class memory:
    @staticmethod
    def alloc(data):
        if isinstance(data, str):
            data = data.encode()
        return MemoryHandle(_native.mem_alloc(data), len(data))

    @staticmethod
    def find(offset):
        length = _native.mem_length(offset)
        return MemoryHandle(offset, length) if length else None

    @staticmethod
    def bytes(handle):
        return _native.mem_load(handle.offset)

    @staticmethod
    def string(handle):
        return _native.mem_load(handle.offset).decode()

    @staticmethod
    def free(handle):
        _native.mem_free(handle.offset)


def _to_host(x, blocks):
    # A value for a host function or a shared export's caller: an int as it is, anything
    # else in a new Extism memory block (whose offset is passed).
    if isinstance(x, bool) or isinstance(x, int):
        return int(x)
    if isinstance(x, MemoryHandle):
        return x.offset
    if isinstance(x, str):
        data = x.encode()
    elif isinstance(x, bytes):
        data = x
    elif isinstance(x, Codec):
        data = x.encode()
    else:
        data = _dumps(x).encode()
    offset = _native.mem_alloc(data)
    blocks.append(offset)
    return offset


def _from_host(t, value):
    # A host function's result (or a shared export's argument) as annotation `t` says.
    if t is None or t is int or t is type(None):
        return value
    if t is MemoryHandle:
        return memory.find(value)
    if not value or not _native.mem_length(value):
        return None
    data = _native.mem_load(value)
    if t is bytes:
        return data
    if t is str:
        return data.decode()
    if isinstance(t, type) and issubclass(t, Codec):
        return t.decode(data)
    value = json.loads(data)
    if _is_dataclass(t) and isinstance(value, dict):
        return t(**value)
    return value


def _hints(func):
    # The function's annotations as types: under `from __future__ import annotations` they
    # are strings, resolved here as names (dotted ones too) in the function's module, then
    # builtins; what does not resolve stays a string.
    hints = {}
    scope = func.__globals__
    for key, t in func.__annotations__.items():
        if t == "None":
            t = None
        elif isinstance(t, str):
            parts = t.split(".")
            found = scope.get(parts[0], getattr(_builtins, parts[0], None))
            for part in parts[1:]:
                found = getattr(found, part, None)
            t = t if found is None else found
        hints[key] = t
    return hints


def import_fn(module, name):
    """Declares host function `module.name`: the decorated function's signature (its
    parameter count and return annotation) describes it; its body is not used."""

    def decorate(func):
        annotations = _hints(func)
        returns = annotations.get("return")
        n = len(_native.params(func))
        index = _native.declare_import(module, name, n, returns is not None)

        def call(*args):
            blocks = []
            try:
                result = _native.call_host(index, *[_to_host(a, blocks) for a in args])
            finally:
                for offset in blocks:
                    _native.mem_free(offset)
            return None if returns is None else _from_host(returns, result)

        return call

    return decorate


def plugin_fn(func):
    """Exports `func` to the host, under its name."""
    _native.export(func.__name__, func, -1)
    return func


def shared_fn(func):
    """Exports `func` to other wasm modules: each parameter arrives as an i64 (an int, or the
    offset of an Extism memory block decoded by the parameter's annotation; unannotated, a
    MemoryHandle, as in python-pdk) and the result goes back the same way. Without a return
    annotation the export has no result."""
    annotations = _hints(func)
    params = [annotations.get(name, MemoryHandle) for name in _native.params(func)]
    has_result = "return" in annotations

    def export(*args):
        values = [_from_host(t, a) for t, a in zip(params, args)]
        result = func(*values)
        if result is None or not has_result:
            return 0
        return _to_host(result, [])

    _native.export(func.__name__, export, len(params), has_result)
    return func
