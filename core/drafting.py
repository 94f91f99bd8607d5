"""Draft versions: the content hash approvals bind to, and what changed between versions.

Pure functions: the workflow calls both, so they must stay deterministic and free of I/O.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from typing import Any

# The one cap on a draft's length (characters). The API refuses longer drafts, and every
# approval surface shows a draft this long whole or offers no approval there: the page and the
# API always; a Slack card when the text fits one message, else it links to the page.
DRAFT_TITLE_MAX = 300
DRAFT_BODY_MAX = 20_000

# Enough of the diff for the timeline to show what changed, small enough for every event.
MAX_DIFF_LINES = 40


def draft_hash(title: str, body: str, language: str) -> str:
    canonical = json.dumps([title, body, language], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def draft_changes(
    old_title: str, old_body: str, old_language: str, title: str, body: str, language: str
) -> dict[str, Any]:
    """A summary of an edit for the timeline: which parts changed and the changed lines."""
    diff = [
        line
        for line in difflib.unified_diff(
            old_body.splitlines(), body.splitlines(), "before", "after", n=0, lineterm=""
        )
        if not line.startswith(("---", "+++", "@@"))
    ]
    changes: dict[str, Any] = {
        "title_changed": old_title != title,
        "language_changed": old_language != language,
        "lines_added": sum(line.startswith("+") for line in diff),
        "lines_removed": sum(line.startswith("-") for line in diff),
        "diff": diff[:MAX_DIFF_LINES],
    }
    if old_title != title:
        changes["title_before"] = old_title
    return changes
