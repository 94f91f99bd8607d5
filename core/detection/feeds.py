"""Items out of a monitored source's response: RSS/Atom through feedparser, JSON by paths.

A response that is not what the source promised raises `FeedError`, so the poll is recorded as
failing rather than silently empty.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import feedparser

from core.detection.admission import MonitoredItem, item_key
from core.policy import Source

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class FeedError(ValueError):
    """The response could not be read as the source's kind."""


def _plain(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()


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
    for entry in parsed.entries:
        text = _joined(str(entry.get("title", "")), str(entry.get("summary", "")))
        url = str(entry.get("link", "")) or None
        if text:
            key = item_key(str(entry.get("id", "")) or None, url, text)
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
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FeedError(f"{source.name}: not JSON ({type(exc).__name__})") from None
    entries = _at(document, source.items_path) if source.items_path else document
    if not isinstance(entries, list):
        raise FeedError(f"{source.name}: no list of items at {source.items_path or '(top level)'}")
    fields = source.fields
    items = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        text = _joined(str(_at(entry, fields.title) or ""), str(_at(entry, fields.text) or ""))
        found_url = _at(entry, fields.url)
        url = str(found_url) if found_url else None
        reach = _at(entry, fields.reach)
        growth = _at(entry, fields.growth)
        guid = _at(entry, fields.id)
        if text:
            items.append(
                MonitoredItem(
                    item_key(str(guid) if guid is not None else None, url, text),
                    text,
                    url,
                    reach=reach if isinstance(reach, int) and reach >= 0 else None,
                    growth_per_hour=growth if isinstance(growth, int) and growth >= 0 else None,
                    platform=source.platform.value,
                )
            )
    return items


def parse_items(source: Source, content: bytes) -> list[MonitoredItem]:
    return parse_rss(source, content) if source.kind == "rss" else parse_json(source, content)
