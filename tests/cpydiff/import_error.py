# README row: `ImportError` message
# upy: no module named 'no_such_module'
# cpython: No module named 'no_such_module'
try:
    import no_such_module
except ImportError as e:
    print(e)
