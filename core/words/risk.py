"""The risk factors as people read them: "Jangkauan +22 — 48.000 tayangan/bagikan dilaporkan",
and who opened a monitored item as an incident. A factor stored before it carried its `detail`
keeps its (English) explanation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.domain import MediaType
from core.words import Words
from core.words import media as media_words
from core.words.cards import number
from core.words.labels import label

W = Words

FACTOR_NAMES = {
    "reach": W("Jangkauan", "Reach"),
    "growth": W("Pertumbuhan", "Growth"),
    "media_type": W("Jenis media", "Media type"),
    "topic": W("Topik", "Topic"),
    "target": W("Sasaran", "Target"),
    "source": W("Sumber", "Source"),
    "impersonation": W("Mengatasnamakan otoritas", "Impersonation"),
    "call_to_action": W("Ajakan berbahaya", "Harmful call to action"),
    "harm": W("Bahaya", "Harm"),
    **media_words.FACTOR_NAMES,
}
_SENTENCES = {
    "reach": W("{detail} tayangan/bagikan dilaporkan", "{detail} views/shares reported"),
    "growth": W("{detail} tayangan/bagikan baru per jam", "{detail} new views/shares an hour"),
    "media_type": W("{detail}", "{detail}"),
    "deepfake": W(
        "{detail}: orang berbicara/bertindak, kemungkinan deepfake",
        "{detail}: a person speaking or acting, possibly a deepfake",
    ),
    "origin": W(
        "{detail}: periksa asal, tempat dan tanggal rekaman (sering lama)",
        "{detail}: check where and when it was recorded (often old footage)",
    ),
    "topic": W("topik sensitif: {detail}", "sensitive topics: {detail}"),
    "target": W("menyasar {detail}", "targets {detail}"),
    "spreader": W("penyebar hoaks yang dikenal: {detail}", "known hoax spreader: {detail}"),
    "trusted": W("sumber tepercaya: {detail}", "trusted source: {detail}"),
    "impersonation": W("atas nama {detail}", "in the name of {detail}"),
    "call_to_action": W("mengajak: {detail}", "calls on people to: {detail}"),
    "harm": W(
        "mengatasnamakan otoritas dan mengajak warga berbuat yang merugikan: kritis, perlu"
        " persetujuan pimpinan",
        "impersonates an authority and calls on people to do harm: critical, a leader must approve",
    ),
    **media_words.FACTOR_SENTENCES,
}


def _sentence(factor: str, points: int, detail: str, lang: str) -> str:
    if factor in ("reach", "growth") and detail.isdigit():
        return _SENTENCES[factor].in_(lang, detail=number(int(detail), lang))
    if factor == "media_type":  # "video|person", "audio|origin", "image" …
        media, _, why = detail.partition("|")
        key = {"person": "deepfake", "origin": "origin"}.get(why, "media_type")
        return _SENTENCES[key].in_(lang, detail=label(MediaType, media, lang))
    if factor == "source":
        return _SENTENCES["spreader" if points > 0 else "trusted"].in_(lang, detail=detail)
    return _SENTENCES[factor].in_(lang, detail=detail)


def factor_line(factor: Mapping[str, Any], lang: str) -> tuple[str, str]:
    """(name, explanation) of one stored risk factor."""
    name = str(factor.get("factor", ""))
    words = FACTOR_NAMES.get(name)
    detail = factor.get("detail")
    if words is None or not isinstance(detail, str):
        return name, str(factor.get("explanation", ""))
    return words.in_(lang), _sentence(name, int(factor.get("points") or 0), detail, lang)


# An incident opened by monitoring: who reported it, and the notes its reviewers read beside
# its risk factors (shown on their own, so not repeated here).
MONITOR_NAME = W("Pemantauan {source}", "Monitoring {source}")
MONITOR_NOTES = W(
    "Ditemukan pemantauan {source} (skor {score}).",
    "Found by monitoring {source} (score {score}).",
)
RECYCLED_NOTE = W(
    "Mengulang hoaks yang pernah diklarifikasi: “{title}” ({points:+d}).",
    "Recycles a hoax clarified before: “{title}” ({points:+d}).",
)
