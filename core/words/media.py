"""Words of media evidence: its timeline events, its risk factors and how a match is said
("sama dengan media klarifikasi terdahulu, kemiripan 94 %, detik 4-19")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.domain import Severity
from core.words import Words
from core.words.labels import label

W = Words
Data = Mapping[str, Any]

_UPLOADED = W(
    "Bukti media {id} diunggah · SHA-256 {sha}", "Media evidence {id} uploaded · SHA-256 {sha}"
)
_DOWNLOADED = W(
    "Bukti media {id} diunduh · SHA-256 {sha}", "Media evidence {id} downloaded · SHA-256 {sha}"
)
_RESCORED = W(
    "Dinilai ulang dengan media {id}: risiko {before} → {risk}/100, tingkat {severity}",
    "Scored again with media {id}: risk {before} → {risk}/100, severity {severity}",
)
_RECYCLED = W(
    "Media daur ulang: {id} sama dengan media klarifikasi terdahulu “{title}” (kemiripan {pct} %)",
    "Recycled media: {id} is the media of the earlier klarifikasi “{title}” ({pct} % alike)",
)

FACTOR_NAMES = {
    "ai_declared": W("Dibuat AI (kredensial konten)", "AI-generated (content credentials)"),
    "altered_official": W("Salinan ubahan media resmi", "Altered copy of official media"),
}
FACTOR_SENTENCES = {
    "ai_declared": W(
        "kredensial konten C2PA menyatakan media dibuat AI ({detail})",
        "C2PA content credentials declare the media AI-generated ({detail})",
    ),
    "altered_official": W(
        "salinan media resmi “{detail}” yang diubah di satu bagian",
        "a copy of the official “{detail}” changed in one part",
    ),
}


def short_hash(sha256: object) -> str:
    text = str(sha256 or "")
    return f"{text[:12]}…" if len(text) > 12 else text or "—"


def _uploaded(data: Data, lang: str) -> str:
    return _UPLOADED.in_(lang, id=data["media_id"], sha=short_hash(data.get("sha256")))


def _downloaded(data: Data, lang: str) -> str:
    return _DOWNLOADED.in_(lang, id=data["media_id"], sha=short_hash(data.get("sha256")))


def _rescored(data: Data, lang: str) -> str:
    return _RESCORED.in_(
        lang,
        id=data["media_id"],
        before=data["previous"],
        risk=data["risk_score"],
        severity=label(Severity, data["severity"], lang),
    )


def _recycled(data: Data, lang: str) -> str:
    pct = round(100 * float(data.get("similarity") or 0))
    return _RECYCLED.in_(lang, id=data.get("media_id") or "—", title=data["title"], pct=pct)


RENDERERS: dict[str, Callable[[Data, str], str]] = {
    "media_uploaded": _uploaded,
    "media_downloaded": _downloaded,
    "media_rescored": _rescored,
    "media_archive_match": _recycled,
}

# How a match is said on the incident page and the cards.
_SCOPES = {
    "archive": W("media klarifikasi terdahulu", "media of an earlier klarifikasi"),
    "official": W("media resmi", "official media"),
}
_FRAMES = W(
    "bingkai {frames} dari {of} cocok, mulai detik {offset}",
    "frames {frames} of {of} match, from second {offset}",
)
_SECONDS = W(
    "{seconds} detik suara cocok, mulai detik {offset}",
    "{seconds} s of sound match, from second {offset}",
)
_FLIPPED = W("dicerminkan", "mirrored")
_CORNERS = {
    "c": W("tengah", "middle"),
    "tl": W("kiri atas", "top left"),
    "tr": W("kanan atas", "top right"),
    "bl": W("kiri bawah", "bottom left"),
    "br": W("kanan bawah", "bottom right"),
}
_CROPPED = W("dipotong, bagian {corner} tersisa", "cropped, the {corner} part kept")
_BANDED = {
    "top": W("pita teks ditambahkan di atas", "a text band added above"),
    "bottom": W("pita teks ditambahkan di bawah", "a text band added below"),
}
_ALTERED = W(
    "DIUBAH: {share} % gambar berbeda dari aslinya (kotak merah)",
    "ALTERED: {share} % of the picture differs from the original (red box)",
)
_ALIKE = W("kemiripan {pct} %", "{pct} % alike")


def _decimal(value: Any, lang: str) -> str:
    """3.5 as its reader writes it: "3,5" in Bahasa Indonesia."""
    text = f"{float(value):g}"
    return text.replace(".", ",") if lang == "id" else text


def _reframed(where: Data, lang: str) -> list[str]:
    """How a matched picture was reframed, from the variants that matched
    (`core.media.fingerprints`: "crop14_tl", "no_top15")."""
    said = []
    corner = str(where.get("crop") or "").rpartition("_")[2]
    if corner in _CORNERS:
        said.append(_CROPPED.in_(lang, corner=_CORNERS[corner].in_(lang)))
    band = str(where.get("band") or "")
    side = "top" if band.startswith("no_top") else "bottom" if band.startswith("no_bottom") else ""
    if side:
        said.append(_BANDED[side].in_(lang))
    return said


def match_line(match: Data, lang: str) -> str:
    """ "media resmi “Foto resmi Bupati” · kemiripan 96 % · DIUBAH: 4 % …"."""
    scope = _SCOPES.get(str(match.get("scope")), _SCOPES["archive"]).in_(lang)
    parts = [f"{scope} “{match.get('title') or '—'}”"]
    parts.append(_ALIKE.in_(lang, pct=round(100 * float(match.get("similarity") or 0))))
    where = match.get("where") or {}
    if "frames" in where:
        frames = where["frames"]
        shown = len(frames) if isinstance(frames, list) else frames
        offset = _decimal(where.get("offset_s", 0), lang)
        parts.append(_FRAMES.in_(lang, frames=shown, of=where.get("of", "?"), offset=offset))
    if "seconds" in where:
        offset = _decimal(where.get("offset_s", 0), lang)
        seconds = _decimal(where["seconds"], lang)
        parts.append(_SECONDS.in_(lang, seconds=seconds, offset=offset))
    if where.get("flipped"):
        parts.append(_FLIPPED.in_(lang))
    parts += _reframed(where, lang)
    altered = match.get("altered")
    if altered:
        share = f"{100 * float(altered.get('changed_share') or 0):.1f}"
        parts.append(_ALTERED.in_(lang, share=share.replace(".", ",") if lang == "id" else share))
    return " · ".join(parts)


_NO_CREDENTIALS = W(
    "Tanpa kredensial konten (C2PA). Ketiadaannya tidak membuktikan apa pun: kebanyakan berkas"
    " yang beredar tidak membawanya.",
    "No content credentials (C2PA). Their absence proves nothing: most files in circulation"
    " carry none.",
)
_CREDENTIALS = W("Kredensial konten C2PA: {parts}", "C2PA content credentials: {parts}")
_SIGNER = W("ditandatangani {signer}", "signed by {signer}")
_GENERATOR = W("dibuat dengan {generator}", "made with {generator}")
_ACTIONS = W("tindakan: {actions}", "actions: {actions}")
_AI = W("MENYATAKAN DIBUAT AI", "DECLARES AI GENERATION")
_VALIDATION = {
    "valid": W("tanda tangan sah", "signature valid"),
    "untrusted": W(
        "tanda tangan utuh, penandatangan tidak ada di daftar tepercaya",
        "signature intact, signer not on a trust list",
    ),
    "invalid": W(
        "TIDAK SAH: berkas diubah setelah ditandatangani",
        "INVALID: the file was changed after it was signed",
    ),
    "unreadable": W("manifes tidak terbaca", "manifest unreadable"),
}


def credentials_line(credentials: Data | None, lang: str) -> str:
    """What the file's C2PA manifest says, or that it has none (which proves nothing)."""
    if not credentials or not credentials.get("present"):
        return _NO_CREDENTIALS.in_(lang)
    parts = []
    if credentials.get("signer"):
        parts.append(_SIGNER.in_(lang, signer=credentials["signer"]))
    if credentials.get("generator"):
        parts.append(_GENERATOR.in_(lang, generator=credentials["generator"]))
    if credentials.get("actions"):
        parts.append(_ACTIONS.in_(lang, actions=", ".join(map(str, credentials["actions"]))))
    if credentials.get("ai_generated"):
        parts.append(_AI.in_(lang))
    validation = _VALIDATION.get(str(credentials.get("validation")))
    if validation is not None:
        parts.append(validation.in_(lang))
    return _CREDENTIALS.in_(lang, parts="; ".join(parts))


def file_size(size: int, lang: str) -> str:
    """ "2,4 MB" / "2.4 MB"; "850 KB"."""
    if size >= 1_000_000:
        text = f"{size / 1_000_000:.1f} MB"
    elif size >= 1000:
        text = f"{size / 1000:.0f} KB"
    else:
        text = f"{size} B"
    return text.replace(".", ",") if lang == "id" else text
