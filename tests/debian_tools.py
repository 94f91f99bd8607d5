"""Debian programs some tests drive (Chromium, poppler's pdftotext, docker-compose): installed
with apt-get when missing, as `.ci/run` does; a test that cannot have one fails naming the
package, never skips, so no check silently stops running."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def debian_tool(command: str, package: str) -> str:
    """The path of `command`, installing Debian's `package` first if it is missing."""
    found = shutil.which(command)
    if found is not None:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.fail(f"{command} is missing: apt-get install -y {package} (.ci/run does it)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", package]):
        done = subprocess.run(step, capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0:
            pytest.fail(f"{' '.join(step)} failed: {done.stderr.strip()[-300:]}")
    found = shutil.which(command)
    if found is None:
        pytest.fail(f"apt-get installed {package} but {command} is still missing")
    return found
