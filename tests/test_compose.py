"""The production compose file: valid for Compose (checked without a Docker engine), and every
variable it reads is documented in infra/.env.example."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from core.settings import Settings
from tests.debian_tools import debian_tool

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "infra" / "docker-compose.yml"
ENV_EXAMPLE = ROOT / "infra" / ".env.example"
# ${NAME}, ${NAME:-default}, ${NAME:?message}; `$$` escapes a dollar for the container's shell.
_USED = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")
_DOCUMENTED = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=", re.MULTILINE)
# Read by Compose itself rather than by the file.
_COMPOSE_OWN = {"COMPOSE_PROJECT_NAME"}
# Settings that only `tangkal dev` on one machine uses, or that the image fixes.
_NOT_FOR_COMPOSE = {"data_dir", "dev_temporal_port", "dev_ui_port"}


def docker_compose() -> str:
    return debian_tool("docker-compose", "docker-compose")


def compose_config(
    compose_file: Path, env_file: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """`docker-compose config`: interpolates and validates the file; needs no Docker engine."""
    return subprocess.run(
        [docker_compose(), "-f", str(compose_file), "--env-file", str(env_file), "config", *args],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_is_valid_and_runs_the_whole_stack() -> None:
    done = compose_config(COMPOSE, ENV_EXAMPLE)
    assert done.returncode == 0, done.stderr
    services = compose_config(COMPOSE, ENV_EXAMPLE, "--services").stdout.split()
    assert set(services) == {
        "postgres",
        "temporal-schema",
        "temporal",
        "temporal-namespace",
        "temporal-ui",
        "migrate",
        "api",
        "worker",
    }
    rendered = done.stdout
    assert "replicas: 2" in rendered
    assert "pg_isready" in rendered
    assert "condition: service_completed_successfully" in rendered


def test_a_mistake_in_the_compose_file_is_caught(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE.read_text().replace("stop_grace_period: 45s", "stop_grace: 45s"))
    done = compose_config(broken, ENV_EXAMPLE)
    assert done.returncode != 0
    assert "stop_grace" in done.stderr


def test_the_stack_refuses_to_start_without_a_database_password(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "\n".join(
            line
            for line in ENV_EXAMPLE.read_text().splitlines()
            if not line.startswith("POSTGRES_PASSWORD=")
        )
    )
    done = compose_config(COMPOSE, env_file)
    assert done.returncode != 0
    assert "set POSTGRES_PASSWORD in infra/.env" in done.stderr


def test_every_variable_the_compose_file_uses_is_documented_and_none_is_stale() -> None:
    lines = COMPOSE.read_text().splitlines()
    used = set(_USED.findall("\n".join(x for x in lines if not x.lstrip().startswith("#"))))
    documented = set(_DOCUMENTED.findall(ENV_EXAMPLE.read_text()))
    assert used - documented == set(), "used in docker-compose.yml, missing from .env.example"
    assert documented - used - _COMPOSE_OWN == set(), "in .env.example, unused by compose"


def test_every_tangkal_setting_reaches_the_containers() -> None:
    compose = COMPOSE.read_text()
    missing = [
        f"TANGKAL_{name.upper()}"
        for name in Settings.model_fields
        if name not in _NOT_FOR_COMPOSE and f"TANGKAL_{name.upper()}:" not in compose
    ]
    assert missing == [], "settings the compose file does not pass to the API and worker"


def test_the_example_env_holds_no_real_secret() -> None:
    values = dict(
        line.split("=", 1)
        for line in ENV_EXAMPLE.read_text().splitlines()
        if _DOCUMENTED.match(line)
    )
    for name in (
        "TANGKAL_TEMPORAL_API_KEY",
        "TANGKAL_SLACK_BOT_TOKEN",
        "TANGKAL_WEBHOOK_SECRET",
        "TANGKAL_SESSION_SECRET",
        "TANGKAL_METRICS_TOKEN",
    ):
        assert values[name] == "", name
    assert values["POSTGRES_PASSWORD"].startswith("change-me")


def test_the_image_copies_what_exists_and_runs_as_a_plain_user() -> None:
    dockerfile = (ROOT / "infra" / "Dockerfile").read_text().splitlines()
    ignored = (ROOT / ".dockerignore").read_text().split()
    sources = [
        part
        for line in dockerfile
        if line.startswith("COPY ") and "--from=" not in line
        for part in line.split()[1:-1]
    ]
    assert sources, "the Dockerfile copies nothing from the repository"
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
        assert source not in ignored, f"COPY {source}: excluded by .dockerignore"
    users = [line.split()[1] for line in dockerfile if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
