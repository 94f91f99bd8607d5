"""The bench's split of a worker's CPU by thread (bench/cpu.py): a busy Python thread's time is
counted as the Python threads', not as the event loop's."""

from __future__ import annotations

import os
import threading
import time

from bench.cpu import ThreadMeter


def test_a_busy_thread_is_counted_as_a_python_thread_not_the_loop() -> None:
    used: list[float] = []
    started = threading.Event()

    def burn() -> None:
        started.set()
        begin = time.thread_time()
        while time.thread_time() - begin < 0.3:
            sum(range(1000))
        used.append(time.thread_time() - begin)

    worker = threading.Thread(target=burn)
    meter = ThreadMeter(os.getpid())
    worker.start()
    started.wait()
    meter.start()
    # Read while the thread still lives: an ended thread leaves /proc and is not counted.
    while not used and worker.is_alive():
        split = meter.stop()
        time.sleep(0.01)
    worker.join()
    assert split.get("Python threads", 0.0) >= 0.15  # most of its 0.3 s, by the kernel's ticks
    assert split.get("event loop", 0.0) < split["Python threads"]
