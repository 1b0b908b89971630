# `from __future__ import ...` must import; these features are always on (or not offered) here.
nested_scopes = generators = division = absolute_import = True
with_statement = print_function = unicode_literals = generator_stop = annotations = True
