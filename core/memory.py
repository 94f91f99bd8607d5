"""Keeps a threaded process from growing one malloc arena per thread (glibc).

glibc gives each thread that allocates concurrently an arena of its own, up to eight per core,
and memory freed in one arena is not reused by the others. A worker runs activities in up to
32 threads: measured with 25 incidents triaged at once, its RSS went from 140 to 474 MiB after
60 incidents, and to 248 MiB with two arenas (`make bench`, docs/benchmarks.md).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys

M_ARENA_MAX = -8  # glibc's mallopt parameter
ARENAS = 2
log = logging.getLogger(__name__)


def limit_malloc_arenas() -> bool:
    """Caps glibc's arenas at ARENAS, unless the operator set MALLOC_ARENA_MAX; call it before
    the process starts threads. False where it does not apply (not Linux/glibc, or set)."""
    if sys.platform != "linux" or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others: no arenas of this kind
        return False
    if mallopt(M_ARENA_MAX, ARENAS) != 1:
        log.warning("could not limit malloc arenas")
        return False
    return True
