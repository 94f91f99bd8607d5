"""Hot reads run straight on the database driver: a SELECT compiled once per dialect, its
rows decoded by each column type's own result processor (so a value comes back exactly as
SQLAlchemy would return it), without building an execution context and a result proxy per
statement — most of what a primary-key read costs through Core.

For a few statements run on every status poll (`api.store.incident_document`), on SQLite,
where the status read runs on the event loop and this is most of its cost. On PostgreSQL (a
network round trip dominates, in a thread) they run through Core as everything else does:
psycopg's result processors also want the column's type from the cursor.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Compiled:
    sql: str
    positions: tuple[str, ...] | None  # parameter names in order (qmark), or None (named)
    names: tuple[str, ...]
    # (position, name, processor) of the columns that have a processor: most (text, integers)
    # come back from the driver as they are, and a row is made with one `dict(zip(...))`
    decoded: tuple[tuple[int, str, Callable[[Any], Any]], ...]


class RawSelect:
    """One SELECT, compiled for each dialect it meets (once per process)."""

    def __init__(self, statement: sa.Select[Any]) -> None:
        self.statement = statement
        self._by_dialect: dict[str, Compiled] = {}

    def _compiled(self, dialect: Dialect) -> Compiled:
        found = self._by_dialect.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            positions = compiled.positiontup if dialect.paramstyle in ("qmark", "numeric") else None
            names = tuple(str(column.key) for column in self.statement.selected_columns)
            processors: list[Processor] = [
                dialect.type_descriptor(column.type).result_processor(dialect, None)
                for column in self.statement.selected_columns
            ]
            decoded = tuple(
                (position, names[position], processor)
                for position, processor in enumerate(processors)
                if processor is not None
            )
            found = Compiled(
                compiled.string, tuple(positions) if positions else None, names, decoded
            )
            self._by_dialect[dialect.name] = found
        return found

    def rows(self, connection: Connection, params: dict[str, Any]) -> list[dict[str, Any]]:
        if connection.dialect.name != "sqlite":
            return [row._asdict() for row in connection.execute(self.statement, params)]
        compiled = self._compiled(connection.dialect)
        bound: Any = params
        if compiled.positions is not None:
            bound = tuple(params[name] for name in compiled.positions)
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.sql, bound)
            fetched = cursor.fetchall()
        except sqlite3.Error as exc:  # past SQLAlchemy: raised as it would raise it (a locked
            # or broken file is its OperationalError, which the API answers with 503); the
            # values it was given (a key's hash) stay out of the message
            raise DBAPIError.instance(
                compiled.sql, bound, exc, sqlite3.Error, hide_parameters=True
            ) from exc
        finally:
            cursor.close()
        names, decoded = compiled.names, compiled.decoded
        found = []
        for row in fetched:
            values = dict(zip(names, row, strict=True))
            for position, name, decode in decoded:
                value = row[position]
                if value is not None:
                    values[name] = decode(value)
            found.append(values)
        return found

    def first(self, connection: Connection, params: dict[str, Any]) -> dict[str, Any] | None:
        found = self.rows(connection, params)
        return found[0] if found else None
