"""Database engine and sessions (SQLite by default, PostgreSQL in production), and the
idempotent `INSERT … ON CONFLICT` statements both of them speak."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pydantic_core
from sqlalchemy import Connection, Engine, Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

T = TypeVar("T")


def utc(moment: datetime) -> datetime:
    """SQLite drops the zone on the way back; every stored moment is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _private_file(path: Path) -> None:
    """The SQLite file holds claims, drafts and key hashes: created readable by its owner
    alone (0600; SQLite gives its -wal and -shm files the same mode), in a folder made 0700
    when it is made here. An existing file is left as its operator set it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass


def make_engine(url: str) -> Engine:
    # JSON columns are parsed by pydantic-core's parser: a few times faster than the json
    # module's, and an incident read parses about ten of them.
    json_options: dict[str, Any] = {"json_deserializer": pydantic_core.from_json}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            _private_file(Path(path))
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 10}, **json_options
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # Every API and worker process holds its own pool: keep each small, PostgreSQL's
    # max_connections (100 by default) is shared by all of them.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, **json_options)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a SQLModel table class, for statements built once and run as Core."""
    return SQLModel.metadata.tables[str(model.__tablename__)]


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)


LOOP_BUSY_MS = 50


def _loop_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode a reader waits only in rare moments (a checkpoint resetting the log); the
    # loop waits at most this long, then the read goes to a thread (`api.deps.read_now`).
    cursor.execute(f"PRAGMA busy_timeout={LOOP_BUSY_MS}")
    cursor.close()


class LoopReader:
    """SQLite: one connection, opened once, that only the event loop's thread reads on (a
    local file in WAL mode, read by primary keys: cheaper than a thread hop, and no pool to
    check out of and back into per request). Each read is one snapshot: the key check and
    every row of an incident are read as of one moment, never half before and half after a
    write that lands in between."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": LOOP_BUSY_MS / 1000},
            poolclass=StaticPool,
            json_deserializer=pydantic_core.from_json,
        )
        event.listen(self.engine, "connect", _loop_pragmas)
        self._connection: Connection | None = None

    def read(self, read: Callable[..., T], *args: Any) -> T:
        """`read(connection, *args)` in one read transaction, rolled back after."""
        connection = self._connection
        if connection is None or connection.closed or connection.invalidated:
            connection = self._connection = self.engine.connect()
        driver = connection.connection.dbapi_connection
        assert driver is not None
        if driver.in_transaction:  # a read that failed midway
            driver.rollback()
        try:
            driver.execute("BEGIN")
            return read(connection, *args)
        except sqlite3.Error as exc:  # a call on the driver itself (the BEGIN): as SQLAlchemy's
            self.close()  # the next read opens the file afresh
            raise DBAPIError.instance("BEGIN", (), exc, sqlite3.Error) from exc
        except DBAPIError:
            self.close()
            raise
        finally:
            if self._connection is not None and driver.in_transaction:
                driver.rollback()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self.engine.dispose()


def loop_reader(url: str) -> LoopReader | None:
    """The event loop's reader for SQLite; None for a database over the network, which is
    read in a thread."""
    return LoopReader(url) if url.startswith("sqlite") else None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _dialect(bind: Engine | Connection | Session) -> str:
    return (bind.get_bind() if isinstance(bind, Session) else bind).dialect.name


@lru_cache(maxsize=64)
def _insert(dialect: str, model: type[SQLModel]) -> postgresql.Insert | sqlite.Insert:
    table = table_of(model)  # a Core statement on the table: no ORM objects per row
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no INSERT … ON CONFLICT for {dialect}")


# The statements below are built once per database kind and table (an `excluded` alias alone
# costs more than executing the insert) and executed with each row's values as parameters.
# They let an idempotent write skip or update an existing row in one round trip instead of
# reading it first.


@lru_cache(maxsize=64)
def _insert_or_skip(dialect: str, model: type[SQLModel]) -> postgresql.Insert | sqlite.Insert:
    # SQLAlchemy reports an INSERT's rowcount only when asked to (psycopg would say -1).
    return (
        _insert(dialect, model).on_conflict_do_nothing().execution_options(preserve_rowcount=True)
    )


def insert_or_skip(
    bind: Engine | Connection | Session, model: type[SQLModel]
) -> postgresql.Insert | sqlite.Insert:
    """`INSERT … ON CONFLICT DO NOTHING`: a row already there (any unique key) is kept as is;
    the result's `rowcount` says how many rows were written."""
    return _insert_or_skip(_dialect(bind), model)


@lru_cache(maxsize=64)
def _insert_or_update(
    dialect: str, model: type[SQLModel], key: str, columns: tuple[str, ...], newer: str | None
) -> postgresql.Insert | sqlite.Insert:
    insert = _insert(dialect, model)
    return insert.on_conflict_do_update(
        index_elements=[key],
        set_={name: insert.excluded[name] for name in columns},
        where=insert.table.c[newer] < insert.excluded[newer] if newer else None,
    )


def insert_or_update(
    bind: Engine | Connection | Session,
    model: type[SQLModel],
    key: str,
    columns: tuple[str, ...],
    newer: str | None = None,
) -> postgresql.Insert | sqlite.Insert:
    """`INSERT … ON CONFLICT (key) DO UPDATE`: an existing row takes the new row's `columns`;
    with `newer`, only if its `newer` column is lower than the new row's (never roll back)."""
    return _insert_or_update(_dialect(bind), model, key, columns, newer)
