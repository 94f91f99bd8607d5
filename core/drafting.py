"""Counter-statement ("klarifikasi") composition and draft hashing.

The hash is what an approval binds to: it covers exactly the text that will be published.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from core.domain import Verdict

LABELS: dict[str, dict[Verdict, str]] = {
    "id": {
        Verdict.FALSE: "HOAKS",
        Verdict.MISLEADING: "MISINFORMASI",
        Verdict.PARTLY_FALSE: "DISINFORMASI",
        Verdict.UNPROVEN: "BELUM TERBUKTI",
        Verdict.TRUE: "FAKTA",
    },
    "en": {
        Verdict.FALSE: "HOAX",
        Verdict.MISLEADING: "MISLEADING",
        Verdict.PARTLY_FALSE: "PARTLY FALSE",
        Verdict.UNPROVEN: "UNPROVEN",
        Verdict.TRUE: "TRUE",
    },
}

_MONTHS_ID = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()


@dataclass(frozen=True)
class DraftText:
    title: str
    body: str
    language: str


def draft_hash(title: str, body: str, language: str) -> str:
    canonical = json.dumps([title, body, language], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _date(moment: datetime, timezone: str, language: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    if language == "id":
        return f"{local.day} {_MONTHS_ID[local.month - 1]} {local.year}"
    return local.strftime("%d %B %Y")


def _short(claim: str, limit: int = 90) -> str:
    flat = " ".join(claim.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def compose(
    *,
    claim: str,
    platform: str | None,
    reported_at: datetime,
    verdict: Verdict,
    summary: str,
    evidence_urls: list[str],
    authority: str,
    organization: str,
    timezone: str,
    language: str,
    now: datetime,
) -> DraftText:
    label = LABELS[language][verdict]
    refs = "\n".join(f"- {url}" for url in evidence_urls) or "-"
    where = (platform or "media sosial").capitalize() if platform != "x" else "X (Twitter)"
    if language == "en":
        title = f"[{label}] {_short(claim)}"
        body = (
            f"A claim has been circulating on {where} since "
            f'{_date(reported_at, timezone, "en")}:\n\n"{claim}"\n\n'
            f"Explanation / The facts:\n{summary}\n\n"
            f"Authoritative source: {authority or organization}\n\n"
            f"Conclusion:\nThe claim is {label}. Please do not share it further.\n\n"
            f"References:\n{refs}\n\n"
            f"Issued by {organization}, {_date(now, timezone, 'en')}."
        )
    else:
        title = f"[{label}] {_short(claim)}"
        body = (
            f"Beredar narasi di {where} sejak {_date(reported_at, timezone, 'id')} yang "
            f'menyebutkan:\n\n"{claim}"\n\n'
            f"Penjelasan / Faktanya:\n{summary}\n\n"
            f"Sumber resmi: {authority or organization}\n\n"
            f"Kesimpulan:\nInformasi tersebut adalah {label}. Masyarakat diimbau tidak "
            f"menyebarkannya lebih lanjut.\n\n"
            f"Rujukan:\n{refs}\n\n"
            f"Diterbitkan oleh {organization}, {_date(now, timezone, 'id')}."
        )
    return DraftText(title=title, body=body, language=language)
