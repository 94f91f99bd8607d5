"""Renders the example klarifikasi committed in docs/: one per verdict, and a recycled hoax, in
Bahasa Indonesia and English, from the shipped templates.

Run after changing the shipped templates or wording:  .venv/bin/python -m tests.make_examples
`tests/test_composer.py` fails while the committed examples differ from what is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from core.composer import compose
from core.domain import Verdict
from core.recycled import Earlier

DOCS = Path(__file__).resolve().parent.parent / "docs"
ORGANIZATION = "Pemerintah Kabupaten Badung"
ISSUED = datetime(2026, 12, 1, 2, 15, tzinfo=UTC)  # 1 December 2026, 10.15 WITA


@dataclass(frozen=True)
class Case:
    heading: str
    verdict: Verdict
    claim: str
    platform: str | None
    summary: str
    authority: str
    evidence_urls: list[str] = field(default_factory=list)
    first_seen_at: datetime | None = None
    earlier: Earlier | None = None


EARLIER_ID = Earlier(
    title="[HOAKS] Surat suara Pilkada Badung sudah tercoblos untuk paslon nomor 1",
    body="""Beredar narasi di Facebook sejak 20 November 2024 yang menyebutkan:

"Surat suara Pilkada Badung sudah tercoblos untuk paslon nomor 1 di gudang KPU"

Penjelasan / Faktanya:
KPU Kabupaten Badung memastikan surat suara disimpan dalam keadaan tersegel di gudang logistik \
dan hanya dibuka di TPS pada hari pemungutan suara, disaksikan saksi pasangan calon dan \
pengawas. Foto yang beredar adalah surat suara latihan dari simulasi pemungutan suara.

Sumber resmi: KPU Kabupaten Badung

Kesimpulan:
Informasi tersebut adalah HOAKS. Masyarakat diimbau tidak menyebarkannya lebih lanjut.

Rujukan:
- https://kpu-badungkab.go.id/siaran-pers/2024-41

Diterbitkan oleh Pemerintah Kabupaten Badung, 21 November 2024.""",
    url="https://badungkab.go.id/klarifikasi/surat-suara-tercoblos-2024",
    published_on=date(2024, 11, 21),
)

CASES_ID = [
    Case(
        "Putusan `false`: hoaks",
        Verdict.FALSE,
        "PENGUMUMAN KPU Kabupaten Badung: pemungutan suara Pilkada Badung diundur dari Rabu "
        "2 Desember 2026 ke Sabtu 5 Desember 2026 karena logistik belum siap. Harap sebarkan ke "
        "grup keluarga dan banjar masing-masing!!",
        "whatsapp",
        "KPU Kabupaten Badung tidak pernah mengeluarkan pengumuman tersebut. Pemungutan suara "
        "Pilkada Badung tetap dilaksanakan pada Rabu, 2 Desember 2026, pukul 07.00 sampai "
        "13.00 WITA di seluruh TPS. Logistik pemilihan telah diterima seluruh PPK sejak "
        "28 November 2026.",
        "KPU Kabupaten Badung",
        ["https://kpu-badungkab.go.id/siaran-pers/2026-57"],
        first_seen_at=datetime(2026, 11, 30, 13, 10, tzinfo=UTC),  # 30 Nov, 21.10 WITA
    ),
    Case(
        "Putusan `misleading`: konteks keliru",
        Verdict.MISLEADING,
        "Beredar video kotak suara dibuka paksa oleh petugas di TPS 5 Kuta. Pilkada Badung "
        "sudah dicurangi!",
        "tiktok",
        "Video tersebut memang direkam di TPS 5 Kelurahan Kuta, tetapi memperlihatkan pembukaan "
        "kotak suara untuk penghitungan suara setelah pemungutan suara ditutup, sesuai "
        "prosedur dan disaksikan saksi pasangan calon serta Pengawas TPS. Berita acara "
        "penghitungan ditandatangani seluruh saksi tanpa catatan keberatan.",
        "Bawaslu Kabupaten Badung",
        ["https://bawaslu-badung.example.go.id/rilis/2026-88"],
    ),
    Case(
        "Putusan `partly_false`: sebagian salah",
        Verdict.PARTLY_FALSE,
        "Bawaslu Badung menemukan 12.000 pemilih fiktif di DPT Pilkada Badung, tapi KPU "
        "menolak mencoret mereka.",
        "facebook",
        "Bawaslu Kabupaten Badung memang merekomendasikan pencermatan ulang atas 1.200 data "
        "pemilih ganda, bukan 12.000 pemilih fiktif. KPU Kabupaten Badung telah menindaklanjuti "
        "rekomendasi tersebut dan mencoret data ganda itu dalam rapat pleno pada "
        "20 Oktober 2026.",
        "KPU Kabupaten Badung",
        [
            "https://kpu-badungkab.go.id/berita/pleno-dpt-2026",
            "https://bawaslu-badung.example.go.id/rilis/2026-61",
        ],
        first_seen_at=datetime(2026, 11, 28, 4, 0, tzinfo=UTC),
    ),
    Case(
        "Putusan `unproven`: belum terbukti",
        Verdict.UNPROVEN,
        "Tim paslon nomor 2 bagi-bagi amplop Rp 200 ribu ke warga Desa Mengwi malam ini, "
        "ada yang lihat langsung.",
        "x",
        "Bawaslu Kabupaten Badung telah menerima laporan tersebut dan masih melakukan "
        "penelusuran. Hingga 1 Desember 2026 pukul 09.00 WITA, belum ditemukan bukti maupun "
        "saksi yang dapat memastikan adanya pembagian uang di Desa Mengwi.",
        "Bawaslu Kabupaten Badung",
        [],
    ),
    Case(
        "Hoaks daur ulang (HLBK): putusan `false`, klarifikasi 2024 dipakai kembali",
        Verdict.FALSE,
        "Beredar lagi: foto surat suara Pilkada Badung 2026 sudah tercoblos untuk paslon "
        "nomor 2 di gudang KPU",
        "facebook",
        "KPU Kabupaten Badung memastikan surat suara Pilkada 2026 masih tersegel di gudang "
        "logistik di bawah pengamanan Polres Badung. Foto yang beredar sama dengan foto hoaks "
        "pada Pilkada 2024, dengan tulisan nomor paslon yang diubah.",
        "KPU Kabupaten Badung",
        ["https://kpu-badungkab.go.id/siaran-pers/2026-60"],
        first_seen_at=datetime(2026, 11, 29, 23, 30, tzinfo=UTC),
        earlier=EARLIER_ID,
    ),
]

EARLIER_EN = Earlier(
    title="[HOAX] Ballots for the Badung regional election already marked for candidate 1",
    body="""A claim has been circulating on Facebook since 20 November 2024:

"Ballots for the Badung election are already marked for candidate pair 1 in the KPU warehouse"

Explanation / The facts:
The Badung Regency Election Commission (KPU) confirms that ballots are stored sealed in its \
logistics warehouse and are opened only at polling stations on election day, before witnesses \
of every candidate pair and the election supervisors. The photo shows practice ballots from a \
voting simulation.

Authoritative source: KPU Kabupaten Badung

Conclusion:
The claim is HOAX. Please do not share it further.

References:
- https://kpu-badungkab.go.id/siaran-pers/2024-41

Issued by Pemerintah Kabupaten Badung, 21 November 2024.""",
    url="https://badungkab.go.id/klarifikasi/surat-suara-tercoblos-2024",
    published_on=date(2024, 11, 21),
)

CASES_EN = [
    Case(
        "Verdict `false`",
        Verdict.FALSE,
        "ANNOUNCEMENT from KPU Badung: voting in the Badung regional election is POSTPONED from "
        "Wednesday 2 December 2026 to Saturday 5 December 2026 because ballots have not "
        "arrived. Please share with every villa and expat group!!",
        "whatsapp",
        "The Badung Regency Election Commission (KPU) issued no such announcement. Voting takes "
        "place as planned on Wednesday, 2 December 2026, from 07.00 to 13.00 WITA at every "
        "polling station. All election materials reached the district committees by "
        "28 November 2026.",
        "KPU Kabupaten Badung",
        ["https://kpu-badungkab.go.id/siaran-pers/2026-57"],
        first_seen_at=datetime(2026, 11, 30, 13, 10, tzinfo=UTC),
    ),
    Case(
        "Verdict `misleading`",
        Verdict.MISLEADING,
        "Video: officials forcing open a ballot box at polling station 5 in Kuta. The Badung "
        "election is rigged!",
        "tiktok",
        "The video was recorded at polling station 5 in Kuta, but it shows the ballot box being "
        "opened for the count after polls closed, as the rules require, before witnesses of "
        "every candidate pair and the polling station supervisor. Every witness signed the "
        "count record without objection.",
        "Bawaslu Kabupaten Badung",
        ["https://bawaslu-badung.example.go.id/rilis/2026-88"],
    ),
    Case(
        "Verdict `partly_false`",
        Verdict.PARTLY_FALSE,
        "Bawaslu found 12,000 fake voters on the Badung voter list and the KPU refuses to "
        "remove them.",
        "facebook",
        "The Badung election supervisory body (Bawaslu) did ask for 1,200 duplicate entries to "
        "be reviewed; it found no 12,000 fake voters. The Badung Election Commission (KPU) "
        "removed the duplicate entries at its plenary meeting on 20 October 2026.",
        "KPU Kabupaten Badung",
        [
            "https://kpu-badungkab.go.id/berita/pleno-dpt-2026",
            "https://bawaslu-badung.example.go.id/rilis/2026-61",
        ],
        first_seen_at=datetime(2026, 11, 28, 4, 0, tzinfo=UTC),
    ),
    Case(
        "Verdict `unproven`",
        Verdict.UNPROVEN,
        "Candidate pair 2's team is handing out envelopes of Rp 200,000 to residents of Mengwi "
        "village tonight, people saw it.",
        "x",
        "The Badung election supervisory body (Bawaslu) has received the report and is "
        "investigating it. As of 09.00 WITA on 1 December 2026 it has found no evidence or "
        "witness confirming that money was handed out in Mengwi.",
        "Bawaslu Kabupaten Badung",
        [],
    ),
    Case(
        "Recycled hoax (HLBK): verdict `false`, the 2024 clarification reused",
        Verdict.FALSE,
        "Photo going round again: ballots for the 2026 Badung election already marked for "
        "candidate pair 2 in the KPU warehouse",
        "facebook",
        "The Badung Election Commission (KPU) confirms that the 2026 ballots are still sealed "
        "in its logistics warehouse under guard by the Badung police. The photo is the one "
        "from the 2024 hoax, with the candidate number changed.",
        "KPU Kabupaten Badung",
        ["https://kpu-badungkab.go.id/siaran-pers/2026-60"],
        first_seen_at=datetime(2026, 11, 29, 23, 30, tzinfo=UTC),
        earlier=EARLIER_EN,
    ),
]

INTRODUCTION = {
    "id": """\
# Contoh klarifikasi (Bahasa Indonesia)

Teks di bawah ini persis seperti yang disusun templat bawaan Tangkal untuk draf pertama: satu
contoh untuk setiap putusan, ditambah satu hoaks daur ulang. Label, kalimat penutup, judul, dan
kutipan narasi dijelaskan di [klarifikasi.md](klarifikasi.md). Dibuat ulang dengan
`.venv/bin/python -m tests.make_examples`.
""",
    "en": """\
# Example klarifikasi (English)

The text below is exactly what Tangkal's shipped templates compose as the first draft: one
example per verdict, and a recycled hoax. Labels, closing sentences, headline and quote are
explained in [klarifikasi.md](klarifikasi.md). Regenerate with
`.venv/bin/python -m tests.make_examples`.
""",
}


def rendered(case: Case, language: str) -> str:
    text = compose(
        claim=case.claim,
        platform=case.platform,
        verdict=case.verdict,
        summary=case.summary,
        evidence_urls=case.evidence_urls,
        authority=case.authority,
        organization=ORGANIZATION,
        timezone="Asia/Makassar",
        language=language,
        now=ISSUED,
        first_seen_at=case.first_seen_at,
        earlier=case.earlier,
    )
    return f"## {case.heading}\n\n```text\n{text.title}\n\n{text.body}\n```\n"


def example(language: str) -> str:
    cases = CASES_ID if language == "id" else CASES_EN
    return "\n".join([INTRODUCTION[language], *(rendered(case, language) for case in cases)])


def example_path(language: str) -> Path:
    return DOCS / f"klarifikasi-example.{language}.md"


if __name__ == "__main__":
    for lang in ("id", "en"):
        example_path(lang).write_text(example(lang), encoding="utf-8")
        print(f"wrote {example_path(lang)}")
