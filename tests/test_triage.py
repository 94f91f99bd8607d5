"""The first-pass risk score: every point attributed to a factor a PR officer can read."""

from __future__ import annotations

from core.domain import MediaType
from core.policy import EXAMPLE_POLICY, load_policy
from core.triage import assess, detect_language, normalize, similarity

POLICY = load_policy(EXAMPLE_POLICY)


def test_viral_election_deepfake_is_critical_with_reasons() -> None:
    result = assess(
        "Video: Bupati Badung bilang surat suara pemilu sdh dicoblos",
        500_000,
        MediaType.VIDEO,
        POLICY,
    )
    factors = {f.factor: f for f in result.factors}
    assert set(factors) == {"reach", "media_type", "topic", "target"}
    assert "deepfake" in factors["media_type"].explained("id")
    assert factors["topic"].explained("id") == "topik sensitif: pemilu"
    assert factors["target"].explained("id") == "menyasar Bupati Badung"
    assert factors["reach"].explained("id") == "500.000 tayangan/bagikan dilaporkan"
    assert factors["reach"].explained("en") == "500,000 views/shares reported"
    assert result.risk_score == sum(f.points for f in result.factors) or result.risk_score == 100
    assert POLICY.severity_for(result.risk_score).value == "critical"
    assert result.language == "id"


def test_small_rumour_is_low() -> None:
    result = assess("Ada diskon besar di toko roti dekat alun-alun", 12, MediaType.TEXT, POLICY)
    assert result.topics == []
    assert POLICY.severity_for(result.risk_score).value == "low"


def test_slang_and_changed_numbers_still_match() -> None:
    original = normalize("Surat suara yang sudah dicoblos ditemukan di TPS 12 tanggal 14")
    recycled = normalize("surat suara yg udah dicoblos ditemukan di tps 7 tanggal 3!!")
    assert similarity(original, recycled) == 1.0
    other = normalize("Kotak suara hilang dari gudang KPU kecamatan")
    assert similarity(original, other) < 0.3


def test_language_detection() -> None:
    assert detect_language("Warga diminta tidak percaya pesan berantai itu") == "id"
    assert detect_language("surat suara yg udah dicoblos ditemukan di tps") == "id"
    assert detect_language("The ballots were burned by the officials") == "en"
    assert detect_language("Die Stimmzettel wurden von den Beamten verbrannt") == "other"
    assert detect_language("12345 !!!") == "und"


def test_fast_growth_adds_its_own_reason() -> None:
    claim = "Beredar video kerusuhan di pasar, warga diminta tidak keluar rumah"
    steady = assess(claim, 2_000, MediaType.VIDEO, POLICY)
    spreading = assess(claim, 2_000, MediaType.VIDEO, POLICY, growth_per_hour=30_000)
    growth = {f.factor: f for f in spreading.factors}["growth"]
    assert growth.explained("en") == "30,000 new views/shares an hour"
    assert growth.explained("id") == "30.000 tayangan/bagikan baru per jam"
    assert spreading.risk_score == steady.risk_score + growth.points > steady.risk_score
    assert "growth" not in {f.factor for f in steady.factors}


def test_source_credibility_moves_the_score_with_its_reason() -> None:
    claim = "Kotak suara pemilu dibawa kabur ke rumah caleg"
    plain = assess(claim, 100, MediaType.TEXT, POLICY)
    spread = assess(
        claim, 100, MediaType.TEXT, POLICY, ["https://hoaksbali.blogspot.com/2026/11/kotak"]
    )
    trusted = assess(claim, 100, MediaType.TEXT, POLICY, ["https://www.kompas.com/read/1"])
    source = {f.factor: f for f in spread.factors}["source"]
    assert source.points > 0 and "hoaksbali.blogspot.com" in source.explained("id")
    assert spread.risk_score == plain.risk_score + source.points
    assert trusted.risk_score < plain.risk_score
    assert {f.factor: f for f in trusted.factors}["source"].explained(
        "id"
    ) == "sumber tepercaya: kompas.com"
