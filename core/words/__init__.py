"""The message catalogue: every word Tangkal shows a person, Bahasa Indonesia first, English
on the language switch (SPEC §9). Pure: workflows may import it.

A message is a `Words` pair of `str.format` templates; a `Reader` (language and time zone)
says it. What each part of the product shows lives in one module of this package:
`labels` (enum values), `events` (timeline summaries), `pages`, `cards`, `notices`, `refusals`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Words:
    """One message in both languages; `{name}` fields are filled by `Reader.say`."""

    id: str
    en: str

    def in_(self, lang: str, **params: Any) -> str:
        template = self.en if lang == "en" else self.id
        return template.format(**params) if params else template


def language(value: str | None) -> str:
    """A language we speak: `en` when asked for, Bahasa Indonesia otherwise."""
    return "en" if value == "en" else "id"
