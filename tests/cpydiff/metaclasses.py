# README row: metaclasses, `__init_subclass__`
# upy: TypeError function doesn't take keyword arguments
# upy: []
# cpython: True
# cpython: ['Sub']
class Meta(type):
    pass
try:
    class A(metaclass=Meta):
        pass
    print(type(A) is Meta)
except Exception as e:
    print(type(e).__name__, e)
seen = []
class Base:
    def __init_subclass__(cls, **kw):
        seen.append(cls.__name__)
class Sub(Base):
    pass
print(seen)
