"""The GIL's speed figures (the targets of the GIL issue), measured on pyl.

    python3 benches/gil_figures.py [path/to/pyl]

1. Two CPU-bound threads against the same work run sequentially (cpython
   policy): the ratio of wall times; the GIL should give no speedup and no
   pathological slowdown (within 10%).
2. Ten threads each sleeping 0.1 s twenty times, against the sleeps run one
   after another: the speedup (at least 8x).
3. Handoff latency: from a waiter's drop request to the moment it holds the
   GIL, read from a `--trace-gil` trace of two CPU-bound threads (median
   under 50 microseconds).
4. A thread returning from a 1 ms sleep beside a CPU-bound thread: its
   median latency under `cpython` (about interval + 1 ms) and under
   `io-priority` (under 1.5 ms), from scripts/convoy.pyl.

The cost of the GIL checks with one thread is measured by building pyl with
`--features no-gil-checks` and comparing (see the closing note of the issue).
Every figure is a median of several runs; machines here are shared and noisy.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/pyl")
ROUNDS = 3

CPU = """
import threading
def spin(n):
    while n > 0:
        n -= 1
THREADS = {threads}
work = [threading.Thread(target=spin, args=(6_000_000 // THREADS,)) for _ in range(THREADS)]
for t in work: t.start()
for t in work: t.join()
"""

SLEEP = """
import threading, time
def nap():
    for _ in range(20):
        time.sleep(0.1)
work = [threading.Thread(target=nap) for _ in range(10)]
for t in work: t.start()
for t in work: t.join()
"""


def wall(arguments, source=None):
    """Seconds one pyl run takes."""
    with tempfile.NamedTemporaryFile("w", suffix=".pyl", delete=False) as script:
        script.write(source or "")
    try:
        started = time.perf_counter()
        subprocess.run([PYL, *arguments, script.name], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - started
    finally:
        os.unlink(script.name)


def median_of(measure):
    return statistics.median(measure() for _ in range(ROUNDS))


def two_cpu_threads():
    sequential = median_of(lambda: wall([], CPU.format(threads=1)))
    threaded = median_of(lambda: wall([], CPU.format(threads=2)))
    print(f"1. two CPU-bound threads / sequential: {threaded / sequential:.3f} "
          f"({threaded:.2f} s against {sequential:.2f} s)")


def sleeping_threads():
    threaded = wall([], SLEEP)
    sequential = 10 * 20 * 0.1
    print(f"2. ten sleeping threads: {sequential / threaded:.1f}x faster than "
          f"sequential ({threaded:.2f} s against {sequential:.0f} s)")


def handoff_latencies():
    """Microseconds from each drop request to the requester's acquisition."""
    latencies = []
    with tempfile.TemporaryDirectory() as folder:
        trace = os.path.join(folder, "trace.json")
        source = os.path.join(folder, "cpu.pyl")
        with open(source, "w") as file:
            file.write(CPU.format(threads=2))
        subprocess.run([PYL, "--trace-gil", trace, source], check=True)
        with open(trace) as file:
            events = json.load(file)["traceEvents"]
    by_thread = {}
    for event in events:
        by_thread.setdefault(event["tid"], []).append(event)
    for track in by_thread.values():
        track.sort(key=lambda event: event.get("ts", 0))
        request = None
        for event in track:
            if event.get("name") == "drop request":
                request = request if request is not None else event["ts"]
            elif event.get("name") == "running" and request is not None:
                latencies.append(event["ts"] - request)
                request = None
    return latencies


def handoff():
    latencies = handoff_latencies()
    print(f"3. handoff after a drop request: median "
          f"{statistics.median(latencies):.1f} us over {len(latencies)} handoffs")


def convoy():
    output = subprocess.run([PYL, os.path.join(ROOT, "scripts/convoy.pyl")],
                            check=True, capture_output=True, text=True).stdout
    for line in output.splitlines():
        if line.startswith(("I/O thread alone", "beside CPU, cpython",
                            "beside CPU, io-priority")):
            words = line.split()
            median = words[3 + 1]
            label = " ".join(words[:3])
            print(f"4. {label}: median {median} ms after a 1 ms sleep")


if __name__ == "__main__":
    two_cpu_threads()
    sleeping_threads()
    handoff()
    convoy()
