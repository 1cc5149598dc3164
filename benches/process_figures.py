"""The process module's speed figures (the targets of the process issue),
pyl against CPython on the same programs, alternately, in the same run.

    python3 benches/process_figures.py [path/to/pyl]

1. Start and join an empty child: pyl against CPython's `spawn` start
   method (pyl must be faster) and against its `fork` (within 2x).
2. A small message's round trip over a Pipe (pyl must be faster).
3. 100,000 small ints through a Queue, from a child to the parent (pyl at
   least 2x CPython's throughput).
4. A CPU-bound job split over 2 processes against 1 process (pyl: at least
   1.7x faster on this 2-core machine).
5. A child's resident memory (VmRSS), beside CPython's.

Each figure is the best of ROUNDS runs (the machines are shared and noisy);
the programs print their own timings, so process start-up of the parent is
not counted. Run it under the real CPython binary: `python3` may be a pyenv
shim, and the programs are run with `sys.executable`.
"""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/pyl")
ROUNDS = 5

# Every program takes the start method as its first argument ("default"
# leaves it alone: pyl only has spawn) and prints one number.
PRELUDE = """
import multiprocessing as mp
import sys
import time
if __name__ == "__main__" and sys.argv[1] != "default":
    mp.set_start_method(sys.argv[1])
"""

START_JOIN = PRELUDE + """
def nothing():
    pass

if __name__ == "__main__":
    best = None
    for _ in range(20):
        started = time.perf_counter()
        p = mp.Process(target=nothing)
        p.start()
        p.join()
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    print(best)
"""

ROUND_TRIP = PRELUDE + """
def echo(conn):
    while True:
        message = conn.recv()
        if message is None:
            break
        conn.send(message)

if __name__ == "__main__":
    mine, theirs = mp.Pipe()
    p = mp.Process(target=echo, args=(theirs,))
    p.start()
    mine.send(0)
    mine.recv()
    started = time.perf_counter()
    for i in range(5000):
        mine.send(i)
        mine.recv()
    print((time.perf_counter() - started) / 5000)
    mine.send(None)
    p.join()
"""

QUEUE = PRELUDE + """
def produce(q, n):
    for i in range(n):
        q.put(i)

if __name__ == "__main__":
    q = mp.Queue()
    p = mp.Process(target=produce, args=(q, 0))
    p.start()
    p.join()
    started = time.perf_counter()
    p = mp.Process(target=produce, args=(q, 100000))
    p.start()
    total = 0
    for _ in range(100000):
        total += q.get()
    p.join()
    assert total == 4999950000
    print(time.perf_counter() - started)
"""

SPLIT = PRELUDE + """
def count_down(n):
    while n > 0:
        n -= 1

def run(processes, n):
    started = time.perf_counter()
    workers = [mp.Process(target=count_down, args=(n // processes,)) for _ in range(processes)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - started

if __name__ == "__main__":
    n = int(sys.argv[2])
    one = min(run(1, n) for _ in range(2))
    two = min(run(2, n) for _ in range(2))
    print(one / two)
"""

RSS = PRELUDE + """
def report(q):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                q.put(int(line.split()[1]))

if __name__ == "__main__":
    q = mp.Queue()
    p = mp.Process(target=report, args=(q,))
    p.start()
    print(q.get())
    p.join()
"""


def run(interpreter, program, *args):
    """The number the program prints, run by `interpreter`."""
    path = os.path.join(ROOT, "target", "process_figure.py")
    with open(path, "w") as file:
        file.write(program)
    output = subprocess.run([interpreter, path, *args], capture_output=True, text=True,
                            timeout=300, check=True)
    return float(output.stdout.split()[-1])


def best(interpreter, program, *args, largest=False):
    values = [run(interpreter, program, *args) for _ in range(ROUNDS)]
    return max(values) if largest else min(values)


def main():
    python = sys.executable
    print(f"pyl: {PYL}\nCPython: {python} ({sys.version.split()[0]})\n")

    pyl_start = best(PYL, START_JOIN, "default")
    spawn_start = best(python, START_JOIN, "spawn")
    fork_start = best(python, START_JOIN, "fork")
    print("1. start and join an empty child")
    print(f"   pyl {pyl_start * 1e3:.2f} ms, CPython spawn {spawn_start * 1e3:.2f} ms, "
          f"fork {fork_start * 1e3:.2f} ms")
    print(f"   pyl / spawn = {pyl_start / spawn_start:.2f} (target < 1), "
          f"pyl / fork = {pyl_start / fork_start:.2f} (target <= 2)")

    pyl_trip = best(PYL, ROUND_TRIP, "default")
    cpython_trip = best(python, ROUND_TRIP, "spawn")
    print("2. Pipe round trip of a small message")
    print(f"   pyl {pyl_trip * 1e6:.1f} us, CPython {cpython_trip * 1e6:.1f} us: "
          f"pyl / CPython = {pyl_trip / cpython_trip:.2f} (target < 1)")

    pyl_queue = best(PYL, QUEUE, "default")
    cpython_queue = best(python, QUEUE, "spawn")
    print("3. 100,000 ints through a Queue, child to parent")
    print(f"   pyl {pyl_queue:.3f} s, CPython {cpython_queue:.3f} s: "
          f"throughput {cpython_queue / pyl_queue:.2f}x CPython's (target >= 2)")

    pyl_split = best(PYL, SPLIT, "default", "20000000", largest=True)
    cpython_split = best(python, SPLIT, "spawn", "40000000", largest=True)
    print("4. a CPU-bound job over 2 processes against 1")
    print(f"   pyl {pyl_split:.2f}x faster (target >= 1.7), CPython {cpython_split:.2f}x")

    pyl_rss = best(PYL, RSS, "default")
    spawn_rss = best(python, RSS, "spawn")
    fork_rss = best(python, RSS, "fork")
    print("5. a child's resident memory (VmRSS)")
    print(f"   pyl {pyl_rss / 1024:.1f} MiB, CPython spawn {spawn_rss / 1024:.1f} MiB, "
          f"fork {fork_rss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
