"""The incident's shape, declared once (`core.tables.IncidentBase`): the migrated table, the
table model, the API's public models and a new report's row agree on its columns."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from activities.types import Report
from api.app import create_app
from core.db import make_engine, table_of
from core.domain import Actor, ActorKind, Role
from core.incident_row import report_row
from core.migrate import migrate
from core.settings import Settings
from core.tables import Incident

# Stored, and deliberately not shown as stored.
NOT_SHOWN = {
    "normalized_claim": "the duplicate search's key",
    "draft_version": "shown as draft.version",
    "revision": "orders the workflow's writes of the read model",
}
# Set by whoever writes the row (`core.reports.new_incident`, the workflow's writer).
SET_BY_THE_WRITER = {"revision", "updated_at"}
# How a stored scalar reads in the OpenAPI document.
JSON_TYPE = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    datetime: {"type": "string", "format": "date-time"},
}


def _only_incidents(_object: Any, name: str | None, kind: str, *_: Any) -> bool:
    return kind != "table" or name == "incidents"


def _migrated_columns(url: str) -> dict[str, dict[str, Any]]:
    migrate(url)
    engine = make_engine(url)
    try:
        return {c["name"]: dict(c) for c in sa.inspect(engine).get_columns("incidents")}
    finally:
        engine.dispose()


def _aware(kind: sa.types.TypeEngine[Any]) -> bool:
    return isinstance(kind, sa.DateTime) and kind.timezone


def _schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def _nullable(prop: dict[str, Any]) -> bool:
    return {"type": "null"} in prop.get("anyOf", [])


def _non_null(prop: dict[str, Any]) -> dict[str, Any]:
    kinds = [p for p in prop.get("anyOf", [prop]) if p != {"type": "null"}]
    assert len(kinds) == 1, prop
    return {k: v for k, v in kinds[0].items() if k != "title"}


def test_the_migrations_make_the_incident_table_the_model_declares(own_database: str) -> None:
    migrate(own_database)
    engine = make_engine(own_database)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": _only_incidents}
            )
            assert compare_metadata(context, SQLModel.metadata) == []
            columns = sa.inspect(connection).get_columns("incidents")
    finally:
        engine.dispose()
    table = table_of(Incident)
    moments = {c.name for c in table.c if isinstance(c.type, sa.DateTime)}
    assert moments == {"created_at", "updated_at", "publish_at", "closed_at", "first_seen_at"}
    assert all(_aware(table.c[name].type) for name in moments)  # stored with its zone
    if engine.dialect.name == "postgresql":
        stored = {c["name"]: c["type"] for c in columns if isinstance(c["type"], sa.DateTime)}
        assert set(stored) == moments
        assert all(_aware(kind) for kind in stored.values())


def test_every_column_stored_of_an_incident_is_in_the_api_as_stored(
    own_database: str, tmp_path: Path
) -> None:
    """A client sees each column under its name, always present, with the column's type and
    nullability; the list shows the same fields the same way."""
    columns = _migrated_columns(own_database)
    app = create_app(Settings(data_dir=tmp_path, policy_file=Path("tangkal.example.toml")))
    spec = app.openapi()
    public, summary = _schema(spec, "IncidentPublic"), _schema(spec, "IncidentSummary")

    assert set(NOT_SHOWN) <= set(columns)
    shown = set(columns) - set(NOT_SHOWN)
    assert shown - set(public["properties"]) == set()
    assert shown <= set(public["required"])
    for name in shown:
        column, prop = columns[name], public["properties"][name]
        python_type = column["type"].python_type
        if python_type in JSON_TYPE:  # a JSON column has its own shape in the API
            assert _non_null(prop) == JSON_TYPE[python_type], name
            assert _nullable(prop) == column["nullable"], name

    assert set(summary["required"]) == set(summary["properties"])
    for name, prop in summary["properties"].items():
        assert prop == public["properties"][name], name


def test_a_new_report_writes_every_column_of_its_row() -> None:
    """The first write of a report (the API's, a source's, the workflow's) is the whole row."""
    officer = Actor(ActorKind.API_KEY, "k_officer", "Petugas", (Role.OFFICER,))
    at = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    row = report_row("TK-SHAPE", Report("Klaim TPS dipindah", platform="x"), officer, at)
    assert set(row) == set(table_of(Incident).c.keys()) - SET_BY_THE_WRITER
