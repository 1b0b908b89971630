"""Type stubs for `import extism` in extism-upy plug-ins (the official Python PDK's API).

Point your editor at this folder (see the README) so that it knows the module; the real
module is frozen into plug-ins by `extism-upy build`.
"""

from typing import Any, Callable, Dict, List, Optional, Type, TypeVar, Union

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

class LogLevel:
    name: str
    value: int
    Trace: LogLevel
    Debug: LogLevel
    Info: LogLevel
    Warn: LogLevel
    Error: LogLevel

def log(level: LogLevel, msg: Union[str, bytes, Any]) -> None: ...
def input_bytes() -> bytes: ...
def input_str() -> str:
    """The input as text; UnicodeError if it is not UTF-8."""
def input_json(t: Optional[Type[T]] = None) -> Any:
    """The input parsed as JSON; with a class `t`, `t(**object)`."""
def input(t: Optional[Type[T]] = None) -> Any:
    """The input as `t`: bytes (default), str, dict/list (JSON), an Enum (by value), a Codec
    subclass (its `decode`) or a dataclass (from a JSON object)."""
def output_bytes(result: bytes) -> None: ...
def output_str(result: str) -> None: ...
def output_json(x: Any) -> None:
    """Sets the output to `x` as JSON (objects by their fields, Enum members by value)."""
def output(x: Any = None) -> None:
    """str and bytes as they are, a Codec by its `encode`, anything else as JSON."""

class Codec:
    value: Any
    def __init__(self, value: Any = None) -> None: ...
    def encode(self) -> bytes: ...
    @classmethod
    def decode(cls: Type[T], data: bytes) -> T: ...

class Json(Codec):
    """Sent and received as JSON; dataclasses that subclass it encode their fields."""

def plugin_fn(func: F) -> F:
    """Exports `func` to the host under its name. When any function is marked, only marked
    functions are exported; otherwise every public function of the plug-in's file is."""
def shared_fn(func: F) -> F:
    """Exports `func` to other wasm modules: i64 parameters and result; str, bytes, dict
    and list values travel in Extism memory, converted by the annotations."""
def import_fn(module: str, name: str) -> Callable[[F], F]:
    """Declares host function `module.name`, described by the decorated function's
    parameters and return annotation (no annotation: no result)."""

class Var:
    @staticmethod
    def get_bytes(key: str) -> Optional[bytes]: ...
    @staticmethod
    def get_str(key: str) -> Optional[str]: ...
    @staticmethod
    def get_json(key: str) -> Any: ...
    @staticmethod
    def set(key: str, value: Union[bytes, str]) -> None: ...

class Config:
    @staticmethod
    def get_str(key: str) -> Optional[str]: ...
    @staticmethod
    def get(key: str) -> Optional[str]: ...
    @staticmethod
    def get_json(key: str) -> Any: ...

class HttpRequest:
    url: str
    method: Optional[str]
    headers: Optional[Dict[str, str]]
    def __init__(
        self, url: str, method: Optional[str] = None, headers: Optional[Dict[str, str]] = None
    ) -> None: ...

class HttpResponse:
    @property
    def status_code(self) -> int: ...
    def data_bytes(self) -> bytes: ...
    def data_str(self) -> str: ...
    def data_json(self) -> Any: ...
    def headers(self) -> Dict[str, str]:
        """Response headers, names in lower case (the host must allow response headers)."""

class Http:
    @staticmethod
    def request(
        url: Union[str, HttpRequest],
        meth: str = "GET",
        body: Optional[Union[bytes, str]] = None,
        headers: Optional[Dict[str, str]] = None,
    ) -> HttpResponse:
        """An HTTP request through the host (only to the manifest's `allowed_hosts`)."""

class MemoryHandle:
    offset: int
    length: int
    def __init__(self, offset: int, length: int) -> None: ...

class memory:
    @staticmethod
    def alloc(data: Union[bytes, str]) -> MemoryHandle: ...
    @staticmethod
    def find(offset: int) -> Optional[MemoryHandle]: ...
    @staticmethod
    def bytes(handle: MemoryHandle) -> bytes: ...
    @staticmethod
    def string(handle: MemoryHandle) -> str: ...
    @staticmethod
    def free(handle: MemoryHandle) -> None: ...
