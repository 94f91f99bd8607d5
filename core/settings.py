"""Process configuration from the environment (SPEC §6): prefix TANGKAL_, `.env` when present."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, PrivateAttr, SecretStr, model_validator
from pydantic_settings import BaseSettings, DotEnvSettingsSource, SettingsConfigDict
from pydantic_settings.sources import DotenvType

PREFIX = "TANGKAL_"

_TLS_FILES = {
    "temporal_tls_ca_file": "TANGKAL_TEMPORAL_TLS_CA_FILE",
    "temporal_tls_cert_file": "TANGKAL_TEMPORAL_TLS_CERT_FILE",
    "temporal_tls_key_file": "TANGKAL_TEMPORAL_TLS_KEY_FILE",
}


class Settings(BaseSettings):
    # An empty variable (`TANGKAL_X=` in a compose .env) means "not set", never an empty path.
    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_file=".env", extra="ignore", env_ignore_empty=True
    )

    data_dir: Path = Path("./var")
    database_url: str = ""
    temporal_address: str = ""
    temporal_namespace: str = "default"
    task_queue: str = "tangkal"
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    policy_file: Path = Path("tangkal.toml")
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    # Extensions: where `tangkal dev` puts the embedded Temporal server, and the request cap.
    dev_temporal_port: int = 7233
    dev_ui_port: int = 8233
    max_body_bytes: int = Field(default=64 * 1024, gt=0)
    # One media file of evidence (`POST /incidents/{id}/media`): larger is refused with a 413.
    max_media_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    # A Temporal cluster or Temporal Cloud (docs/deploy.md). TLS is on as soon as a TLS file or
    # an API key is given, unless TEMPORAL_TLS says otherwise; TEMPORAL_TLS=true alone uses the
    # system's root certificates.
    temporal_tls: bool | None = None
    temporal_tls_ca_file: Path | None = None
    temporal_tls_cert_file: Path | None = None
    temporal_tls_key_file: Path | None = None
    temporal_tls_server_name: str | None = None
    temporal_api_key: SecretStr | None = None
    # How much one worker process takes on, and how long it drains in-flight work on SIGTERM.
    worker_max_concurrent_activities: int = Field(default=32, gt=0)
    worker_max_concurrent_workflow_tasks: int = Field(default=100, gt=0)
    worker_shutdown_grace_seconds: float = Field(default=30.0, ge=0)
    # Signs the leadership pages' session cookies; generated into DATA_DIR when unset.
    session_secret: SecretStr | None = None
    # /metrics names routes, stages and counts: by default it answers an admin API key or
    # METRICS_TOKEN (a bearer token for the Prometheus scraper, so that it holds no admin
    # key); METRICS_PUBLIC=true opens it to anyone who reaches the API.
    metrics_public: bool = False
    metrics_token: SecretStr | None = None
    # The .env file(s) these settings were read from, where `secret` looks too.
    _env_file: DotenvType | None = PrivateAttr(default=".env")

    if not TYPE_CHECKING:  # mypy keeps the pydantic plugin's __init__, which checks each field

        def __init__(self, **values: Any) -> None:
            super().__init__(**values)
            self._env_file = values.get("_env_file", self.model_config.get("env_file"))

    def secret(self, name: str) -> SecretStr | None:
        """The secret in the env var `name` (a policy's `secret_env`), read as every setting is:
        from the environment, else from the .env file; None when it is unset or empty.

        The name of one of these settings (`TANGKAL_SLACK_BOT_TOKEN`) answers that setting,
        however it was given, so a token is the same for every part that uses it.
        """
        field = name.removeprefix(PREFIX).lower()
        if name.startswith(PREFIX) and field in type(self).model_fields:
            value = getattr(self, field)
            if isinstance(value, SecretStr):
                return value if value.get_secret_value() else None
            if value is None:
                return None
        dotenv = DotEnvSettingsSource(type(self), env_file=self._env_file, case_sensitive=True)
        raw = os.environ.get(name) or dotenv.env_vars.get(name)
        return SecretStr(raw) if raw else None

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'tangkal.db').resolve()}"

    @property
    def effective_temporal_address(self) -> str:
        return self.temporal_address or f"127.0.0.1:{self.dev_temporal_port}"

    @property
    def temporal_tls_enabled(self) -> bool:
        if self.temporal_tls is not None:
            return self.temporal_tls
        return self.temporal_api_key is not None or any(self._tls_options())

    def _tls_options(self) -> list[str]:
        """The env names of the TLS options that are set."""
        names = [env for field, env in _TLS_FILES.items() if getattr(self, field) is not None]
        if self.temporal_tls_server_name:
            names.append("TANGKAL_TEMPORAL_TLS_SERVER_NAME")
        return names

    @model_validator(mode="after")
    def _temporal_connection_complete(self) -> Settings:
        problems = self._temporal_connection_problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _temporal_connection_problems(self) -> list[str]:
        problems: list[str] = []
        cert, key = self.temporal_tls_cert_file, self.temporal_tls_key_file
        if cert is not None and key is None:
            problems.append(
                "incomplete Temporal mTLS configuration: TANGKAL_TEMPORAL_TLS_CERT_FILE is set "
                "but TANGKAL_TEMPORAL_TLS_KEY_FILE (the client private key) is missing"
            )
        if key is not None and cert is None:
            problems.append(
                "incomplete Temporal mTLS configuration: TANGKAL_TEMPORAL_TLS_KEY_FILE is set "
                "but TANGKAL_TEMPORAL_TLS_CERT_FILE (the client certificate) is missing"
            )
        for field, env in _TLS_FILES.items():
            path: Path | None = getattr(self, field)
            if path is not None and not path.is_file():
                problems.append(f"{env}: no such file: {path}")
        if self.temporal_tls is False and self._tls_options():
            problems.append(
                "TANGKAL_TEMPORAL_TLS=false, but "
                + ", ".join(self._tls_options())
                + " only make sense with TLS: remove them or turn TLS on"
            )
        if self.temporal_tls is False and self.temporal_api_key is not None:
            problems.append("TANGKAL_TEMPORAL_API_KEY needs TLS, but TANGKAL_TEMPORAL_TLS=false")
        if self.temporal_tls_enabled and not self.temporal_address:
            problems.append(
                "TANGKAL_TEMPORAL_ADDRESS is missing: TLS and API keys are for a Temporal "
                "cluster or Temporal Cloud; the embedded dev server speaks plain gRPC"
            )
        return problems


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
