"""Renders the example klarifikasi committed in docs/ (Bahasa Indonesia and English).

Run after changing the shipped templates:  .venv/bin/python -m tests.make_examples
`tests/test_composer.py` fails while the committed examples differ from what is rendered.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from core.composer import compose
from core.domain import Verdict

DOCS = Path(__file__).resolve().parent.parent / "docs"


def example(language: str) -> str:
    summary = {
        "id": "KPU Kabupaten Badung memastikan seluruh surat suara masih tersegel di gudang "
        "logistik dan dijaga aparat. Video tersebut direkam saat simulasi pemungutan suara "
        "pada 2023 di kabupaten lain.",
        "en": "The Badung Regency Election Commission (KPU) confirms that every ballot is still "
        "sealed in the logistics warehouse under guard. The video was recorded during a voting "
        "simulation in another regency in 2023.",
    }[language]
    text = compose(
        claim="Video viral: petugas KPU Badung mencoblos surat suara sebelum pemilu di TPS 12",
        platform="tiktok",
        reported_at=datetime(2026, 11, 26, 23, 40, tzinfo=UTC),  # 27 Nov in Bali (UTC+8)
        verdict=Verdict.FALSE,
        summary=summary,
        evidence_urls=[
            "https://kpu-badungkab.go.id/siaran-pers/12",
            "https://turnbackhoax.id/contoh-arsip",
        ],
        authority="KPU Kabupaten Badung",
        organization="Pemerintah Kabupaten Badung",
        timezone="Asia/Makassar",
        language=language,
        now=datetime(2026, 11, 27, 2, 15, tzinfo=UTC),
    )
    return f"# {text.title}\n\n{text.body}\n"


def example_path(language: str) -> Path:
    return DOCS / f"klarifikasi-example.{language}.md"


if __name__ == "__main__":
    for lang in ("id", "en"):
        example_path(lang).write_text(example(lang), encoding="utf-8")
        print(f"wrote {example_path(lang)}")
