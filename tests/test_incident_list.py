"""Walking `GET /incidents` page by page shows every incident once, newest first, also with a
stage or severity filter and when many were reported in the same instant (a feed's batch)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from activities.types import Report
from api.store import list_incidents, page_query
from core.db import engine_for, session_scope
from core.domain import Actor, ActorKind, Role
from core.migrate import migrate
from core.reports import new_incident

OFFICER = Actor(ActorKind.API_KEY, "k_officer", "Petugas", (Role.OFFICER,))
START = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)


def _reported(url: str) -> list[tuple[datetime, str, str, str]]:
    """137 incidents, a third of them reported in the same instant as another."""
    rows = []
    with session_scope(engine_for(url)) as session:
        for n in range(137):
            at = START + timedelta(minutes=n // 3 * 3 if n % 3 else n)
            row, _ = new_incident(f"TK-LIST{n:04d}", Report(f"Klaim nomor {n}"), OFFICER, at)
            row.stage = ("verification", "approval", "closed")[n % 3]
            row.severity = ("low", "high")[n % 2]
            session.add(row)
            rows.append((at, row.id, row.stage, row.severity))
    return rows


def _walk(url: str, **filters: str) -> list[str]:
    shown, cursor, pages = [], None, 0
    while True:
        page = list_incidents(
            engine_for(url),
            stage=filters.get("stage"),
            severity=filters.get("severity"),
            q=None,
            limit=10,
            cursor=cursor,
        )
        shown += [item.id for item in page.items]
        pages += 1
        assert pages < 100, "the walk does not end"
        if page.next_cursor is None:
            return shown
        cursor = page.next_cursor


def test_every_incident_once_newest_first_with_and_without_filters(own_database: str) -> None:
    migrate(own_database)
    rows = _reported(own_database)
    newest_first = sorted(rows, key=lambda r: (r[0], r[1]), reverse=True)
    assert _walk(own_database) == [r[1] for r in newest_first]
    assert _walk(own_database, stage="approval") == [
        r[1] for r in newest_first if r[2] == "approval"
    ]
    assert _walk(own_database, severity="high", stage="closed") == [
        r[1] for r in newest_first if r[2] == "closed" and r[3] == "high"
    ]


def test_a_page_seeks_in_an_index_rather_than_scanning_the_rows_before_it(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    migrate(url)
    _reported(url)
    engine = engine_for(url)
    first = list_incidents(engine, stage=None, severity=None, q=None, limit=10, cursor=None)
    assert first.next_cursor is not None
    with engine.connect() as connection:
        for stage in (None, "approval"):
            query = page_query(
                stage=stage, severity=None, q=None, limit=10, cursor=first.next_cursor
            )
            sql = query.compile(engine, compile_kwargs={"literal_binds": True})
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
            detail = " ".join(str(row[-1]) for row in plan)
            assert "INDEX ix_incidents_" in detail and "(created_at,id)<" in detail, detail
            assert "TEMP B-TREE" not in detail, detail  # no sort of every matching row
