"""Draft versions: the content hash approvals bind to, and what changed between versions.

Pure functions: the workflow calls both, so they must stay deterministic, free of I/O and
cheap. A workflow task that computes for more than 2 s is taken for a deadlock, and the
incident then refuses every action, cancel included: the diff is bounded to linear work.
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
# difflib compares every line of one side with every line of the other (and worse on
# repetitive text: two 20,000-character bodies took 17 s). Past this many line pairs in the
# changed middle, the middle is reported whole as removed and added. Measured worst case at
# this bound: under 0.1 s.
MAX_DIFF_PAIRS = 40_000


def draft_hash(title: str, body: str, language: str) -> str:
    canonical = json.dumps([title, body, language], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many lines the two texts share at the start, and then at the end."""
    shorter = min(len(old), len(new))
    start = 0
    while start < shorter and old[start] == new[start]:
        start += 1
    end = 0
    while end < shorter - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, end


def changed_lines(old_body: str, body: str) -> tuple[list[str], bool]:
    """The removed ("-") and added ("+") lines, and whether they are a minimal diff."""
    old, new = old_body.splitlines(), body.splitlines()
    start, end = _common_ends(old, new)
    old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
    if len(old_middle) * len(new_middle) > MAX_DIFF_PAIRS:
        return ["-" + line for line in old_middle] + ["+" + line for line in new_middle], False
    diff = [
        line
        for line in difflib.unified_diff(
            old_middle, new_middle, "before", "after", n=0, lineterm=""
        )
        if not line.startswith(("---", "+++", "@@"))
    ]
    return diff, True


def draft_changes(
    old_title: str, old_body: str, old_language: str, title: str, body: str, language: str
) -> dict[str, Any]:
    """A summary of an edit for the timeline: which parts changed and the changed lines."""
    diff, exact = changed_lines(old_body, body)
    changes: dict[str, Any] = {
        "title_changed": old_title != title,
        "language_changed": old_language != language,
        "lines_added": sum(line.startswith("+") for line in diff),
        "lines_removed": sum(line.startswith("-") for line in diff),
        "diff": diff[:MAX_DIFF_LINES],
    }
    if not exact:
        changes["diff_approximate"] = True  # the changed block, not a line-by-line diff
    if old_title != title:
        changes["title_before"] = old_title
    return changes
