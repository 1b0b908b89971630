# The seed's Python API: `from extism_pdk import host`, then host.get_input_string() & co.
# Each method is a thin layer over the native `_extism_pdk` module (src/modules/extism_pdk.rs).
import _extism_pdk as _native
import json as _json

def plugin_fn(fn):
    """Marks `fn` as an export of the plug-in. When any function is marked, only marked
    functions are exported; otherwise every public function of the plug-in's file is."""
    _native.export(fn.__name__, fn, -1)
    return fn


def _get_config(key):
    value = _native.config_get(key)
    return None if value is None else value.decode()


def _get_var(key):
    value = _native.var_get(key)
    return None if value is None else value.decode()


def _set_var(key, value):
    _native.var_set(key, value)
    return True


def _http_request(url, method="GET", headers=None, body=None):
    status, data, response_headers = _native.http_request(url, method, headers, body)
    # Header names are case-insensitive; the dict uses lower case, as HTTP/2 does.
    headers = {name.lower(): value for name, value in response_headers.items()}
    return {"status": status, "body": data.decode(), "headers": headers}


class Host:
    """The Extism host, as the seed's API describes it."""

    get_input = staticmethod(_native.input)
    get_input_string = staticmethod(_native.input_str)
    set_output = staticmethod(_native.output)
    set_output_string = staticmethod(_native.output)
    set_error = staticmethod(_native.set_error)
    get_config = staticmethod(_get_config)
    get_var = staticmethod(_get_var)
    set_var = staticmethod(_set_var)
    http_request = staticmethod(_http_request)

    @staticmethod
    def get_input_json():
        return _json.loads(_native.input())

    @staticmethod
    def set_output_json(data):
        _native.output(_json.dumps(data))

    @staticmethod
    def log_debug(message):
        _native.log(1, message)

    @staticmethod
    def log_info(message):
        _native.log(2, message)

    @staticmethod
    def log_warn(message):
        _native.log(3, message)

    @staticmethod
    def log_error(message):
        _native.log(4, message)


host = Host()
