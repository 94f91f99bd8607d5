"""The klarifikasi as a Humas editor reads it, for every verdict in both languages: the label,
the closing sentence, a headline that fits and ends on a whole word, a brief quote, the date of
first circulation (never the report's), and a recycled hoax answered with both texts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from temporalio.exceptions import ApplicationError

from activities.drafting import DraftingActivities
from activities.types import ComposeRequest
from core.composer import DEFAULT_TEMPLATES, NothingToClarify, Templates, compose
from core.domain import Verdict
from core.policy import EXAMPLE_POLICY, parse_policy
from core.recycled import Earlier

NOW = datetime(2026, 12, 1, 2, 15, tzinfo=UTC)  # 1 December 2026 in Bali (WITA)
CHAIN = (
    "PENGUMUMAN KPU Kabupaten Badung: pemungutan suara Pilkada Badung diundur dari Rabu "
    "2 Desember 2026 ke Sabtu 5 Desember 2026 karena logistik belum siap. "
    + "Mohon maaf atas ketidaknyamanan ini dan terima kasih atas perhatian seluruh warga. "
    * 60
)
VERDICTS = [Verdict.FALSE, Verdict.MISLEADING, Verdict.PARTLY_FALSE, Verdict.UNPROVEN]
LABELS = {
    "id": {
        Verdict.FALSE: "HOAKS",
        Verdict.MISLEADING: "MISINFORMASI",
        Verdict.PARTLY_FALSE: "MISINFORMASI",
        Verdict.UNPROVEN: "BELUM TERBUKTI",
    },
    "en": {
        Verdict.FALSE: "HOAX",
        Verdict.MISLEADING: "MISLEADING",
        Verdict.PARTLY_FALSE: "PARTLY FALSE",
        Verdict.UNPROVEN: "UNPROVEN",
    },
}
CLOSINGS = {
    "id": {
        Verdict.FALSE: "Informasi tersebut tidak benar. Masyarakat diimbau tidak menyebarkannya",
        Verdict.MISLEADING: "Informasi tersebut menyesatkan karena tidak sesuai dengan konteks",
        Verdict.PARTLY_FALSE: "Sebagian isi informasi tersebut tidak benar",
        Verdict.UNPROVEN: "informasi tersebut belum terbukti kebenarannya. Masyarakat diimbau "
        "tidak meneruskannya sebelum ada keterangan resmi dari KPU Kabupaten Badung",
    },
    "en": {
        Verdict.FALSE: "The claim is false. Please do not share it further.",
        Verdict.MISLEADING: "The claim is misleading",
        Verdict.PARTLY_FALSE: "Part of the claim is false",
        Verdict.UNPROVEN: "the claim has not been proven. Please do not pass it on until "
        "KPU Kabupaten Badung confirms it",
    },
}
DO_NOT_SPREAD = {"id": "tidak menyebarkannya", "en": "do not share it"}


def _compose(
    claim: str,
    verdict: Verdict = Verdict.FALSE,
    language: str = "id",
    *,
    first_seen_at: datetime | None = None,
    earlier: Earlier | None = None,
    templates: Templates | None = None,
) -> tuple[str, str]:
    text = compose(
        claim=claim,
        platform="whatsapp",
        verdict=verdict,
        summary="KPU Kabupaten Badung tidak pernah mengeluarkan pengumuman tersebut.",
        evidence_urls=["https://kpu-badungkab.go.id/siaran-pers/2026-57"],
        authority="KPU Kabupaten Badung",
        organization="Pemerintah Kabupaten Badung",
        timezone="Asia/Makassar",
        language=language,
        now=NOW,
        first_seen_at=first_seen_at,
        earlier=earlier,
        templates=templates or DEFAULT_TEMPLATES,
    )
    return text.title, text.body


def _words(text: str) -> list[str]:
    return [word.strip(".,:;!?\"'").lower() for word in text.split()]


def _ends_on_a_whole_word(headline: str, claim: str) -> bool:
    shown = _words(headline.removesuffix("…"))
    return bool(shown) and shown[-1] in _words(claim) and set(shown) <= set(_words(claim))


def _quote(body: str) -> str:
    [line] = [line for line in body.splitlines() if line.startswith('"')]
    return line[1:-1]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("verdict", VERDICTS)
def test_every_verdict_reads_right_in_both_languages(verdict: Verdict, language: str) -> None:
    title, body = _compose(CHAIN, verdict, language)
    label = LABELS[language][verdict]
    assert title.startswith(f"[{label}] ")
    assert len(title) <= 100
    headline = title.removeprefix(f"[{label}] ")
    assert _ends_on_a_whole_word(headline, CHAIN), title
    assert "PENGUMUMAN" not in title and headline[0].isupper()  # sentence case

    conclusion = body.split("Kesimpulan:" if language == "id" else "Conclusion:")[1]
    assert CLOSINGS[language][verdict] in conclusion
    assert (DO_NOT_SPREAD[language] in body) == (verdict == Verdict.FALSE)
    assert "DISINFORMASI" not in title + body  # a deliberate falsehood is never presumed
    assert "adalah BELUM TERBUKTI" not in body and "is UNPROVEN" not in body

    quote = _quote(body)  # a brief quote, up to the last whole sentence that fits
    assert len(quote) <= 280
    assert quote.endswith(". …")
    assert " ".join(CHAIN.split()).startswith(quote.removesuffix(" …"))


@pytest.mark.parametrize("label", ["HOAKS", "BELUM TERBUKTI", "SEBAGIAN BESAR KELIRU"])
def test_a_headline_of_any_length_ends_on_a_whole_word(label: str) -> None:
    words = (
        "Kepala Dinas Kesehatan Kabupaten Badung mengumumkan vaksinasi massal anak sekolah "
        "dihentikan mulai pekan depan tanpa batas waktu dan seluruh jadwal imunisasi "
        "dibatalkan oleh pemerintah provinsi"
    ).split()
    policy = Templates(labels={"id": {Verdict.FALSE: label}}, titles={}, bodies={})
    for count in range(3, len(words) + 1):
        claim = " ".join(words[:count])
        title, _ = _compose(claim, templates=policy)
        assert len(title) <= 100, title
        headline = title.removeprefix(f"[{label}] ")
        assert _ends_on_a_whole_word(headline, claim), title
        assert headline.endswith("…") == (len(f"[{label}] {claim}") > 100), title


def test_an_organisations_own_title_is_held_to_the_same_length_and_word_boundary() -> None:
    own = "Klarifikasi Pemerintah Kabupaten Badung | [{{ label }}] {{ claim_short }}"
    title, _ = _compose(CHAIN, templates=Templates(labels={}, titles={"id": own}, bodies={}))
    assert title.startswith("Klarifikasi Pemerintah Kabupaten Badung | [HOAKS] Pemungutan")
    assert len(title) <= 100 and title.endswith("…")
    assert _ends_on_a_whole_word(title.partition("] ")[2], CHAIN), title


def test_a_claim_that_says_beredar_itself_is_not_introduced_with_beredar_again() -> None:
    claim = "Beredar video petugas KPU mencoblos surat suara di TPS 12 sebelum pemilu"
    title, body = _compose(claim)
    assert title == "[HOAKS] Video petugas KPU mencoblos surat suara di TPS 12 sebelum pemilu"
    assert body.lower().count("beredar") == 1  # in the quote only
    assert body.startswith(f'Tersebar narasi di WhatsApp yang berbunyi:\n\n"{claim}"')


def test_the_narasi_is_dated_by_its_first_circulation_never_by_the_report() -> None:
    claim = "Jembatan Tukad Bangkung retak parah dan akan segera ambruk"
    _, undated = _compose(claim)
    assert undated.startswith("Beredar narasi di WhatsApp yang menyebutkan:")
    assert "sejak" not in undated
    _, english = _compose(claim, language="en")
    assert english.startswith("A claim is circulating on WhatsApp:") and "since" not in english

    evening = datetime(2026, 11, 28, 17, 30, tzinfo=UTC)  # 29 November, 01.30 WITA
    _, dated = _compose(claim, first_seen_at=evening)
    assert dated.startswith("Beredar narasi di WhatsApp sejak 29 November 2026 yang menyebutkan:")
    _, english = _compose(claim, language="en", first_seen_at=evening)
    assert english.startswith("A claim has been circulating on WhatsApp since 29 November 2026:")


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_true_claim_gets_no_counter_statement_on_any_path(language: str) -> None:
    with pytest.raises(NothingToClarify):
        _compose("Pemungutan suara tetap Rabu 2 Desember", Verdict.TRUE, language)
    # The activity every workflow path (first draft, recompose) goes through refuses it too.
    drafting = DraftingActivities(parse_policy(EXAMPLE_POLICY.read_text(), "tangkal.toml"))
    for verdict in ("true", ""):
        request = ComposeRequest(
            "TK-1", "Klaim", "x", NOW, verdict, "Benar.", [], "KPU", language, None, None
        )
        with pytest.raises(ApplicationError) as refused:
            drafting.compose_draft(request)
        assert refused.value.non_retryable and refused.value.type == "NothingToClarify"


EARLIER_OWN = Earlier(
    title="[HOAKS] Jembatan Tukad Bangkung retak parah",
    body='Beredar narasi di Facebook yang menyebutkan:\n\n"Jembatan retak"\n\n'
    "Penjelasan / Faktanya:\nDinas PUPR memeriksa jembatan pada 2 Maret 2025: tidak ada "
    "retakan struktural.\n\nSumber resmi: Dinas PUPR\n\nKesimpulan:\nInformasi tersebut "
    "adalah HOAKS.\n\nRujukan:\n- https://pupr.example.go.id/1\n\n"
    "Diterbitkan oleh Pemerintah Kabupaten Badung, 3 Maret 2025.",
    url="https://badungkab.go.id/klarifikasi/jembatan-2025",
    published_on=date(2025, 3, 3),
)
EARLIER_IMPORTED = Earlier(  # a CSV row with no body: what `tangkal archive import` makes
    title="[HOAKS] Jembatan Tukad Bangkung retak",
    body="[HOAKS] Jembatan Tukad Bangkung retak\n\nKlaim: Jembatan Tukad Bangkung retak\n\n"
    "Penilaian: Hoaks\n\nRujukan: https://turnbackhoax.id/jembatan",
    url="https://turnbackhoax.id/jembatan",
)


def test_a_recycled_hoax_carries_the_earlier_explanation_beside_the_new_one() -> None:
    claim = "retakan parah di jembatan tukad bangkung, jembatan bisa ambruk kapan aja!!"
    title, body = _compose(claim, earlier=EARLIER_OWN)
    assert (
        title == "[HOAKS] Retakan parah di jembatan tukad bangkung, jembatan bisa ambruk kapan aja"
    )
    assert body.startswith(f'Kembali beredar narasi di WhatsApp yang menyebutkan:\n\n"{claim}"')
    assert "KPU Kabupaten Badung tidak pernah mengeluarkan pengumuman tersebut." in body
    assert (
        "Klarifikasi serupa telah diterbitkan pada 3 Maret 2025:\nDinas PUPR memeriksa "
        "jembatan pada 2 Maret 2025: tidak ada retakan struktural." in body
    )
    assert body.endswith("Diterbitkan oleh Pemerintah Kabupaten Badung, 1 Desember 2026.")
    assert "3 Maret 2025." not in body  # the earlier issuer line is not repeated
    assert (
        "- https://badungkab.go.id/klarifikasi/jembatan-2025 "
        "(klarifikasi serupa telah diterbitkan pada 3 Maret 2025)" in body
    )

    _, body = _compose(claim, earlier=EARLIER_IMPORTED, language="en")
    assert "Klaim:" not in body and "Penilaian:" not in body  # nothing to explain with
    assert re.search(
        r"- https://turnbackhoax.id/jembatan \(a similar clarification was published earlier\)",
        body,
    )
    assert "KPU Kabupaten Badung tidak pernah mengeluarkan pengumuman tersebut." in body
