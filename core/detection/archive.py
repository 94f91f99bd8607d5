"""The archive of published counter-statements: adding to it, and finding a recycled hoax in it.

Search goes through the term index: the query's terms, each weighted by its rarity in the
archive (IDF), pick the `_CANDIDATES` claims holding the most weight of them, and only those are
scored (`core.detection.recurrence`: how much of the archived title the claim covers, weighted
by each word's rarity in the archive; a candidate is scored on its debunk's title, not on the
hoax as it was forwarded then, see `_face`), so the cost follows the rows a term points to, not the
size of the archive. A long forwarded narrative has forty terms where the debunk's title has
five, and the title's words are often not the narrative's rarest: up to 40 of its terms are
looked up, those held by at most 5 % of the archive (a word in every twentieth debunk picks
nothing out and its rows are the cost), and a claim sharing the title's rare word outranks one
sharing two common words. A candidate on the same template with another entity (another bank,
Bupati, airline, company: `core.detection.entities`) is no match; the best of those is returned
as the template, so the verifier can reuse its debunk's structure.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, case, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from core.db import table_of
from core.detection.entities import Conflict, Known, slots
from core.detection.matching import matched_terms
from core.detection.recurrence import Compared, Rarity, recurrence
from core.detection.tables import ArchivedClaim, ArchiveTerm, ArchiveTermCount
from core.detection.text import normalize, opening, terms

_claims, _terms = table_of(ArchivedClaim), table_of(ArchiveTerm)
_counts = table_of(ArchiveTermCount)
_CANDIDATES = 100
_QUERY_TERMS = 40
_COMMON = 0.05  # a term held by more of the archive than this is left out of retrieval...
_ALWAYS = 8  # ...unless it is among the claim's rarest few (a claim of common words only)
_SCORED = 20
_LABEL = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")  # a title's leading verdict label


@dataclass(frozen=True)
class ArchiveEntry:
    claim: str
    title: str
    body: str
    language: str
    origin: str
    verdict: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    key: str | None = None  # natural key; defaults to the url, else a hash of the claim
    media: tuple[str, ...] = ()  # files of the debunk's media (an import's paths)


@dataclass(frozen=True)
class ArchiveHit:
    claim: ArchivedClaim
    similarity: float
    conflict: Conflict | None = None  # set on a template: the entity that differs


@dataclass(frozen=True)
class ArchiveSearch:
    hit: ArchiveHit | None  # the same hoax, archived
    template: ArchiveHit | None  # the best one on the same template with another entity


def entry_key(entry: ArchiveEntry) -> str:
    if entry.key:
        return entry.key
    if entry.url:
        return ("url:" + entry.url)[:300]
    return "sha256:" + hashlib.sha256(normalize(entry.claim).encode()).hexdigest()


def archive_id_of(session: Session, entry: ArchiveEntry) -> int:
    """The archived row of an entry already added."""
    found = session.exec(select(ArchivedClaim.id).where(ArchivedClaim.key == entry_key(entry)))
    archive_id = found.one()
    assert archive_id is not None
    return archive_id


def add_to_archive(session: Session, entry: ArchiveEntry) -> bool:
    """Add the entry unless its key is already archived; True if it was added."""
    key = entry_key(entry)
    if session.exec(select(ArchivedClaim.id).where(ArchivedClaim.key == key)).first() is not None:
        return False
    normalized = normalize(entry.claim)
    # As Core statements on the session's connection, in its transaction: the ORM's unit of
    # work for a claim and its dozen terms cost more than the inserts.
    connection = session.connection()
    added = connection.execute(
        _claims.insert(),
        {
            "key": key,
            "claim": entry.claim,
            "normalized_claim": normalized,
            "title": entry.title,
            "body": entry.body,
            "language": entry.language,
            "verdict": entry.verdict,
            "url": entry.url,
            "origin": entry.origin,
            "published_at": entry.published_at,
            "created_at": datetime.now(UTC),
        },
    )
    (claim_id,) = added.inserted_primary_key or (None,)
    assert claim_id is not None
    indexed = indexed_terms(normalized)
    if indexed:
        connection.execute(
            _terms.insert(), [{"term": term, "claim_id": claim_id} for term in indexed]
        )
        # In sorted order, so two archivings at once take the rows' locks in one order.
        connection.execute(_count_up(connection.dialect.name), [{"term": t} for t in indexed])
    return True


def indexed_terms(normalized: str) -> list[str]:
    """The rows of `archive_terms` a claim gets, in sorted order (the column holds 64 letters)."""
    return sorted({term[:64] for term in terms(normalized)})


def _count_up(dialect: str) -> Any:
    """One more claim for a term: a new term starts at one."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_counts).values(term=bindparam("term"), claims=1)
    return statement.on_conflict_do_update(
        index_elements=[_counts.c.term], set_={"claims": _counts.c.claims + 1}
    )


def _holding(session: Session, wanted: Iterable[str]) -> dict[str, int]:
    """How many archived claims hold each of these terms (those none holds are left out)."""
    return dict(
        session.exec(
            select(ArchiveTermCount.term, ArchiveTermCount.claims).where(
                col(ArchiveTermCount.term).in_(sorted({term[:64] for term in wanted}))
            )
        ).all()
    )


def _candidates(session: Session, rarity: Rarity) -> list[int]:
    """The claims holding the most IDF weight of the query's terms."""
    frequency = rarity.holding
    rarest = sorted(frequency, key=lambda term: (frequency[term], term))
    common = _COMMON * rarity.size
    chosen = [t for n, t in enumerate(rarest) if n < _ALWAYS or frequency[t] <= common]
    chosen = chosen[:_QUERY_TERMS]
    if not chosen:
        return []
    # Most rows belong to the commonest terms: they are tested first. Weights in thousandths,
    # as integers: a sum of floats depends on the order it is added in, which PostgreSQL does
    # not fix, and two claims of equal weight changed places from one lookup to the next.
    weight = case(
        *(
            (col(ArchiveTerm.term) == term, round(rarity.idf(term) * 1000))
            for term in reversed(chosen)
        ),
        else_=0,
    )
    score = func.sum(weight).label("score")
    rows = session.exec(
        select(ArchiveTerm.claim_id, score)
        .where(col(ArchiveTerm.term).in_(chosen))
        .group_by(col(ArchiveTerm.claim_id))
        .order_by(score.desc(), col(ArchiveTerm.claim_id).desc())
        .limit(_CANDIDATES)
    ).all()
    return [claim_id for claim_id, _ in rows]


def _opening(normalized: str, known: Known) -> Compared | None:
    """A long claim's opening (`core.detection.text.opening`), scored as a claim of its own
    beside the whole: a forwarded message opens with its own headline ("LOWONGAN KERJA PT X
    ...", "Kejagung sita aset ..."), and the tail that follows dilutes how much of the claim a
    debunk's title covers. None for a claim no longer than `OPENING_WORDS`."""
    head = opening(normalized)
    if head == normalized:
        return None
    return Compared(head, terms(head), slots(head, known))


# The same candidates come back lookup after lookup: each face is worked out once.
@lru_cache(maxsize=8192)
def _face(normalized_claim: str, title: str) -> str:
    """What a candidate is scored on: its debunk's title without its label ("[HOAKS] ...",
    "[MISINFORMASI] ..."), normalised, where the title names anything; else the claim. An
    office's own incidents and an import's rows hold the hoax as it was forwarded, long, and
    the score is fitted to a debunk's title (bench.detection --archive-form narrative measures
    both)."""
    face = normalize(_LABEL.sub("", title))
    return face if terms(face) else normalized_claim


def search_archive(
    session: Session,
    normalized: str,
    threshold: float,
    known: Known = (),
) -> ArchiveSearch:
    """The archived claim most like this one at the threshold, and the best template refused
    for naming another entity; `known` are the policy's officials and agencies."""
    wanted = terms(normalized)
    frequency = _holding(session, wanted) if wanted else {}
    # The highest id counts the claims ever archived: one index look-up, not a scan.
    size = session.exec(select(func.max(ArchivedClaim.id))).one() or 0
    rarity = Rarity(frequency, size)
    ids = _candidates(session, rarity)
    if not ids:
        return ArchiveSearch(None, None)
    # Score on each candidate's face alone; only the winners' whole rows (their text) load.
    candidates = session.exec(
        select(ArchivedClaim.id, ArchivedClaim.normalized_claim, ArchivedClaim.title).where(
            col(ArchivedClaim.id).in_(ids)
        )
    ).all()
    faces = {i: _face(claim, title) for i, claim, title in candidates if i is not None}
    archived = {claim_id: terms(face) for claim_id, face in faces.items()}
    # The learned score needs the rarity of every word of a title, one more read of the
    # counts: only the titles the claim covers best are scored (see `_SCORED`).
    covered = {i: len(matched_terms(wanted, t)) / len(t) for i, t in archived.items() if t}
    ranked = sorted(covered, key=lambda i: (-covered[i], -i))
    scored = ranked[:_SCORED]
    mine = Compared(normalized, wanted, slots(normalized, known))
    # A debunk naming the claim's own entity is scored even where generic titles on its
    # template ("Tautan Pendaftaran CPNS") cover more of the claim's common words.
    named = {term for _, name in mine.slots for term in name.split()} & wanted
    if named:
        scored += [i for i in ranked[_SCORED:] if archived[i] & named][:_SCORED]
    unseen = set().union(*(archived[i] for i in scored)) - frequency.keys()
    frequency.update(_holding(session, unseen) if unseen else {})
    opening = _opening(normalized, known)
    # Among the debunks past the threshold, one that names the claim's own entity (PT Pelindo's
    # vacancy) comes before one that names none (a vacancy "at a BUMN"), whatever their scores.
    best: tuple[int, tuple[bool, float]] | None = None
    template: tuple[int, float, Conflict] | None = None
    for claim_id in scored:
        face = faces[claim_id]
        theirs = Compared(face, archived[claim_id], slots(face, known))
        score, differs = recurrence(mine, theirs, rarity)
        if opening is not None:  # the entity that differs is read from the whole claim
            score = max(score, recurrence(opening, theirs, rarity)[0])
        rank = (bool(mine.slots & theirs.slots), score)
        if score < threshold or (best is not None and rank <= best[1]):
            continue
        if differs is None:
            best = (claim_id, rank)
        elif template is None or score > template[1]:
            template = (claim_id, score, differs)
    hit = _hit(session, best[0], best[1][1]) if best is not None else None
    refused = (
        _hit(session, template[0], template[1], template[2])
        if template is not None and (best is None or template[1] > best[1][1])
        else None
    )
    return ArchiveSearch(hit, refused)


def _hit(
    session: Session, claim_id: int, score: float, differs: Conflict | None = None
) -> ArchiveHit | None:
    row = session.get(ArchivedClaim, claim_id)
    return ArchiveHit(row, score, differs) if row is not None else None


def find_in_archive(
    session: Session,
    normalized: str,
    threshold: float,
    known: Known = (),
) -> ArchiveHit | None:
    """The archived claim most like this one, if it reaches the threshold and names no other
    entity."""
    return search_archive(session, normalized, threshold, known).hit
