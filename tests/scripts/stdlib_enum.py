# enum (python/stdlib/enum.py), printed so CPython can check it. Not used here, as they differ:
# Color[name] and len(Color) (use __members__), repr(Color), int-valued members written out of
# value order without _order_.
from enum import Enum, Flag, IntEnum, IntFlag, StrEnum, auto, unique


class Color(Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"

    def describe(self):
        return self.name.lower() + "!"

    @classmethod
    def default(cls):
        return cls.GREEN

    @property
    def shout(self):
        return self.value.upper()


print(list(Color))
print([c.name for c in Color], [c.value for c in Color])
print(repr(Color.RED), str(Color.RED), f"{Color.BLUE}", "%s" % Color.GREEN)
print(Color("blue"), Color(Color.RED), Color.__members__["GREEN"], list(Color.__members__))
print(Color.RED.describe(), Color.default(), Color.BLUE.shout)
print(isinstance(Color.RED, Color), isinstance(Color.RED, Enum), type(Color.RED) is Color)
print(
    Color.RED == Color.RED, Color.RED != Color.BLUE, Color.RED == "red", Color.RED is Color("red")
)
print(Color.RED in Color, list(reversed(Color)), sorted(c.value for c in Color))
print({Color.RED: 1, Color.BLUE: 2}[Color.BLUE], len(Color.__members__), Color._member_names_)
print(Color.RED.name, Color.RED.value, Color.RED._name_, Color.RED._value_)
try:
    Color("purple")
except ValueError as e:
    print("ValueError", e)
try:
    Color.RED.value = 3
except AttributeError:
    print("AttributeError")


class Number(IntEnum):
    ONE = 1
    TWO = 2
    THREE = 3


print(list(Number), repr(Number.TWO), str(Number.TWO), f"{Number.THREE}")
print(Number.ONE == 1, Number.TWO + 1, Number.ONE + Number.TWO, 10 - Number.THREE, Number.TWO * 3)
print(
    Number.ONE < Number.TWO, Number.THREE >= 2, Number(2), max(Number), sorted(Number, reverse=True)
)
print(
    isinstance(Number.ONE, int),
    [10, 20, 30][Number.ONE],
    hash(Number.TWO) == hash(2),
    int(Number.THREE),
)


class Priority(IntEnum):
    HIGH = 3
    LOW = 1
    MEDIUM = 2
    _order_ = "HIGH LOW MEDIUM"


print(list(Priority), Priority(1), "_order_" in Priority.__dict__)


class Weekday(Enum):
    MONDAY = auto()
    TUESDAY = auto()
    WEDNESDAY = auto()


print([(d.name, d.value) for d in Weekday])


class Mixed(Enum):
    FIRST = 10
    SECOND = auto()


print([(m.name, m.value) for m in Mixed])


class Shape(Enum):
    SQUARE = 2
    ALIAS_OF_SQUARE = 2
    CIRCLE = 3


print(
    list(Shape),
    Shape.ALIAS_OF_SQUARE,
    Shape.ALIAS_OF_SQUARE is Shape.SQUARE,
    list(Shape.__members__),
)
try:
    unique(Shape)
except ValueError as e:
    print("ValueError", e)
print(unique(Color) is Color)


class Mood(StrEnum):
    HAPPY = auto()
    SAD = "down"


print(list(Mood), repr(Mood.HAPPY), str(Mood.SAD), Mood.HAPPY == "happy", Mood.SAD.upper())


class Letter(str, Enum):
    ALPHA = "a"
    BETA = "b"


print(repr(Letter.ALPHA), str(Letter.BETA), Letter.ALPHA == "a", Letter("b"))


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius


print(Planet.EARTH.mass, Planet.MERCURY.radius, Planet((5.976e24, 6.37814e6)))


class Lenient(Enum):
    DEFAULT = 0
    OTHER = 1

    @classmethod
    def _missing_(cls, value):
        return cls.DEFAULT


print(Lenient(42), Lenient(1))


class Base(Enum):
    def label(self):
        return "<" + self.name + ">"


class Child(Base):
    ONLY = 1


print(Child.ONLY.label(), list(Child))
try:

    class Extended(Color):
        PINK = "pink"

except TypeError:
    print("TypeError: cannot extend")


class Perm(Flag):
    X = auto()
    W = auto()
    R = auto()
    RWX = 7


print(list(Perm), [p.value for p in Perm])
print(repr(Perm.R | Perm.W), str(Perm.R | Perm.X), repr(Perm(0)), str(Perm(0)), repr(Perm.RWX))
print(list(Perm.RWX), len(Perm.R | Perm.W), Perm.R in (Perm.R | Perm.W), Perm.X in Perm.W)
print(repr(~Perm.R), repr(~Perm.RWX), bool(Perm(0)), bool(Perm.X), (Perm.R | Perm.W) & Perm.W)
print(Perm(3), Perm(3) is (Perm.X | Perm.W), repr(Perm.RWX ^ Perm.X))
try:
    Perm(8)
except ValueError:
    print("ValueError")


class Access(IntFlag):
    READ = 4
    WRITE = 2
    EXEC = 1
    _order_ = "READ WRITE EXEC"


print(repr(Access.READ | Access.WRITE), str(Access.READ | Access.WRITE), Access.READ | 2)
print(
    repr(Access(8)), repr(Access.READ | 8), repr(~Access.READ), Access.READ & 4, Access.WRITE == 2
)
print(Access.READ + 1, Access.READ < Access.WRITE, repr(Access(0)), list(Access.READ | Access.EXEC))
