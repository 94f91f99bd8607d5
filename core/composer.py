"""Composes the counter-statement ("klarifikasi") from templates, in a sandboxed Jinja2.

Values (the claim, the verifier's summary) are data handed to the template, never template
source: a claim containing `{{ … }}` is printed as written. An organisation's own templates
(policy `[drafting.templates.*]`) run in the same immutable sandbox, so they can read the
values of `compose`'s context (listed in docs/klarifikasi.md) and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from core.claim_excerpts import HEADLINE_MAX, fit, headline, quoted
from core.domain import Verdict
from core.klarifikasi_wording import (
    BODIES,
    CONCLUSIONS,
    LABELS,
    TITLE,
    earlier_heading,
    introduction,
    local_date,
    place,
)
from core.recycled import Earlier, explanation, title_of

# Immutable: templates cannot mutate the lists and dicts they are given either.
_SANDBOX = ImmutableSandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, trim_blocks=True, keep_trailing_newline=False
)


class NothingToClarify(ValueError):
    """A true claim (SPEC §2): no counter-statement is composed for it, by any path."""


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
    verdict: Verdict,
    summary: str,
    evidence_urls: list[str],
    authority: str,
    organization: str,
    timezone: str,
    language: str,
    now: datetime,
    first_seen_at: datetime | None = None,
    earlier: Earlier | None = None,
    templates: Templates = DEFAULT_TEMPLATES,
) -> DraftText:
    """The klarifikasi of a claim found `verdict`; `NothingToClarify` for a true one.

    `first_seen_at` dates the narasi ("sejak …") when the report gave it; otherwise only the
    platform is named (the report's own date is not when the claim began to circulate).
    `earlier`: the archived klarifikasi a recycled hoax repeats, carried beside the new one.
    """
    if verdict == Verdict.TRUE:
        raise NothingToClarify("a true claim gets no counter-statement")
    label = templates.label(language, verdict)
    since = local_date(first_seen_at, timezone, language) if first_seen_at else ""
    where = place(platform, language)
    source = authority or organization
    context: dict[str, Any] = {
        "label": label,
        "verdict": verdict.value,
        "claim": quoted(claim),
        "claim_short": headline(claim, max(HEADLINE_MAX - len(f"[{label}] "), 20)),
        "platform": where,
        "circulating_since": since,
        "introduction": introduction(claim, where, since, language, earlier is not None),
        "summary": summary,
        "authority": source,
        "conclusion": CONCLUSIONS[language][verdict].format(authority=source),
        "organization": organization,
        "issued_on": local_date(now, timezone, language),
    } | _earlier_context(earlier, evidence_urls, language)
    title = " ".join(render(templates.titles.get(language) or TITLE, context).split())
    body = render(templates.bodies.get(language) or BODIES[language], context)
    return DraftText(title=fit(title, HEADLINE_MAX), body=body, language=language)


def _earlier_context(
    earlier: Earlier | None, evidence_urls: list[str], language: str
) -> dict[str, Any]:
    """Rujukan (the evidence, then the earlier klarifikasi, noted as such) and the earlier
    explanation; empty values when the claim recycles nothing."""
    urls, lines = list(evidence_urls), list(evidence_urls)
    heading = note = ""
    if earlier is not None:
        heading = earlier_heading(earlier.published_on, language)
        note = heading[0].lower() + heading[1:]
        if earlier.url and earlier.url in urls:
            lines[urls.index(earlier.url)] = f"{earlier.url} ({note})"
        elif earlier.url:
            urls.append(earlier.url)
            lines.append(f"{earlier.url} ({note})")
        else:
            lines.append(f'"{title_of(earlier)}" ({note})')
    return {
        "references": tuple(urls),
        "reference_lines": tuple(lines),
        "earlier_heading": heading,
        "earlier_explanation": explanation(earlier) if earlier is not None else "",
    }


def template_problem(source: str) -> str | None:
    """Why an organisation's template cannot be used (None when it renders on sample data:
    a first report, and a recycled hoax with its first circulation dated)."""
    sample = datetime(2026, 1, 1, tzinfo=UTC)
    earlier = Earlier("[HOAKS] contoh", "Penjelasan / Faktanya:\ncontoh", "https://example.org/1")
    try:
        for first_seen_at, recycles in ((None, None), (sample, earlier)):
            compose(
                claim="{{ contoh }}",
                platform="x",
                verdict=Verdict.FALSE,
                summary="contoh",
                evidence_urls=["https://example.org"],
                authority="contoh",
                organization="contoh",
                timezone="UTC",
                language="id",
                now=sample,
                first_seen_at=first_seen_at,
                earlier=recycles,
                templates=Templates(labels={}, titles={"id": source}, bodies={}),
            )
    except TemplateError as exc:
        return f"template does not render: {exc.message or type(exc).__name__}"
    except Exception as exc:  # e.g. {{ 1 / 0 }}: an error of the template, not of Tangkal
        return f"template does not render: {type(exc).__name__}"
    return None
