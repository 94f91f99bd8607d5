"""Items out of a monitored source's response: RSS/Atom through feedparser, JSON by paths.

A response that is not what the source promised raises `FeedError`, so the poll is recorded as
failing rather than silently empty.

Feed content is written by strangers, so every step is linear and bounded: at most `MAX_ITEMS`
items and `MAX_RAW_TEXT` characters of each field are read; the tag pattern `<[^<>]*>` cannot
backtrack (a run of `<` without `>` was quadratic under the old `<[^>]+>` and froze the worker);
control characters are replaced (`core.text_hygiene`), nobody being there to ask; a link that is
not a plain http(s) URL is dropped. The caller runs this in a thread, off the event loop.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import feedparser

from core.detection.admission import MAX_COUNT, MonitoredItem, item_key
from core.policy import Source
from core.text_hygiene import is_http_url, normalised

MAX_ITEMS = 500  # per response; a feed lists its newest first
MAX_RAW_TEXT = 20_000  # characters of a title or summary read, markup included
_TAG = re.compile(r"<[^<>]*>")
_SPACE = re.compile(r"\s+")


class FeedError(ValueError):
    """The response could not be read as the source's kind."""


def _plain(text: str) -> str:
    stripped = _TAG.sub(" ", text[:MAX_RAW_TEXT])
    return _SPACE.sub(" ", normalised(html.unescape(stripped))).strip()


def _link(value: Any) -> str | None:
    url = str(value).strip() if value else ""
    return url if url and is_http_url(url) else None


def _count(value: Any) -> int | None:
    """A reach or growth figure: a whole number in the range the API accepts, else unknown."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return value
    return None


def _guid(value: Any) -> str | None:
    guid = normalised(str(value), "").strip() if value is not None else ""
    return guid or None


def _joined(title: str, summary: str) -> str:
    title, summary = _plain(title), _plain(summary)
    if summary and summary != title:
        return f"{title} — {summary}" if title else summary
    return title


def parse_rss(source: Source, content: bytes) -> list[MonitoredItem]:
    parsed = feedparser.parse(content)
    if parsed.bozo and not parsed.entries:
        raise FeedError(
            f"{source.name}: not an RSS/Atom feed ({type(parsed.bozo_exception).__name__})"
        )
    items = []
    for entry in parsed.entries[:MAX_ITEMS]:
        text = _joined(str(entry.get("title", "")), str(entry.get("summary", "")))
        url = _link(entry.get("link"))
        if text:
            key = item_key(_guid(entry.get("id")), url, text)
            items.append(MonitoredItem(key, text, url, platform=source.platform.value))
    return items


def _at(document: Any, path: str) -> Any:
    if not path:
        return None
    for part in path.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


def parse_json(source: Source, content: bytes) -> list[MonitoredItem]:
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise FeedError(f"{source.name}: not JSON ({type(exc).__name__})") from None
    entries = _at(document, source.items_path) if source.items_path else document
    if not isinstance(entries, list):
        raise FeedError(f"{source.name}: no list of items at {source.items_path or '(top level)'}")
    fields = source.fields
    items = []
    for entry in entries[:MAX_ITEMS]:
        if not isinstance(entry, dict):
            continue
        text = _joined(str(_at(entry, fields.title) or ""), str(_at(entry, fields.text) or ""))
        url = _link(_at(entry, fields.url))
        reach = _at(entry, fields.reach)
        growth = _at(entry, fields.growth)
        guid = _at(entry, fields.id)
        if text:
            items.append(
                MonitoredItem(
                    item_key(_guid(guid), url, text),
                    text,
                    url,
                    reach=_count(reach),
                    growth_per_hour=_count(growth),
                    platform=source.platform.value,
                )
            )
    return items


def parse_items(source: Source, content: bytes) -> list[MonitoredItem]:
    return parse_rss(source, content) if source.kind == "rss" else parse_json(source, content)
