"""The pages' words, Bahasa Indonesia first, English on request (a `lang` cookie)."""

from __future__ import annotations

from collections.abc import Callable

from core.words.pages import page_words

LANG_COOKIE = "tangkal_lang"
LANGUAGES = ("id", "en")


def translator(lang: str) -> Callable[[str], str]:
    def t(key: str) -> str:
        words = page_words(key)
        return words.in_(lang) if words else key

    return t


def pick_language(cookie: str | None) -> str:
    return cookie if cookie in LANGUAGES else "id"
