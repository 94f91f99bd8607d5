"""The archive's term index follows today's reading of a claim.

`archive_terms` (and its counts) hold each archived claim's terms as `core.detection.text` and
its lexicon read them when the claim was archived. A release that reads claims differently (a
new synonym, a full name read as its short form, another stemming rule) would look up today's
terms in yesterday's index: "Badan Narkotika Nasional" archived as three words is never found
by a lookup that now reads it as "bnn". So the index records the fingerprint of the reading that
built it, and `tangkal migrate` rebuilds it, from each claim as it was reported, when the
fingerprint differs. The rebuild is one transaction: a lookup meanwhile reads the old index.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from core.db import table_of
from core.detection import lexicon, text
from core.detection.archive import indexed_terms
from core.detection.tables import ArchivedClaim, ArchiveIndexState, ArchiveTerm, ArchiveTermCount

_STATE = "terms"
_BATCH = 1000


def fingerprint() -> str:
    """The reading of claims the index is built with: the text module and its word lists."""
    digest = hashlib.sha256()
    for module in (text, lexicon):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


def rebuild_if_stale(session: Session) -> int | None:
    """Rebuild the term index if another reading built it; the number of claims re-read, or
    None when the index is current. The caller commits."""
    wanted = fingerprint()
    connection = session.connection()
    state = table_of(ArchiveIndexState)
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    # The state row is locked before it is read (on SQLite the insert takes the database's write
    # lock): a second `tangkal migrate` at once waits here, then finds the index current.
    blank = {"name": _STATE, "fingerprint": "", "claims": 0, "built_at": datetime.now(UTC)}
    connection.execute(insert(state).values(blank).on_conflict_do_nothing(index_elements=["name"]))
    current = connection.execute(
        select(state.c.fingerprint).where(state.c.name == _STATE).with_for_update()
    ).scalar_one()
    if current == wanted:
        return None
    connection.execute(delete(table_of(ArchiveTerm)))
    connection.execute(delete(table_of(ArchiveTermCount)))
    counts: Counter[str] = Counter()
    claims = 0
    last = 0
    while True:
        rows = session.exec(
            select(ArchivedClaim.id, ArchivedClaim.claim, ArchivedClaim.normalized_claim)
            .where(col(ArchivedClaim.id) > last)
            .order_by(col(ArchivedClaim.id))
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        index_rows: list[dict[str, object]] = []
        for claim_id, claim, stored in rows:
            assert claim_id is not None
            normalized = text.normalize(claim)
            if normalized != stored:
                connection.execute(
                    update(table_of(ArchivedClaim))
                    .where(table_of(ArchivedClaim).c.id == claim_id)
                    .values(normalized_claim=normalized)
                )
            found = indexed_terms(normalized)
            counts.update(found)
            index_rows.extend({"term": term, "claim_id": claim_id} for term in found)
        if index_rows:
            connection.execute(table_of(ArchiveTerm).insert(), index_rows)
        claims += len(rows)
        last = rows[-1][0] or last
    if counts:
        connection.execute(
            table_of(ArchiveTermCount).insert(),
            [{"term": term, "claims": n} for term, n in sorted(counts.items())],
        )
    connection.execute(
        update(state)
        .where(state.c.name == _STATE)
        .values(fingerprint=wanted, claims=claims, built_at=datetime.now(UTC))
    )
    return claims
