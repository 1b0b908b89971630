# What the keep_* workloads share (benchmarks of programs that keep what they allocate). Each
# has setup(n), build() (timed: makes n items and keeps them until the next build) and check()
# (not timed: counts the sampled items that did not stay intact), as plain functions: calls
# through a bound method or a closure run in a nested VM frame, where nothing is collected
# (README, "GC"), which would measure that instead.


class State:
    n = 0
    kept = None


def build(state, make, count):
    state.kept = None  # the last round's items are garbage before this round's are made
    state.kept = make(state.n)
    return count(state.kept)


def check(state, intact):
    return sum(1 for i in range(0, state.n, 97) if not intact(state.kept, i))
