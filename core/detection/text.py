"""From a claim as people post it to the terms that identify it.

`normalize` keeps a readable text (slang spelled out, accents and emoji gone) that is stored with
the incident; `terms` reduces it to the content words that survive paraphrase: stopwords, hoax
framing, dates and numbers dropped (a recycled hoax changes exactly those), English synonyms
mapped to their Indonesian term, Indonesian affixes stripped (dicoblos, tercoblos -> coblos).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from core.detection.lexicon import NAMES, PHRASES, SLANG, STEM_EXCEPTIONS, STOPWORDS, SYNONYMS

_TOKEN = re.compile(r"[a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "bangeeet", "ngeriii"
_REDUPLICATION = re.compile(r"^([a-z]{3,})2$")  # "anak2" is "anak-anak"


def _alternatives(phrases: dict[str, str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, the longest first ("dewan perwakilan rakyat daerah"
    before "dewan perwakilan rakyat")."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in ordered) + r")\b")


_NAME = _alternatives(NAMES)
_PHRASE = _alternatives(PHRASES)

_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_SUFFIXES = ("kan", "an", "i")
# Longest first; (prefix, letter restored before a vowel): menolak -> tolak, memukul -> pukul.
# meng-/peng- before a vowel keep the vowel root (mengungsi -> ungsi); spoken ng-/nge- too.
_PREFIXES = (
    ("meny", "s"),
    ("peny", "s"),
    ("meng", ""),
    ("peng", ""),
    ("mem", "p"),
    ("pem", "p"),
    ("men", "t"),
    ("pen", "t"),
    ("ber", ""),
    ("ter", ""),
    ("per", ""),
    ("me", ""),
    ("pe", ""),
    ("di", ""),
    ("ke", ""),
    ("se", ""),
    ("nge", ""),
    ("ng", ""),
)
_VOWELS = frozenset("aeiou")
_MIN_STEM = 4


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words: list[str] = []
    for token in _TOKEN.findall(folded):
        token = _REPEATS.sub(r"\1", token)
        reduplicated = _REDUPLICATION.match(token)
        if reduplicated:
            token = reduplicated.group(1)
        words.append(SLANG.get(token, token))
    return " ".join(words)


# A forwarded message opens with its own headline; this many words are its opening. Chosen on
# the tune half of the real debunks (bench.detection: 20, 25, 30 and 40 words tried).
OPENING_WORDS = 25


@lru_cache(maxsize=8192)
def opening(normalized: str) -> str:
    """The normalised claim's first `OPENING_WORDS` words (all of a shorter claim)."""
    words = normalized.split()
    return normalized if len(words) <= OPENING_WORDS else " ".join(words[:OPENING_WORDS])


def short_names(normalized: str) -> str:
    """The normalised claim with full names of agencies, banks and provinces in their short
    form (see `NAMES`), as the terms and the entity slots read it."""
    return _NAME.sub(lambda m: NAMES[m.group(1)], normalized)


# Words recur across claims far more than claims do: the archive's candidates of one lookup
# are new claims made of words already stemmed.
@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light Indonesian stemmer: good enough to make affixed forms of one root meet."""
    if word in STEM_EXCEPTIONS or len(word) <= _MIN_STEM:
        return word
    for group in (_PARTICLES, _POSSESSIVES, _SUFFIXES):
        for suffix in group:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)]
                break
        if word in STEM_EXCEPTIONS:  # sekolahnya -> sekolah, and no further
            return word
    for prefix, restored in _PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= _MIN_STEM:
            if restored and rest[0] in _VOWELS:
                return restored + rest
            return rest
    return word


# Triage compares a new claim with every open incident and the archive's candidates, most of
# them seen by the previous triage too: room for the open window and the candidates both.
@lru_cache(maxsize=4096)
def terms(normalized: str) -> frozenset[str]:
    joined = _PHRASE.sub(lambda m: PHRASES[m.group(1)], short_names(normalized))
    found: set[str] = set()
    for token in joined.split():
        if len(token) <= 2 or token in STOPWORDS or not token.isalpha():
            continue
        canonical = SYNONYMS.get(token)
        if canonical is None:
            canonical = SYNONYMS.get(stem(token), stem(token))
        if canonical not in STOPWORDS:
            found.add(canonical)
    return frozenset(found)
