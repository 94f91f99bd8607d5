"""The rarity archive lookups weigh a claim's words by is each term's number of archived claims,
kept beside the term index as claims are archived (and filled from it on upgrade), so a lookup
reads it by primary key instead of counting a common word's thousands of rows."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text
from sqlmodel import Session

from core.db import make_engine
from core.detection.archive import ArchiveEntry, _holding, add_to_archive
from core.migrate import alembic_config, migrate

CLAIMS = {
    "a": "Vaksin campak mengandung babi dan chip pelacak",
    "b": "Vaksin polio mengandung babi, haram kata ulama",
    "c": "Beras plastik beredar di pasar Badung",
}
COUNTED = "SELECT term, COUNT(*) FROM archive_terms GROUP BY term"


def _entry(key: str) -> ArchiveEntry:
    return ArchiveEntry(CLAIMS[key], f"[HOAKS] {CLAIMS[key]}", "-", "id", "test", key=key)


def test_each_term_counts_the_claims_that_hold_it_however_often_it_is_imported(
    own_database: str,
) -> None:
    migrate(own_database)
    with Session(make_engine(own_database)) as session:
        for key in ("a", "b", "c", "a"):  # the second "a" is the same debunk imported again
            add_to_archive(session, _entry(key))
        session.commit()
        rows = session.connection().execute(text(COUNTED)).all()
        expected = {str(term): int(claims) for term, claims in rows}
        held = _holding(session, [*expected, "tidakada"])
    assert held == expected
    assert held["vaksin"] == 2 and held["beras"] == 1 and "tidakada" not in held


def test_an_archive_from_before_the_counts_is_counted_on_upgrade(own_database: str) -> None:
    config = alembic_config(own_database)
    command.upgrade(config, "split01")
    engine = make_engine(own_database)
    with engine.begin() as connection:  # as the previous release archived them
        connection.execute(
            text(
                "INSERT INTO archived_claims (id, key, claim, normalized_claim, title, body,"
                " language, origin, created_at) VALUES (1, 'a', 'x', 'x', 'x', '-', 'id', 't',"
                " CURRENT_TIMESTAMP), (2, 'b', 'y', 'y', 'y', '-', 'id', 't', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO archive_terms (term, claim_id) VALUES ('vaksin', 1), ('babi', 1),"
                " ('vaksin', 2)"
            )
        )
    command.upgrade(config, "head")
    with Session(engine) as session:
        assert _holding(session, ["vaksin", "babi", "beras"]) == {"vaksin": 2, "babi": 1}
