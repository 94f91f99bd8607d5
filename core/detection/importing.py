"""Reading debunks to seed the archive: ClaimReview JSON-LD (schema.org) and CSV.

Each good row becomes an `ArchiveEntry`; each bad one a `RowProblem` naming its line (CSV) or
item (JSON-LD) and the field at fault, so a team fixes the file and imports it again: rows
already archived are recognised by their URL or claim and not added twice.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from core.detection.archive import ArchiveEntry
from core.detection.language import detect_language
from core.text_hygiene import control_problem, url_problem

CSV_COLUMNS = ("claim", "title", "body", "url", "verdict", "language", "published_at", "media")


@dataclass(frozen=True)
class RowProblem:
    where: str  # "line 7" or "item 3"
    problem: str


def _date(value: str) -> datetime:
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _language(declared: str, claim: str) -> str:
    declared = declared.strip().lower()[:2]
    if declared in ("id", "en"):
        return declared
    return "en" if detect_language(claim) == "en" else "id"


def _refuse_control_characters(fields: dict[str, str]) -> None:
    """A row with a control character is refused, not cleaned: its file is ours to fix, and a
    NUL would make PostgreSQL refuse the whole import."""
    for name in CSV_COLUMNS:
        problem = control_problem(
            fields.get(name, ""), multiline=name in ("claim", "title", "body")
        )
        if problem:
            raise ValueError(f"{name}: {problem}")


def _entry(fields: dict[str, str], origin: str) -> ArchiveEntry:
    """Raises ValueError naming the field at fault."""
    _refuse_control_characters(fields)
    claim = fields.get("claim", "").strip()
    if not claim:
        raise ValueError("claim: missing")
    url = fields.get("url", "").strip() or None
    problem = url_problem(url) if url is not None else None
    if url is not None and problem:
        raise ValueError(f"url: not an http(s) URL ({problem}): {url[:80]!r}")
    published = fields.get("published_at", "").strip()
    try:
        published_at = _date(published) if published else None
    except ValueError:
        raise ValueError(f"published_at: not an ISO 8601 date: {published[:40]!r}") from None
    verdict = fields.get("verdict", "").strip() or None
    title = fields.get("title", "").strip() or f"[{(verdict or 'HOAKS').upper()}] {claim}"[:300]
    body = fields.get("body", "").strip()
    if not body:
        if url is None:
            raise ValueError("body: missing (and no url to refer to)")
        body = f"{title}\n\nKlaim: {claim}\n\nPenilaian: {verdict or '-'}\n\nRujukan: {url}"
    return ArchiveEntry(
        claim=claim,
        title=title,
        body=body,
        language=_language(fields.get("language", ""), claim),
        origin=origin,
        verdict=verdict,
        url=url,
        published_at=published_at,
        media=_media_paths(fields.get("media", "")),
    )


def _media_paths(value: str) -> tuple[str, ...]:
    """`;`-separated paths relative to the CSV file."""
    paths = tuple(p.strip() for p in value.split(";") if p.strip())
    for path in paths:
        if path.startswith(("/", "\\")) or ":" in path[:3]:
            raise ValueError(f"media: {path[:80]!r} is not a path relative to the CSV file")
    return paths


def read_csv(text: str, origin: str) -> Iterator[ArchiveEntry | RowProblem]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"claim"} - set(reader.fieldnames or [])
    if missing:
        known = ", ".join(CSV_COLUMNS)
        yield RowProblem("line 1", f"header: needs a 'claim' column; known: {known}")
        return
    for row in reader:
        fields = {key: value or "" for key, value in row.items() if isinstance(key, str)}
        try:
            yield _entry(fields, origin)
        except ValueError as exc:
            yield RowProblem(f"line {reader.line_num}", str(exc))


def _reviews(document: Any) -> list[Any]:
    """ClaimReview objects from a single object, a list, an @graph or a DataFeed."""
    if isinstance(document, list):
        return [item for part in document for item in _reviews(part)]
    if not isinstance(document, dict):
        return [document]
    if "@graph" in document:
        return _reviews(document["@graph"])
    if "dataFeedElement" in document:
        return [
            item
            for element in document["dataFeedElement"]
            for item in _reviews(element.get("item", []) if isinstance(element, dict) else element)
        ]
    return [document]


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("@value") or "")
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return "" if value is None else str(value)


def read_claim_review(text: str, origin: str) -> Iterator[ArchiveEntry | RowProblem]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        yield RowProblem(f"line {exc.lineno}", f"not valid JSON: {exc.msg}")
        return
    for number, review in enumerate(_reviews(document), start=1):
        if not isinstance(review, dict) or _text(review.get("@type")) != "ClaimReview":
            yield RowProblem(f"item {number}", "@type: not a ClaimReview")
            continue
        rating = review.get("reviewRating")
        fields = {
            "claim": _text(review.get("claimReviewed")),
            "title": _text(review.get("name") or review.get("headline")),
            "body": _text(review.get("reviewBody") or review.get("description")),
            "url": _text(review.get("url")),
            "verdict": _text(rating.get("alternateName")) if isinstance(rating, dict) else "",
            "language": _text(review.get("inLanguage")),
            "published_at": _text(review.get("datePublished")),
        }
        try:
            yield _entry(fields, origin)
        except ValueError as exc:
            yield RowProblem(f"item {number}", str(exc))


def read_archive_file(name: str, text: str) -> Iterator[ArchiveEntry | RowProblem]:
    """CSV by extension; JSON-LD (.json, .jsonld) otherwise."""
    origin = f"import:{name}"[:200]
    if name.lower().endswith(".csv"):
        return read_csv(text, origin)
    return read_claim_review(text, origin)
