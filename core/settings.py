"""Process configuration from the environment (SPEC §6): prefix TANGKAL_, `.env` when present."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGKAL_", env_file=".env", extra="ignore")

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
    # Signs the leadership pages' session cookies; generated into DATA_DIR when unset.
    session_secret: SecretStr | None = None

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'tangkal.db').resolve()}"

    @property
    def effective_temporal_address(self) -> str:
        return self.temporal_address or f"127.0.0.1:{self.dev_temporal_port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
