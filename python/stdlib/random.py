# random: CPython 3.11's algorithms over a Mersenne Twister written in Rust (`_random`,
# src/modules/random.rs), so that the same seed gives the same numbers as CPython.
#
# A plug-in has no entropy source: an unseeded generator (the module's own, Random(),
# seed(None)) is seeded from a counter kept in the instance, so a fresh instance of a plug-in
# repeats the same sequences. Not for secrets.
import _random as _r
from math import log as _log, exp as _exp, sqrt as _sqrt, pi as _pi
from math import cos as _cos, sin as _sin, floor as _floor, ceil as _ceil
from math import isfinite as _isfinite, frexp as _frexp

NV_MAGICCONST = 4 * _exp(-0.5) / _sqrt(2.0)
TWOPI = 2.0 * _pi
LOG4 = _log(4.0)
BPF = 53
RECIP_BPF = 2.0**-BPF

_unseeded = 0


def _float_hash(x):
    # CPython's hash() of a float (modulus 2**61 - 1), which its seed() uses.
    if x != x:
        return 0
    if x in (float("inf"), float("-inf")):
        h = 314159
    else:
        m, e = _frexp(abs(x))
        e -= 53
        h = (int(m * 9007199254740992.0) << e % 61) % 2305843009213693951
    h = -h if x < 0 else h
    return -2 if h == -1 else h


def _index(x, what):
    i = int(x)
    if i != x:
        raise ValueError("non-integer %s for randrange()" % what)
    return i


def _bisect(a, x, lo=0, hi=None):
    hi = len(a) if hi is None else hi
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


class Random:
    VERSION = 3

    def __init__(self, x=None):
        self._s = _r.new()
        self.seed(x)

    def seed(self, a=None, version=2):
        if a is None:
            global _unseeded
            a = (1 << 64) + _unseeded
            _unseeded += 1
        elif isinstance(a, (str, bytes, bytearray)):
            from hashlib import sha512

            a = bytes(a.encode() if isinstance(a, str) else a)
            a = int.from_bytes(a + sha512(a).digest(), "big")
        elif isinstance(a, float):
            a = _float_hash(a) % (1 << 64)
        elif isinstance(a, (int, bool)):  # MicroPython's bool is not an int
            a = int(a)
        else:
            raise TypeError(
                "The only supported seed types are: None,\n"
                "int, float, str, bytes, and bytearray."
            )
        _r.seed(self._s, a)
        self.gauss_next = None

    def getstate(self):
        return self.VERSION, _r.getstate(self._s), self.gauss_next

    def setstate(self, state):
        version, words, gauss_next = state
        if version == 2:
            words = tuple(x % 2**32 for x in words)
        elif version != 3:
            raise ValueError(
                "state with version %s passed to Random.setstate() of version %s"
                % (version, self.VERSION)
            )
        _r.setstate(self._s, words)
        self.gauss_next = gauss_next

    def random(self):
        return _r.random(self._s)

    def getrandbits(self, k):
        return _r.getrandbits(self._s, k)

    def _randbelow(self, n):
        return _r.randbelow(self._s, n)

    def randbytes(self, n):
        return self.getrandbits(n * 8).to_bytes(n, "little")

    def randrange(self, start, stop=None, step=1):
        istart = _index(start, "arg 1")
        if stop is None:
            if step != 1:
                raise TypeError("Missing a non-None stop argument")
            if istart > 0:
                return self._randbelow(istart)
            raise ValueError("empty range for randrange()")
        istop = _index(stop, "stop")
        width = istop - istart
        istep = _index(step, "step")
        if istep == 1:
            if width > 0:
                return istart + self._randbelow(width)
            raise ValueError(
                "empty range for randrange() (%d, %d, %d)" % (istart, istop, width)
            )
        if istep > 0:
            n = (width + istep - 1) // istep
        elif istep < 0:
            n = (width + istep + 1) // istep
        else:
            raise ValueError("zero step for randrange()")
        if n <= 0:
            raise ValueError("empty range for randrange()")
        return istart + istep * self._randbelow(n)

    def randint(self, a, b):
        return self.randrange(a, b + 1)

    def choice(self, seq):
        if not len(seq):
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(len(seq))]

    def shuffle(self, x):
        for i in range(len(x) - 1, 0, -1):
            j = self._randbelow(i + 1)
            x[i], x[j] = x[j], x[i]

    def sample(self, population, k, *, counts=None):
        if isinstance(population, (set, frozenset, dict)):
            raise TypeError(
                "Population must be a sequence.  For dicts or sets, use sorted(d)."
            )
        n = len(population)
        if counts is not None:
            cum = []
            total = 0
            for c in counts:
                total += c
                cum.append(total)
            if len(cum) != n:
                raise ValueError("The number of counts does not match the population")
            total = cum.pop()
            if not isinstance(total, int):
                raise TypeError("Counts must be integers")
            if total <= 0:
                raise ValueError("Total of counts must be greater than zero")
            return [population[_bisect(cum, s)] for s in self.sample(range(total), k)]
        if not 0 <= k <= n:
            raise ValueError("Sample larger than population or is negative")
        randbelow = self._randbelow
        result = [None] * k
        setsize = 21
        if k > 5:
            setsize += 4 ** _ceil(_log(k * 3) / LOG4)
        if n <= setsize:
            pool = list(population)
            for i in range(k):
                j = randbelow(n - i)
                result[i] = pool[j]
                pool[j] = pool[n - i - 1]
        else:
            selected = set()
            for i in range(k):
                j = randbelow(n)
                while j in selected:
                    j = randbelow(n)
                selected.add(j)
                result[i] = population[j]
        return result

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        random = self.random
        n = len(population)
        if cum_weights is None:
            if weights is None:
                n += 0.0
                return [population[_floor(random() * n)] for _ in range(k)]
            cum_weights = []
            total = 0
            for w in weights:
                total += w
                cum_weights.append(total)
        elif weights is not None:
            raise TypeError("Cannot specify both weights and cumulative weights")
        if len(cum_weights) != n:
            raise ValueError("The number of weights does not match the population")
        total = cum_weights[-1] + 0.0
        if total <= 0.0:
            raise ValueError("Total of weights must be greater than zero")
        if not _isfinite(total):
            raise ValueError("Total of weights must be finite")
        hi = n - 1
        return [
            population[_bisect(cum_weights, random() * total, 0, hi)] for _ in range(k)
        ]

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def triangular(self, low=0.0, high=1.0, mode=None):
        u = self.random()
        try:
            c = 0.5 if mode is None else (mode - low) / (high - low)
        except ZeroDivisionError:
            return low
        if u > c:
            u = 1.0 - u
            c = 1.0 - c
            low, high = high, low
        return low + (high - low) * _sqrt(u * c)

    def normalvariate(self, mu=0.0, sigma=1.0):
        random = self.random
        while True:
            u1 = random()
            u2 = 1.0 - random()
            z = NV_MAGICCONST * (u1 - 0.5) / u2
            if z * z / 4.0 <= -_log(u2):
                return mu + z * sigma

    def gauss(self, mu=0.0, sigma=1.0):
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            x2pi = self.random() * TWOPI
            g2rad = _sqrt(-2.0 * _log(1.0 - self.random()))
            z = _cos(x2pi) * g2rad
            self.gauss_next = _sin(x2pi) * g2rad
        return mu + z * sigma

    def lognormvariate(self, mu, sigma):
        return _exp(self.normalvariate(mu, sigma))

    def expovariate(self, lambd=1.0):
        return -_log(1.0 - self.random()) / lambd

    def paretovariate(self, alpha):
        return (1.0 - self.random()) ** (-1.0 / alpha)

    def weibullvariate(self, alpha, beta):
        return alpha * (-_log(1.0 - self.random())) ** (1.0 / beta)


_inst = Random()
seed = _inst.seed
random = _inst.random
uniform = _inst.uniform
triangular = _inst.triangular
randint = _inst.randint
choice = _inst.choice
randrange = _inst.randrange
sample = _inst.sample
shuffle = _inst.shuffle
choices = _inst.choices
normalvariate = _inst.normalvariate
lognormvariate = _inst.lognormvariate
expovariate = _inst.expovariate
paretovariate = _inst.paretovariate
weibullvariate = _inst.weibullvariate
gauss = _inst.gauss
getstate = _inst.getstate
setstate = _inst.setstate
getrandbits = _inst.getrandbits
randbytes = _inst.randbytes
