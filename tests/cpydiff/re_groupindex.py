# README row: `re` `Pattern.groupindex`
# upy: dict
# cpython: mappingproxy
import re
print(type(re.compile("(?P<a>x)").groupindex).__name__)
