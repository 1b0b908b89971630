# Shallow and deep copies. MicroPython has no __reduce_ex__: other objects are rebuilt from
# their class (object.__new__, or an empty list/dict/set subclass), __dict__ and items;
# __copy__ and __deepcopy__ take precedence.


class Error(Exception):
    pass


_atomic = (
    type(None),
    int,
    float,
    bool,
    complex,
    str,
    bytes,
    type,
    range,
    type(len),
    type(lambda: 0),
    type([].append),
)


def _rebuild(x, conv, memo):
    cls = type(x)
    if isinstance(x, tuple):
        return cls(*[conv(v) for v in x])
    y = cls() if isinstance(x, (list, dict, set)) else object.__new__(cls)
    memo[id(x)] = y
    for k, v in x.__dict__.items():
        object.__setattr__(y, k, conv(v))
    if isinstance(x, list):
        y.extend(conv(v) for v in x)
    elif isinstance(x, dict):
        for k, v in x.items():
            y[conv(k)] = conv(v)
    elif isinstance(x, set):
        for v in x:
            y.add(conv(v))
    return y


def copy(x):
    cls = type(x)
    if cls in _atomic or cls in (tuple, frozenset):
        return x
    if cls in (list, dict, set, bytearray):
        return cls(x)
    f = getattr(x, "__copy__", None)
    if f is not None:
        return f()
    return _rebuild(x, lambda v: v, {})


def deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    i = id(x)
    if i in memo:
        return memo[i]
    cls = type(x)
    if cls in _atomic:
        return x
    f = getattr(x, "__deepcopy__", None)
    if f is not None:
        y = f(memo)
    elif cls is list:
        y = memo[i] = []
        y.extend(deepcopy(v, memo) for v in x)
    elif cls is dict:
        y = memo[i] = {}
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls in (set, frozenset, bytearray):
        y = cls(deepcopy(v, memo) for v in x)
    elif cls is tuple:
        y = tuple(deepcopy(v, memo) for v in x)
        if i in memo:
            return memo[i]
        if all(a is b for a, b in zip(y, x)):
            y = x
    else:
        y = _rebuild(x, lambda v: deepcopy(v, memo), memo)
    memo[i] = y
    if y is not x:
        # Keeps x alive so that its id is not reused while memo is in use.
        memo.setdefault(id(memo), []).append(x)
    return y
