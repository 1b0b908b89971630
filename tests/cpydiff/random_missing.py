# README row: `random` missing
# upy: [False, False, False, False]
# upy: False
# cpython: [True, True, True, True]
# cpython: True
import random
print([hasattr(random, n) for n in ("gammavariate", "betavariate", "vonmisesvariate", "SystemRandom")])
class Zero(random.Random):
    def random(self):
        return 0.0
print(Zero(1).randrange(1000) == 0)
