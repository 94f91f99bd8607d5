"""The klarifikasi as readers see it: the shipped format, and templates that cannot be abused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.composer import compose
from core.domain import Verdict
from core.policy import EXAMPLE_POLICY, Policy, PolicyError, parse_policy
from tests.make_examples import example, example_path

INJECTION = "Cek {{ 7 * 7 }} {{ ''.__class__.__mro__ }} {% for x in range(3) %}X{% endfor %}"


def _compose(policy: Policy, claim: str, verdict: Verdict = Verdict.FALSE) -> tuple[str, str]:
    text = compose(
        claim=claim,
        platform="whatsapp",
        first_seen_at=datetime(2026, 11, 27, 1, 0, tzinfo=UTC),
        verdict=verdict,
        summary="Dinas Kesehatan: {{ config }} tidak ada wabah.",
        evidence_urls=["https://dinkes.example.go.id/1"],
        authority="Dinas Kesehatan",
        organization=policy.organization.name,
        timezone=policy.organization.timezone,
        language="id",
        now=datetime(2026, 11, 27, 1, 0, tzinfo=UTC),
        templates=policy.templates(),
    )
    return text.title, text.body


def _policy(extra: str) -> Policy:
    return parse_policy(EXAMPLE_POLICY.read_text() + extra, "tangkal.toml")


@pytest.mark.parametrize("language", ["id", "en"])
def test_committed_examples_are_what_the_composer_renders(language: str) -> None:
    assert example_path(language).read_text(encoding="utf-8") == example(language)


def test_template_syntax_in_a_claim_is_printed_as_written() -> None:
    title, body = _compose(_policy(""), INJECTION)
    assert f'"{INJECTION}"' in body
    assert "49" not in title + body and "XXX" not in body
    assert "{{ config }}" in body  # the verifier's summary is data too


def test_organisation_templates_and_labels_replace_the_shipped_ones() -> None:
    policy = _policy(
        """
[drafting.labels.id]
partly_false = "SEBAGIAN SALAH"

[drafting.templates.id]
title = "{{ label }} | {{ claim_short }}"
body = '''
KLARIFIKASI {{ organization | upper }}
Narasi: "{{ claim }}" ({{ platform }}, {{ circulating_since }})
{% for url in references %}Rujukan: {{ url }}
{% endfor %}'''
"""
    )
    title, body = _compose(policy, INJECTION, Verdict.PARTLY_FALSE)
    assert title.startswith("SEBAGIAN SALAH | Cek {{ 7 * 7 }}")
    assert body.startswith("KLARIFIKASI PEMERINTAH KABUPATEN BADUNG")
    assert f'"{INJECTION}" (WhatsApp, 27 November 2026)' in body
    assert "Rujukan: https://dinkes.example.go.id/1" in body


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
        ("{{ claim.__init__.__globals__ }}", "unsafe"),
        ("{{ references.append('x') }}", "append"),
        ("{{ bupati }}", "'bupati' is undefined"),
        ("{% for url in references %}", "does not render"),
    ],
)
def test_an_organisation_template_that_reaches_outside_stops_start_up(
    template: str, problem: str
) -> None:
    with pytest.raises(PolicyError) as refused:
        _policy(f'\n[drafting.templates.id]\nbody = """{template}"""\n')
    assert "drafting.templates.id" in str(refused.value)
    assert problem in str(refused.value)
