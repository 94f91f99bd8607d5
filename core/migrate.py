"""Schema migrations (Alembic), run the same way on SQLite and PostgreSQL, and the derived data
a release rebuilds after them (the archive's term index, `core.detection.reindex`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlmodel import Session

from core.db import make_engine
from core.detection.reindex import rebuild_if_stale

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def migrate(database_url: str) -> int | None:
    """Upgrade the schema; the number of archived claims whose terms were read again (None when
    the term index was already built by this release's reading)."""
    command.upgrade(alembic_config(database_url), "head")
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            rebuilt = rebuild_if_stale(session)
            session.commit()
    finally:
        engine.dispose()
    return rebuilt
