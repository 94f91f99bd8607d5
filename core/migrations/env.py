"""Alembic environment: the URL comes from the caller (core.migrate), never from alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import core.detection.tables
import core.media.tables
import core.payload_store
import core.tables  # noqa: F401
from core.db import make_engine

target_metadata = SQLModel.metadata
url = context.config.get_main_option("sqlalchemy.url")
assert url, "core.migrate sets sqlalchemy.url"

engine = make_engine(url)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
