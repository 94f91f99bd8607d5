"""The words of the shipped klarifikasi: labels and closing sentences by verdict, the title
and body templates, and the sentence that introduces the quoted narasi. Why each label and
each closing: docs/klarifikasi.md.
"""

from __future__ import annotations

from datetime import date, datetime

from core.claim_excerpts import starts_by_circulating
from core.domain import Verdict
from core.local_time import LocalClock, spelled_date

LABELS: dict[str, dict[str, str]] = {
    "id": {
        Verdict.FALSE: "HOAKS",
        Verdict.MISLEADING: "MISINFORMASI",
        Verdict.PARTLY_FALSE: "MISINFORMASI",
        Verdict.UNPROVEN: "BELUM TERBUKTI",
        Verdict.TRUE: "FAKTA",  # never a klarifikasi's; ClaimReview and channels may ask
    },
    "en": {
        Verdict.FALSE: "HOAX",
        Verdict.MISLEADING: "MISLEADING",
        Verdict.PARTLY_FALSE: "PARTLY FALSE",
        Verdict.UNPROVEN: "UNPROVEN",
        Verdict.TRUE: "TRUE",
    },
}

# Kesimpulan: what the verdict means for the reader. Only a false claim is called untrue
# outright with the plea not to spread it; the others say what is wrong and where to look.
CONCLUSIONS: dict[str, dict[str, str]] = {
    "id": {
        Verdict.FALSE: "Informasi tersebut tidak benar. "
        "Masyarakat diimbau tidak menyebarkannya lebih lanjut.",
        Verdict.MISLEADING: "Informasi tersebut menyesatkan karena tidak sesuai dengan konteks "
        "dan fakta sebenarnya, sebagaimana dijelaskan di atas. "
        "Masyarakat diimbau merujuk pada informasi resmi dari {authority}.",
        Verdict.PARTLY_FALSE: "Sebagian isi informasi tersebut tidak benar, sebagaimana "
        "dijelaskan di atas. Masyarakat diimbau merujuk pada informasi resmi dari {authority}.",
        Verdict.UNPROVEN: "Hingga klarifikasi ini diterbitkan, informasi tersebut belum terbukti "
        "kebenarannya. Masyarakat diimbau tidak meneruskannya sebelum ada keterangan resmi "
        "dari {authority}.",
    },
    "en": {
        Verdict.FALSE: "The claim is false. Please do not share it further.",
        Verdict.MISLEADING: "The claim is misleading: it does not match the context and the "
        "facts set out above. Please rely on official information from {authority}.",
        Verdict.PARTLY_FALSE: "Part of the claim is false, as set out above. "
        "Please rely on official information from {authority}.",
        Verdict.UNPROVEN: "As of this statement, the claim has not been proven. "
        "Please do not pass it on until {authority} confirms it.",
    },
}

TITLE = "[{{ label }}] {{ claim_short }}"
BODIES = {
    "id": """\
{{ introduction }}

"{{ claim }}"

Penjelasan / Faktanya:
{{ summary }}
{% if earlier_explanation %}

{{ earlier_heading }}:
{{ earlier_explanation }}
{% endif %}

Sumber resmi: {{ authority }}

Kesimpulan:
{{ conclusion }}

{% if reference_lines %}
Rujukan:
{% for line in reference_lines %}
- {{ line }}
{% endfor %}

{% endif %}
Diterbitkan oleh {{ organization }}, {{ issued_on }}.""",
    "en": """\
{{ introduction }}

"{{ claim }}"

Explanation / The facts:
{{ summary }}
{% if earlier_explanation %}

{{ earlier_heading }}:
{{ earlier_explanation }}
{% endif %}

Authoritative source: {{ authority }}

Conclusion:
{{ conclusion }}

{% if reference_lines %}
References:
{% for line in reference_lines %}
- {{ line }}
{% endfor %}

{% endif %}
Issued by {{ organization }}, {{ issued_on }}.""",
}

_PLATFORMS = {
    "x": "X (Twitter)",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "whatsapp": "WhatsApp",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "telegram": "Telegram",
}
# Where a claim circulates when the report names no platform, or a kind of place.
_PLACES = {
    "id": {
        "": "media sosial",
        "other": "media sosial",
        "website": "situs web",
        "news": "media daring",
    },
    "en": {
        "": "social media",
        "other": "social media",
        "website": "websites",
        "news": "news sites",
    },
}


def local_date(moment: datetime, timezone: str, language: str) -> str:
    return LocalClock(timezone, language).date(moment)


def place(platform: str | None, language: str) -> str:
    name = platform or ""
    if name in _PLACES[language]:
        return _PLACES[language][name]
    return _PLATFORMS.get(name, name.capitalize())


def introduction(claim: str, where: str, since: str, language: str, recycled: bool) -> str:
    """The line before the quote: where (and since when) it circulates, "again" for a recycled
    hoax, and "beredar" said once even when the claim itself begins "Beredar …"."""
    if language == "en":
        who = "A claim debunked before" if recycled else "A claim"
        again = " again" if recycled else ""
        if since:
            return f"{who} has been circulating{again} on {where} since {since}:"
        return f"{who} is circulating{again} on {where}:"
    if starts_by_circulating(claim):
        spread, quoting = "tersebar", "berbunyi"
    else:
        spread, quoting = "beredar", "menyebutkan"
    lead = f"Kembali {spread}" if recycled else spread.capitalize()
    when = f" sejak {since}" if since else ""
    return f"{lead} narasi di {where}{when} yang {quoting}:"


def earlier_heading(published_on: date | None, language: str) -> str:
    """Introduces the earlier explanation of a recycled hoax; noted beside its link too."""
    day = spelled_date(published_on, language) if published_on else ""
    if language == "en":
        return "A similar clarification was published " + (f"on {day}" if day else "earlier")
    return "Klarifikasi serupa telah diterbitkan " + (f"pada {day}" if day else "sebelumnya")
