"""The one way text enters Slack mrkdwn (SPEC §5): escaped, links built only from safe URLs.

Slack reads `<…>` as a control sequence: `<!channel>` pings a channel, `<@U…>` a person and
`<https://evil.example|kpu.go.id>` shows a link under a label it does not lead to. Escaping
`&`, `<` and `>` (and nothing else, as Slack asks) makes any text inert. A link is made only
from a URL that cannot break out of `<url|label>`, and its label is escaped too.

Splitting for Block Kit happens on the escaped text, so each part is within the limit Slack
counts, and never inside an entity such as `&amp;`. Slack counts UTF-16 code units.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Only three characters mean anything in Slack mrkdwn text.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# What may not appear anywhere in a URL made into a link: whitespace, controls, the link syntax.
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f|<>\"`]")
MAX_LINK_URL = 2000
_LONGEST_ENTITY = len("&amp;")
# Boundaries to split at, best first, each only if it leaves at least half a part behind.
_BOUNDARIES = ("\n\n", "\n", " ")


def escape(text: str) -> str:
    return text.translate(_ESCAPES)


def units(text: str) -> int:
    """Length as Slack counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def is_link_url(url: str) -> bool:
    """Strictly: http(s), a host, no user part, no whitespace, control or `|<>"\\``."""
    if not url or len(url) > MAX_LINK_URL or _UNSAFE_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and "@" not in parts.netloc


def link(url: str, label: str | None = None) -> str:
    """`<url|label>` for a safe URL; anything else is shown as (escaped) text, never linked."""
    if not is_link_url(url):
        return escape(url)
    shown = " ".join((label if label is not None else url_label(url)).split())
    return f"<{escape(url)}|{escape(shown) or escape(url)}>"


def url_label(url: str, limit: int = 80) -> str:
    """A short label that always shows the whole host, so a long URL cannot hide where it goes."""
    if len(url) <= limit:
        return url
    parts = urlsplit(url)
    head = f"{parts.scheme}://{parts.netloc}"
    rest = url[len(head) :]
    room = max(limit - len(head) - 1, 0)
    return head + (rest[:room] + "…" if rest else "")


def clip(text: str, limit: int) -> str:
    """Plain text cut to `limit` characters with an ellipsis (escape afterwards)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fits(text: str, limit: int) -> int:
    """The length (in characters) of the longest prefix of `text` within `limit` units."""
    count = 0
    for index, char in enumerate(text):
        count += 2 if ord(char) > 0xFFFF else 1
        if count > limit:
            return index
    return len(text)


def _safe_cut(text: str, end: int) -> int:
    """`end`, moved back to the start of an entity that would otherwise be cut in two."""
    amp = text.rfind("&", max(end - _LONGEST_ENTITY + 1, 0), end)
    if amp != -1 and ";" not in text[amp:end]:
        return amp
    return end


def split(escaped: str, limit: int, *, boundaries: bool = True) -> list[str]:
    """Escaped text in parts of at most `limit` units whose concatenation is the text itself.

    With `boundaries`, a part ends after a paragraph, line or word where one falls in its
    second half; otherwise (or where none does) it is as long as fits, short of an entity.
    """
    parts: list[str] = []
    rest = escaped
    while (end := _fits(rest, limit)) < len(rest):
        cut = _safe_cut(rest, end) or end
        if boundaries:
            for boundary in _BOUNDARIES:
                found = rest.rfind(boundary, 0, end)
                if found >= end // 2:
                    cut = found + len(boundary)
                    break
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts
