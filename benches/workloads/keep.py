# What the keep_* workloads share (benchmarks of programs that keep what they allocate):
# setup(n) sets the size; build() makes n items with make(n) and keeps them until the next
# build() (timed); check() counts the sampled items that did not stay intact (not timed).


class Keep:
    def __init__(self, make, count, intact):
        self.make, self.count, self.intact = make, count, intact
        self.n = 0
        self.kept = None

    def setup(self, n):
        self.n = n

    def build(self):
        self.kept = None  # the last round's items are garbage before this round's are made
        self.kept = self.make(self.n)
        return self.count(self.kept)

    def check(self):
        return sum(1 for i in range(0, self.n, 97) if not self.intact(self.kept, i))
