"""What a klarifikasi takes from the claim: a headline an editor would sign, and a brief quote.

The headline states the claim without the chain message's framing ("Beredar video …",
"PENTING!", "Video viral:"), in sentence case rather than the claim's capitals, and fits its
room without cutting a word: at a clause if one leaves enough, else at a word with "…". The
quote is the claim as written, cut at a sentence (else a word) so that a long chain message is
referred to, not republished.

Pure and linear in the claim's length: the workflow's activity calls it, the API never.
"""

from __future__ import annotations

import re

HEADLINE_MAX = 100  # the whole title, label included
QUOTE_MAX = 280  # about one social post: enough to recognise the claim by
ELLIPSIS = "…"
_EDGE = " ,;:-\u2013\u2014"  # what a cut phrase does not end (or a stated claim begin) with
_LOOSE_END = _EDGE + "&(\"'\u201c\u2018"

# Framing that announces a message rather than saying anything: dropped from the headline.
_SHOUTED_LEAD = re.compile(
    r"^(?:(?:info(?:rmasi)?\s+)?(?:penting|breaking(?:\s+news)?|viral|darurat|urgent|waspada|"
    r"awas|sebarkan|segera\s+sebarkan|mohon\s+(?:di)?sebarkan|bagikan|perhatian|share(?:\s+this)?|"
    r"alert|warning|info|berita|kabar)\s*[:!.\-\u2013\u2014]+\s*)+",
    re.IGNORECASE,
)
_MEDIUM_VIRAL = re.compile(
    r"^(video|foto|gambar|rekaman|audio|unggahan)\s+viral\s*[:\-\u2013\u2014]?\s*", re.IGNORECASE
)
_CIRCULATING = re.compile(
    r"^(?:(?:telah|kembali)\s+)?beredar(?:\s+(?:luas|kembali|lagi))?"
    r"(?:\s*[:\-\u2013\u2014]\s*|\s+)",
    re.IGNORECASE,
)
_MESSAGE_OF = re.compile(
    r"^(?:sebuah\s+)?(?:pesan(?:\s+berantai)?|kabar|informasi|info|narasi|isu|berita)"
    r"(?:\s+(?:bahwa|yang\s+menyebut(?:kan)?)\s+|\s*[:\-\u2013\u2014]\s*)",
    re.IGNORECASE,
)
# A plea to pass the message on, at its end: "Harap sebarkan!", "<sebarkan & viralkan!>".
_PLEA = re.compile(
    r"[\s<(\[]*\b(?:(?:harap|mohon|tolong|segera|ayo|please)\s+)?"
    r"(?:sebarkan|viralkan|bagikan|teruskan|share|forward)\b[^.!?]*[.!?>)\]]*\s*$",
    re.IGNORECASE,
)
_THAT = re.compile(r"^(?:bahwa|that)\s+", re.IGNORECASE)

_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
# Short words a shouting claim writes in capitals too: not acronyms.
_COMMON_SHORT = frozenset(
    "di ke dari dan yang ini itu ada akan atau pada untuk oleh juga jam hari yg utk dgn tak "
    "bisa mau sudah the a an of in on to and or is are at by for it be this that was has "
    "now".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'\u201d\u2019)]*(?=\s|$)")
# Where a headline may end as a whole phrase: before a clause.
_CLAUSE = re.compile(
    r"\s*(?:[,;]\s|\s[-\u2013\u2014]\s"
    r"|\s(?:karena|sehingga|agar|supaya|padahal|because|so that)\s)",
    re.IGNORECASE,
)
# Words a cut phrase must not end on.
_DANGLING = frozenset(
    "di ke dari dan yang atau pada untuk oleh dengan bahwa serta karena dalam tentang soal "
    "sebelum sesudah setelah of in on to and or the a an by for with from that at".split()
)


def flat(text: str) -> str:
    return " ".join(text.split())


def sentence_case(text: str) -> str:
    """Shouted words lowered, the first letter capitalised. An acronym (KPU, TPS, BMKG) and a
    word with digits (COVID-19) keep their capitals; Title Case is left alone: it cannot be
    told from proper nouns."""
    letters = [c for c in text if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)
    words = list(_WORD.finditer(text))
    capitals = [_capitals(m.group(0)) for m in words]
    pieces, at = [], 0
    for number, match in enumerate(words):
        word = match.group(0)
        # In a run of capitals ("SHARE THIS NOW", "PENGUMUMAN KPU") even short words shout.
        in_run = any(capitals[n] for n in (number - 1, number + 1) if 0 <= n < len(words))
        if capitals[number] and not _acronym(word, strict=shouting or in_run):
            word = word.lower()
        pieces += [text[at : match.start()], word]
        at = match.end()
    cased = "".join(pieces) + text[at:]
    return cased[:1].upper() + cased[1:]


def _capitals(word: str) -> bool:
    return word.isupper() and sum(c.isalpha() for c in word) >= 2


def _acronym(word: str, *, strict: bool) -> bool:
    """Up to four letters (and, among shouted words, at most one vowel and not a common
    word: KPU, BMKG, DPRD stay; BALI, PAGI, YANG do not); any word with a digit."""
    if any(c.isdigit() for c in word):
        return True
    if len(word) > 4:
        return False
    if not strict:
        return True
    vowels = sum(c in "AEIOU" for c in word)
    return vowels <= 1 and word.lower() not in _COMMON_SHORT


def claim_statement(claim: str) -> str:
    """The claim as a headline states it: one line, without the message's own framing."""
    text = flat(claim)
    stated = _SHOUTED_LEAD.sub("", text)
    stated = _MEDIUM_VIRAL.sub(lambda m: m.group(1) + " ", stated)
    stated = _CIRCULATING.sub("", stated)
    stated = _THAT.sub("", _MESSAGE_OF.sub("", stated))
    while (plea := _PLEA.search(stated)) is not None and plea.start() >= 3:
        stated = stated[: plea.start()]
    stated = stated.strip(_EDGE)
    return sentence_case(stated if len(stated) >= 3 else text)


def fit(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, never cut inside a word: whole when it fits,
    else up to the last clause that leaves at least half the room, else to a word, with "…"."""
    text = flat(text)
    if len(text) <= limit:
        return text
    clauses = [m.start() for m in _CLAUSE.finditer(text) if m.start() <= limit]
    if clauses and clauses[-1] >= limit // 2:
        return _trimmed(text[: clauses[-1]])
    room = text[: limit - len(ELLIPSIS) + 1]
    cut = room.rfind(" ")
    if cut <= 0:  # one very long "word" (a URL): nothing sensible to keep but its start
        return text[: limit - len(ELLIPSIS)] + ELLIPSIS
    return _trimmed(room[:cut]) + ELLIPSIS


def _trimmed(phrase: str) -> str:
    words = phrase.rstrip(_LOOSE_END).split(" ")
    while len(words) > 3 and words[-1].lower().strip(",") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(_LOOSE_END)


def headline(claim: str, room: int) -> str:
    """The claim stated for a headline in at most `room` characters: the first sentence when
    the whole does not fit, the part after a lead-in ("Pengumuman KPU Badung: …") when
    even that does not, no full stop or exclamation at the end."""
    stated = claim_statement(claim)
    if len(stated) > room:
        end = _SENTENCE_END.search(stated)
        if end and end.end() >= 20:
            stated = stated[: end.end()]
    if len(stated) > room:
        lead, colon, rest = stated.partition(": ")
        if colon and len(lead) <= 60 and len(rest) >= 20:
            stated = sentence_case(rest)
    return fit(stated, room).rstrip(".!")


def quoted(claim: str, limit: int = QUOTE_MAX) -> str:
    """The claim as written, on one line, at most `limit` characters: whole, else up to the
    last sentence that keeps at least half of it, else to a word; "…" marks the cut."""
    text = flat(claim)
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= limit - 2]
    if ends and ends[-1] >= limit // 2:
        return text[: ends[-1]] + " " + ELLIPSIS
    room = text[: limit - len(ELLIPSIS) + 1]
    cut = room.rfind(" ")
    if cut <= 0:
        return text[: limit - len(ELLIPSIS)] + ELLIPSIS
    return room[:cut].rstrip(_EDGE) + ELLIPSIS


def starts_by_circulating(claim: str) -> bool:
    """The claim says "Beredar …" itself: the klarifikasi must not say so twice."""
    return _CIRCULATING.match(flat(claim) + " ") is not None
