"""The bench's split of a worker's CPU by thread (bench/cpu.py): a busy Python thread's time is
counted as the Python threads', not as the event loop's."""

from __future__ import annotations

import os
import threading
import time

from bench.cpu import ThreadMeter


def test_a_busy_thread_is_counted_as_a_python_thread_not_the_loop() -> None:
    burnt, measured = threading.Event(), threading.Event()

    def burn() -> None:
        begin = time.thread_time()
        while time.thread_time() - begin < 0.3:
            sum(range(1000))
        burnt.set()
        measured.wait(30)  # alive until read: an ended thread leaves /proc and is not counted

    meter = ThreadMeter(os.getpid()).start()
    worker = threading.Thread(target=burn)
    worker.start()
    burnt.wait(60)
    split = meter.stop()
    measured.set()
    worker.join()
    # The kernel counts in ticks (10 ms here): most of the thread's 0.3 s, and the loop's less.
    assert split.get("Python threads", 0.0) >= 0.1
    assert split.get("event loop", 0.0) < split["Python threads"]
