"""Composes the counter-statement ("klarifikasi") from templates, in a sandboxed Jinja2.

Values (the claim, the verifier's summary) are data handed to the template, never template
source: a claim containing `{{ … }}` is printed as written. An organisation's own templates
(policy `[drafting.templates.*]`) run in the same immutable sandbox, so they can read the
values below and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from core.domain import Verdict

LABELS: dict[str, dict[str, str]] = {
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

TITLE = "[{{ label }}] {{ claim_short }}"
BODIES = {
    "id": """\
Beredar narasi di {{ platform }} sejak {{ circulating_since }} yang menyebutkan:

"{{ claim }}"

Penjelasan / Faktanya:
{{ summary }}

Sumber resmi: {{ authority }}

Kesimpulan:
Informasi tersebut adalah {{ label }}. Masyarakat diimbau tidak menyebarkannya lebih lanjut.

Rujukan:
{% for url in references %}- {{ url }}
{% else %}-
{% endfor %}

Diterbitkan oleh {{ organization }}, {{ issued_on }}.""",
    "en": """\
A claim has been circulating on {{ platform }} since {{ circulating_since }}:

"{{ claim }}"

Explanation / The facts:
{{ summary }}

Authoritative source: {{ authority }}

Conclusion:
The claim is {{ label }}. Please do not share it further.

References:
{% for url in references %}- {{ url }}
{% else %}-
{% endfor %}

Issued by {{ organization }}, {{ issued_on }}.""",
}

_MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
    "Desember".split(),
    "en": "January February March April May June July August September October November "
    "December".split(),
}
_PLATFORMS = {"x": "X (Twitter)", "tiktok": "TikTok", "youtube": "YouTube", "whatsapp": "WhatsApp"}

# Immutable: templates cannot mutate the lists and dicts they are given either.
_SANDBOX = ImmutableSandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, trim_blocks=True, keep_trailing_newline=False
)


@dataclass(frozen=True)
class DraftText:
    title: str
    body: str
    language: str


@dataclass(frozen=True)
class Templates:
    """The organisation's overrides; empty fields fall back to the shipped templates."""

    labels: dict[str, dict[str, str]]
    titles: dict[str, str]
    bodies: dict[str, str]

    def label(self, language: str, verdict: str) -> str:
        return self.labels.get(language, {}).get(verdict) or LABELS[language][verdict]


DEFAULT_TEMPLATES = Templates(labels={}, titles={}, bodies={})


def local_date(moment: datetime, timezone: str, language: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local.day} {_MONTHS[language][local.month - 1]} {local.year}"


def _short(claim: str, limit: int = 90) -> str:
    flat = " ".join(claim.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=64)
def _compiled(source: str) -> Template:
    # Compiling costs far more than rendering, and the templates are a handful of fixed strings
    # (shipped and policy ones). A template that fails to compile raises and is not cached.
    return _SANDBOX.from_string(source)


def render(source: str, context: dict[str, Any]) -> str:
    """Renders one template in the sandbox; `TemplateError` for anything unsafe or unknown."""
    return _compiled(source).render(context).strip()


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
    templates: Templates = DEFAULT_TEMPLATES,
) -> DraftText:
    label = templates.label(language, verdict)
    where = "media sosial" if language == "id" else "social media"
    if platform:
        where = _PLATFORMS.get(platform, platform.capitalize())
    context: dict[str, Any] = {
        "label": label,
        "verdict": verdict.value,
        "claim": claim,
        "claim_short": _short(claim),
        "platform": where,
        "circulating_since": local_date(reported_at, timezone, language),
        "summary": summary,
        "authority": authority or organization,
        "references": tuple(evidence_urls),
        "organization": organization,
        "issued_on": local_date(now, timezone, language),
    }
    title = render(templates.titles.get(language) or TITLE, context)
    body = render(templates.bodies.get(language) or BODIES[language], context)
    return DraftText(title=" ".join(title.split()), body=body, language=language)


def template_problem(source: str) -> str | None:
    """Why an organisation's template cannot be used (None when it renders on sample data)."""
    try:
        compose(
            claim="{{ contoh }}",
            platform="x",
            reported_at=datetime(2026, 1, 1, tzinfo=UTC),
            verdict=Verdict.FALSE,
            summary="contoh",
            evidence_urls=["https://example.org"],
            authority="contoh",
            organization="contoh",
            timezone="UTC",
            language="id",
            now=datetime(2026, 1, 1, tzinfo=UTC),
            templates=Templates(labels={}, titles={"id": source}, bodies={}),
        )
    except TemplateError as exc:
        return f"template does not render: {exc.message or type(exc).__name__}"
    except Exception as exc:  # e.g. {{ 1 / 0 }}: an error of the template, not of Tangkal
        return f"template does not render: {type(exc).__name__}"
    return None
