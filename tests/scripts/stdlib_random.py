# random: seeded sequences equal CPython's (same Mersenne Twister, same algorithms).
import random


def show(f, *args, **kwargs):
    try:
        print(repr(f(*args, **kwargs)))
    except Exception as e:
        print(type(e).__name__ + ":", e)


for seed in [0, 1, 42, -42, 2**32 - 1, 2**32, 2**100, -(2**100), 10**50, True, 1.5, -2.25,
             0.0, 1e300, float("inf"), "hello", "", "héllo wörld", b"bytes", bytearray(b"ba")]:
    random.seed(seed)
    print(type(seed).__name__, random.random(), random.random(), random.getrandbits(32),
          random.randint(1, 100))

random.seed(42)
print([random.randint(1, 100) for _ in range(5)])
print([random.random() for _ in range(3)])
print([random.getrandbits(k) for k in (0, 1, 5, 31, 32, 33, 63, 64, 65, 100, 200)])
print(random.randrange(10), random.randrange(5, 10), random.randrange(0, 100, 7),
      random.randrange(100, 0, -3), random.randrange(-50, 50), random.randrange(2**70),
      random.randrange(2**64), random.randrange(2**64 + 1), random.randrange(1))
print(random.randint(-(10**30), 10**30), random.randint(0, 2**31), random.randint(5, 5))
print(random.choice("abcdefg"), random.choice([1, 2, 3]), random.choice(range(1000)))
items = list(range(20))
random.shuffle(items)
print(items)
print(random.sample(range(100), 10), random.sample("abcdefghij", 3),
      random.sample(range(10**6), 8), random.sample(range(30), 30))
print(random.sample(["r", "b"], k=5, counts=[4, 2]))
print(random.uniform(1, 10), random.uniform(-1.5, 1.5), random.triangular(),
      random.triangular(0, 10, 2), random.triangular(5, 5))
print(random.choices("abc", k=8), random.choices(range(5), weights=[5, 1, 0, 1, 3], k=6),
      random.choices("xyz", cum_weights=[1, 2, 10], k=5), random.choices([1, 2]))
print(random.randbytes(0), random.randbytes(5), len(random.randbytes(100)))
for f in [random.gauss, random.normalvariate, lambda: random.expovariate(1.5)]:
    print(["%.12f" % f() for _ in range(4)])
# These go through math.log/exp/sin/cos, whose last bit may differ from CPython's libm.
print(["%.12f" % x for x in (random.gauss(10, 2), random.normalvariate(-3, 0.5),
                             random.lognormvariate(0, 1), random.expovariate(2.0),
                             random.paretovariate(3), random.weibullvariate(1, 2))])

# seed(0), seed(2**100): longer runs.
for seed in (0, 2**100):
    random.seed(seed)
    print([random.randint(0, 10**6) for _ in range(20)])
    print(sum(random.random() for _ in range(10000)))

# Instances are independent of each other and of the module's generator.
a, b = random.Random(7), random.Random(7)
random.seed(7)
print(a.random() == b.random() == random.random(), a.random(), a.random())
print(b.random(), b.random(), random.random())
c = random.Random("seed")
print(c.randint(1, 6), c.choice("xyz"), c.sample(range(10), 3), c.getrandbits(70))

# getstate / setstate
random.seed(123)
state = random.getstate()
first = [random.random() for _ in range(3)]
random.setstate(state)
print(first == [random.random() for _ in range(3)], state[0], len(state[1]), state[1][-1],
      state[1][:3], state[2])
random.gauss()
s = random.getstate()
x = random.gauss()
random.setstate(s)
print(x == random.gauss())
d = random.Random()
d.setstate(random.getstate())
print(d.random() == random.random())

show(random.randrange, 0)
show(random.randrange, 5, 5)
show(random.randrange, 0, 10, 0)
show(random.randrange, 10, 0, 2)
show(random.randrange, 1.5)
show(random.randrange, 10.0)
show(random.randrange, 10, step=2)
show(random.choice, [])
show(random.sample, range(3), 4)
show(random.sample, range(3), -1)
show(random.sample, {1, 2}, 1)
show(random.choices, "ab", [1], k=2)
show(random.choices, "ab", [0, 0])
show(random.choices, "ab", [1, 1], cum_weights=[1, 2])
show(random.getrandbits, -1)
show(random.seed, [1, 2])
show(random.setstate, (2, (), None))
show(random.sample, "ab", 1, counts=[0, 0])
show(random.setstate, (1, (), None))
show(random.setstate, (3, (1,) * 625, None))
show(random.setstate, (3, [1] * 625, None))
random.setstate((2, tuple(range(-5, 619)) + (624,), None))
print(random.random(), random.getstate()[1][:6])
