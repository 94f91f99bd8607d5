"""Connection settings for a Temporal cluster or Temporal Cloud: refused early, clearly, safely."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from temporalio.service import TLSConfig

from core.settings import Settings
from core.temporal import tls_config
from tests.processes import tangkal_env

API_KEY = "tcld-secret-api-key-do-not-print"


def pem(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_text(f"-----BEGIN {name.upper()}-----\nZmFrZQ==\n-----END {name.upper()}-----\n")
    return path


def refusal(**values: object) -> str:
    with pytest.raises(ValidationError) as caught:
        Settings.model_validate(values)  # the values alone, whatever the environment holds
    return str(caught.value)


def test_client_certificate_without_its_key_is_refused_naming_the_key(tmp_path: Path) -> None:
    message = refusal(
        temporal_address="tangkal.a1b2c.tmprl.cloud:7233",
        temporal_tls_cert_file=pem(tmp_path, "cert"),
    )
    assert "TANGKAL_TEMPORAL_TLS_KEY_FILE" in message and "missing" in message


def test_key_without_its_certificate_is_refused_naming_the_certificate(tmp_path: Path) -> None:
    message = refusal(
        temporal_address="temporal.internal:7233", temporal_tls_key_file=pem(tmp_path, "key")
    )
    assert "TANGKAL_TEMPORAL_TLS_CERT_FILE" in message and "missing" in message


def test_a_certificate_file_that_is_not_there_is_named(tmp_path: Path) -> None:
    message = refusal(
        temporal_address="temporal.internal:7233", temporal_tls_ca_file=tmp_path / "ca.pem"
    )
    assert "TANGKAL_TEMPORAL_TLS_CA_FILE" in message and str(tmp_path / "ca.pem") in message


def test_api_key_with_tls_switched_off_is_refused_without_showing_the_key() -> None:
    message = refusal(
        temporal_address="ap-southeast-1.aws.api.temporal.io:7233",
        temporal_tls=False,
        temporal_api_key=API_KEY,
    )
    assert "TANGKAL_TEMPORAL_API_KEY needs TLS" in message
    assert API_KEY not in message


def test_tls_without_a_cluster_address_is_refused() -> None:
    message = refusal(temporal_api_key=API_KEY)
    assert "TANGKAL_TEMPORAL_ADDRESS is missing" in message
    assert API_KEY not in message


def test_complete_mtls_configuration_presents_the_files(tmp_path: Path) -> None:
    ca, cert, key = pem(tmp_path, "ca"), pem(tmp_path, "cert"), pem(tmp_path, "key")
    settings = Settings(
        _env_file=None,
        temporal_address="temporal.internal:7233",
        temporal_tls_ca_file=ca,
        temporal_tls_cert_file=cert,
        temporal_tls_key_file=key,
        temporal_tls_server_name="temporal.internal",
    )
    tls = tls_config(settings)
    assert isinstance(tls, TLSConfig)
    assert tls.server_root_ca_cert == ca.read_bytes()
    assert tls.client_cert == cert.read_bytes() and tls.client_private_key == key.read_bytes()
    assert tls.domain == "temporal.internal"


def test_api_key_alone_turns_tls_on_and_stays_hidden() -> None:
    settings = Settings(
        _env_file=None,
        temporal_address="ap-southeast-1.aws.api.temporal.io:7233",
        temporal_namespace="badung.a1b2c",
        temporal_api_key=API_KEY,
    )
    assert isinstance(tls_config(settings), TLSConfig)
    assert API_KEY not in repr(settings) and API_KEY not in str(settings.model_dump())


def test_plain_local_settings_use_no_tls() -> None:
    assert tls_config(Settings(_env_file=None)) is False


def test_the_worker_refuses_to_start_and_says_what_is_missing(tmp_path: Path) -> None:
    """As an operator sees it: empty variables from a compose .env count as unset."""
    env = tangkal_env(
        data_dir=tmp_path,
        temporal_address="tangkal.a1b2c.tmprl.cloud:7233",
        temporal_tls_cert_file=pem(tmp_path, "client.pem"),
        temporal_tls_key_file="",
        temporal_api_key=API_KEY,
    )
    done = subprocess.run(
        [sys.executable, "-m", "core.cli", "worker"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "TANGKAL_TEMPORAL_TLS_KEY_FILE" in done.stderr and "missing" in done.stderr
    assert "Traceback" not in done.stderr
    assert API_KEY not in done.stderr + done.stdout


def test_a_named_secret_is_read_from_the_environment_or_else_the_dotenv_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TANGKAL_TEST_PORTAL_PASSWORD", "TANGKAL_TEST_BLANK", "TANGKAL_SLACK_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "TANGKAL_TEST_PORTAL_PASSWORD=from-dotenv\n"
        "TANGKAL_TEST_BLANK=\n"
        "TANGKAL_SLACK_BOT_TOKEN=xoxb-from-dotenv\n"
    )
    settings = Settings(_env_file=dotenv)
    found = settings.secret("TANGKAL_TEST_PORTAL_PASSWORD")
    assert found is not None and found.get_secret_value() == "from-dotenv"
    assert "from-dotenv" not in repr(found) + str(found)
    assert settings.secret("TANGKAL_TEST_BLANK") is None  # empty is unset, as for every setting
    assert settings.secret("TANGKAL_TEST_NOWHERE") is None
    assert Settings(_env_file=None).secret("TANGKAL_TEST_PORTAL_PASSWORD") is None
    # The bot token by its name is the setting the cards use, however it was given.
    assert settings.secret("TANGKAL_SLACK_BOT_TOKEN") == settings.slack_bot_token
    given = Settings(_env_file=dotenv, slack_bot_token="xoxb-given")
    assert given.secret("TANGKAL_SLACK_BOT_TOKEN") == given.slack_bot_token
    monkeypatch.setenv("TANGKAL_TEST_PORTAL_PASSWORD", "from-environment")
    found = settings.secret("TANGKAL_TEST_PORTAL_PASSWORD")
    assert found is not None and found.get_secret_value() == "from-environment"
