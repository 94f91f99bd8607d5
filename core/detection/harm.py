"""What a claim asks people to do, and in whose name: the most dangerous hoaxes do both.

A fake KPU announcement telling voters not to come to the TPS, a fake Dinkes message telling
dengue patients to stay away from the puskesmas, a fake Bupati account asking for a transfer:
each impersonates an authority and calls for an act that harms. Both are read from the
normalised claim (slang already spelled out: "jgn" is "jangan", "gak" is "tidak") with
patterns a PR officer can read and argue with; each finding carries its words for the
explanation. `core.triage` turns them into risk factors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_NOT = r"(?:tidak|jangan|dilarang|tidak perlu|tidak usah|tidak boleh|hindari|stop)"
_GAP = r"(?:\s+\w+){0,3}?"

# An authority, and words that make the claim speak in its name rather than about it.
# fmt: off
_AUTHORITIES = {
    "KPU": r"kpu|kpud|kpps|ppk|pps", "Bawaslu": r"bawaslu|panwaslu",
    "Dinas Kesehatan": r"dinkes|dinas kesehatan|kemenkes|kementerian kesehatan",
    "puskesmas": r"puskesmas", "BMKG": r"bmkg", "BPBD": r"bpbd|basarnas",
    "pemerintah daerah": r"pemerintah(?: kabupaten| kota| daerah| provinsi)",
    "polisi": r"polisi|polri|polres|polda|polsek|kepolisian|kapolres|kapolda",
}
_IN_ITS_NAME = (
    r"pengumuman|mengumumkan|diumumkan|surat edaran|edaran|imbauan|himbauan|mengimbau|"
    r"menghimbau|instruksi|pemberitahuan|memberitahukan|menginformasikan|siaran pers|"
    r"atas nama|mengatasnamakan|akun|pesan dari|info dari|informasi dari|surat resmi|"
    r"resmi|(?:warga|masyarakat|pemilih|pasien|nasabah|peserta) diminta|diminta|"
    r"dimohon|wajib|harap"
)
# fmt: on

_CALLS = {
    "vote": (
        "tidak datang ke TPS, memilih di hari atau tempat lain",
        [
            rf"\b{_NOT}{_GAP}\s+(?:datang|pergi|ke|memilih|mencoblos|coblos)\b(?:\s+\w+){{0,3}}"
            rf"\s*(?:tps|pemilu|pilkada|pemungutan suara|coblos\w*)\b",
            rf"\b{_NOT}{_GAP}\s+(?:memilih|mencoblos|coblos|menggunakan hak pilih)\b",
            r"\b(?:pemungutan suara|pencoblosan|coblosan|pemilu|pilkada|tps)\b(?:\s+\w+){0,4}"
            r"\s+(?:diundur|ditunda|dipindah|dipindahkan|diganti|tunda|undur|batal|dibatalkan)",
            r"\bgolput\b",
            r"\b(?:coblos|memilih|mencoblos|pemungutan suara)\b(?:\s+\w+){0,3}\s+(?:lewat|via|"
            r"melalui)\s+(?:online|whatsapp|sms|tautan|aplikasi)",
        ],
    ),
    "care": (
        "tidak berobat atau menjauhi layanan kesehatan",
        [
            rf"\b{_NOT}{_GAP}\s+(?:(?:datang|pergi|berobat|periksa|dibawa|membawa\s+\w+)\s+)?"
            r"(?:ke\s+)?(?:puskesmas|rumah sakit|rs|rsud|dokter|klinik|faskes|posyandu|"
            r"imunisasi|vaksin\w*|berobat|diperiksa|diimunisasi)\b",
            r"\b(?:cukup|tidak perlu ke dokter|tanpa obat)\b(?:\s+\w+){0,3}\s+(?:minum|makan|"
            r"rebus|ramuan|di rumah)",
        ],
    ),
    "money": (
        "mentransfer uang, membayar, atau mengklik tautan dan mengisi data",
        [
            r"\b(?:transfer|ditransfer|mentransfer|kirim(?:kan)? (?:uang|dana|pulsa)|"
            r"biaya (?:admin|administrasi|pendaftaran|pencairan)|bayar|membayar|dibayar|setor|"
            r"top ?up|kode otp|otp|nomor pin|isi (?:data|formulir)|klik (?:tautan|link|di sini))\b",
        ],
    ),
    "evacuate": (
        "mengungsi atau justru tidak mengungsi",
        [
            r"\b(?:segera\s+)?(?:mengungsi|evakuasi|dievakuasi|tinggalkan rumah|"
            r"meninggalkan rumah|kosongkan|mengosongkan)\b",
            rf"\b{_NOT}{_GAP}\s+(?:mengungsi|evakuasi|keluar rumah)\b",
        ],
    ),
}


@dataclass(frozen=True)
class Harm:
    authorities: tuple[str, ...]  # impersonated: the claim speaks in their name
    calls: tuple[str, ...]  # what it asks people to do, in words (Bahasa Indonesia)

    @property
    def critical(self) -> bool:
        return bool(self.authorities) and bool(self.calls)


_AUTHORITY_PATTERNS = {name: re.compile(rf"\b(?:{w})\b") for name, w in _AUTHORITIES.items()}
_IN_ITS_NAME_PATTERN = re.compile(rf"\b(?:{_IN_ITS_NAME})\b")
_CALL_PATTERNS = {
    kind: (words, [re.compile(p) for p in patterns]) for kind, (words, patterns) in _CALLS.items()
}


def assess_harm(normalized: str, own: Iterable[str] = ()) -> Harm:
    """`own`: the organisation's agencies and officials the claim names (from the policy, as
    the policy writes them): another regency's Bupati is not this office's authority."""
    calls = tuple(
        words
        for words, patterns in _CALL_PATTERNS.values()
        if any(p.search(normalized) for p in patterns)
    )
    authorities: list[str] = []
    if _IN_ITS_NAME_PATTERN.search(normalized):
        authorities = [*own, *(n for n, p in _AUTHORITY_PATTERNS.items() if p.search(normalized))]
    return Harm(tuple(dict.fromkeys(authorities)), calls)
