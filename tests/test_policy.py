"""The policy file: the shipped example is valid, and a bad file names the key and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.domain import Severity
from core.policy import EXAMPLE_POLICY, PolicyError, load_policy, parse_policy
from tests.processes import tangkal_env

GOOD = EXAMPLE_POLICY.read_text()


def test_shipped_example_is_valid() -> None:
    policy = load_policy(EXAMPLE_POLICY)
    assert policy.organization.timezone == "Asia/Makassar"
    assert policy.digest.time == "07:00" and policy.slack.leadership_channel == "C01PIMPINAN"
    assert policy.severity_for(0) == Severity.LOW
    assert policy.severity_for(80) == Severity.CRITICAL
    assert policy.severity[Severity.CRITICAL].approver_roles == ["leader"]


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (
            ("approvals = 2\napprover_roles", "approvals = 0\napprover_roles"),
            "severity.critical.approvals",
            "greater than or equal to 1",
        ),
        (
            ('approver_roles = ["leader"]', 'approver_roles = ["bupati"]'),
            "severity.critical.approver_roles[0]",
            "officer",
        ),
        (
            (
                "publishing = 15 }\nmonitoring_minutes = 2880",
                "publish = 15 }\nmonitoring_minutes = 2880",
            ),
            "severity.critical.sla_minutes.publish",
            "Extra inputs",
        ),
        (('kind = "console"', 'kind = "fax"'), "channels[0].kind", "webhook"),
        (('U01KABAG = ["approver"]', 'U01KABAG = "approver"'), "people.U01KABAG", "list"),
        (('timezone = "Asia/Makassar"', "timezone = 8"), "organization.timezone", "string"),
        (
            ('timezone = "Asia/Makassar"', 'timezone = "Asia/Atlantis"'),
            "organization.timezone",
            "unknown time zone",
        ),
        (('time = "07:00"', 'time = "7 pagi"'), "digest.time", "HH:MM"),
        (('time = "07:00"', 'time = "24:00"'), "digest.time", "HH:MM"),
    ],
)
def test_bad_value_names_its_key(change: tuple[str, str], key: str, problem: str) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(PolicyError) as raised:
        parse_policy(GOOD.replace(old, new, 1), "tangkal.toml")
    message = str(raised.value)
    assert message.startswith("tangkal.toml: ")
    assert key in message and problem in message, message


def test_bands_must_rise_and_be_complete() -> None:
    with pytest.raises(PolicyError, match="min_risk must rise"):
        parse_policy(GOOD.replace("min_risk = 75", "min_risk = 30"))
    start, end = GOOD.index("[severity.high]"), GOOD.index("[severity.critical]")
    with pytest.raises(PolicyError, match="severity tables missing: high"):
        parse_policy(GOOD[:start] + GOOD[end:])


def test_broken_toml_and_missing_file() -> None:
    with pytest.raises(PolicyError, match="not valid TOML"):
        parse_policy("[organization\nname = 1")
    with pytest.raises(PolicyError, match="cannot be read"):
        load_policy(Path("/nonexistent/tangkal.toml"))


def test_start_up_stops_on_a_bad_policy(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "tangkal.toml"
    bad.write_text(GOOD.replace("approvals = 2\napprover_roles", "approvals = -1\napprover_roles"))
    env = tangkal_env(data_dir=tmp_path, policy_file=bad)
    for command in ("api", "worker"):
        done = subprocess.run(
            [sys.executable, "-m", "core.cli", command],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2
        assert "severity.critical.approvals" in done.stderr
