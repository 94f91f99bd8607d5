"""An archive built by an earlier release's reading of claims is read again on upgrade: a debunk
of a "Badan Narkotika Nasional" vacancy was indexed as three words before full names were read
as their short form, so today's lookup of "BNN" would find no row for its rarest word (in an
archive of thousands, the word that picks this debunk out of every other vacancy). After
`tangkal migrate` the index and its counts hold today's terms, and only then."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import text
from sqlmodel import Session

from core.db import make_engine
from core.detection.archive import ArchiveEntry, add_to_archive, find_in_archive
from core.detection.reindex import fingerprint
from core.migrate import migrate
from core.policy import EXAMPLE_POLICY, load_policy
from core.triage import normalize

THRESHOLD = load_policy(EXAMPLE_POLICY).triage.archive_threshold
CLAIM = "Lowongan kerja Badan Narkotika Nasional 2026 untuk lulusan SMA, daftar lewat tautan"
REPORT = "Ada lowongan kerja BNN 2026 untuk lulusan SMA, daftarnya lewat tautan di grup"
# The terms the release before this one gave that claim, as its index holds them.
EARLIER_TERMS = ("badan", "daftar", "lowongan", "narkotika", "nasional", "tautan")
COUNTED = "SELECT term, COUNT(*) FROM archive_terms GROUP BY term ORDER BY term"


def _found(session: Session) -> str | None:
    hit = find_in_archive(session, normalize(REPORT), THRESHOLD)
    return None if hit is None else hit.claim.key


def test_an_index_of_an_earlier_reading_is_read_again_on_upgrade(own_database: str) -> None:
    assert migrate(own_database) == 0  # a new database: nothing to read, the reading recorded
    engine = make_engine(own_database)
    with Session(engine) as session:
        entry = ArchiveEntry(CLAIM, "Lowongan Kerja BNN 2026", "Faktanya ...", "id", "t", key="bnn")
        add_to_archive(session, entry)
        session.commit()
        assert _found(session) == "bnn"
    with engine.begin() as connection:  # as the earlier release left its index and its state
        connection.execute(text("DELETE FROM archive_terms"))
        connection.execute(text("DELETE FROM archive_term_counts"))
        for term in EARLIER_TERMS:
            connection.execute(
                text(
                    "INSERT INTO archive_terms (term, claim_id) SELECT :t, id FROM archived_claims"
                ),
                {"t": term},
            )
            connection.execute(
                text("INSERT INTO archive_term_counts (term, claims) VALUES (:t, 1)"), {"t": term}
            )
        connection.execute(text("UPDATE archive_index_state SET fingerprint = 'earlier'"))

    assert migrate(own_database) == 1
    with Session(engine) as session:
        assert _found(session) == "bnn"
        index = session.connection().execute(text(COUNTED)).all()
        counts = session.connection().execute(
            text("SELECT term, claims FROM archive_term_counts ORDER BY term")
        )
        assert [tuple(row) for row in counts] == [tuple(row) for row in index]
        assert "bnn" in {row[0] for row in index} and "narkotika" not in {row[0] for row in index}
        state = session.connection().execute(
            text("SELECT fingerprint, claims FROM archive_index_state")
        )
        assert [tuple(row) for row in state] == [(fingerprint(), 1)]
    assert migrate(own_database) is None  # read with this release already: nothing to do
    engine.dispose()


def test_two_upgrades_at_once_read_the_index_again_once(own_database: str) -> None:
    """Two `tangkal migrate` started together (two deploy jobs, a retried one): neither fails,
    one reads the archive again, the other finds it read."""
    migrate(own_database)
    engine = make_engine(own_database)
    with Session(engine) as session:  # enough claims that both upgrades overlap
        for n in range(2000):
            claim = f"Lowongan kerja PT Contoh{n} untuk lulusan SMA, daftar lewat tautan {n}"
            add_to_archive(session, ArchiveEntry(claim, claim, "-", "id", "t", key=f"k{n}"))
        session.commit()
    with engine.begin() as connection:
        connection.execute(text("UPDATE archive_index_state SET fingerprint = 'earlier'"))
    engine.dispose()  # the two upgrades are processes of their own, as two deploy jobs are
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
        results = sorted(pool.map(migrate, [own_database] * 2), key=str)
    assert results == [2000, None]
    with Session(engine) as session:
        index = session.connection().execute(text(COUNTED)).all()
        counts = session.connection().execute(
            text("SELECT term, claims FROM archive_term_counts ORDER BY term")
        )
        assert [tuple(row) for row in counts] == [tuple(row) for row in index]
        held = {str(term): int(claims) for term, claims in index}
        assert held["lowongan"] == 2000
    engine.dispose()
