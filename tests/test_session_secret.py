"""The pages' session secret: generated once into DATA_DIR, or a clear refusal to start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.processes import tangkal_env


def test_api_without_a_place_for_the_secret_refuses_to_start_naming_the_setting(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where DATA_DIR should be")
    env = tangkal_env(data_dir=blocked, database_url=f"sqlite:///{tmp_path / 'x.db'}", api_port=9)
    done = subprocess.run(
        [sys.executable, "-m", "core.cli", "api"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "set TANGKAL_SESSION_SECRET" in done.stderr and "Traceback" not in done.stderr
