"""Type stubs for `from extism_pdk import host` in extism-upy plug-ins."""

from typing import Any, Callable, Dict, Optional, TypeVar, Union

F = TypeVar("F", bound=Callable[..., Any])

def plugin_fn(fn: F) -> F:
    """Marks `fn` as an export. When any function is marked, only marked functions are
    exported; otherwise every public function of the plug-in's file is."""

class Host:
    @staticmethod
    def get_input() -> bytes: ...
    @staticmethod
    def get_input_string() -> str:
        """The input as text; UnicodeError if it is not UTF-8."""
    @staticmethod
    def get_input_json() -> Any: ...
    @staticmethod
    def set_output(data: Union[bytes, str]) -> None: ...
    @staticmethod
    def set_output_string(data: str) -> None: ...
    @staticmethod
    def set_output_json(data: Any) -> None: ...
    @staticmethod
    def set_error(message: str) -> None:
        """Fails the call with `message` once the function returns."""
    @staticmethod
    def get_config(key: str) -> Optional[str]: ...
    @staticmethod
    def get_var(key: str) -> Optional[str]: ...
    @staticmethod
    def set_var(key: str, value: Union[str, bytes, None]) -> bool: ...
    @staticmethod
    def http_request(
        url: str,
        method: str = "GET",
        headers: Optional[Dict[str, str]] = None,
        body: Optional[Union[str, bytes]] = None,
    ) -> Dict[str, Any]:
        """{"status": int, "body": str, "headers": {lower-case name: value}}"""
    @staticmethod
    def log_debug(message: str) -> None: ...
    @staticmethod
    def log_info(message: str) -> None: ...
    @staticmethod
    def log_warn(message: str) -> None: ...
    @staticmethod
    def log_error(message: str) -> None: ...

host: Host
