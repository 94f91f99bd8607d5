"""The worker and API cap glibc's malloc arenas, unless the operator chose a number."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = "from core.memory import limit_malloc_arenas; print(limit_malloc_arenas())"


def _probe(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's arenas exist only on Linux")
def test_arenas_are_capped_on_linux() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    assert _probe(env) == "True"


def test_an_operators_malloc_arena_max_is_left_alone() -> None:
    assert _probe({**os.environ, "MALLOC_ARENA_MAX": "8"}) == "False"
