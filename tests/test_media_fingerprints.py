"""The media library on media the tests make (issue 15): what a file is, read from its bytes;
hostile files refused with the right status; every edit a recycled hoax goes through still
matches its original, and other pictures, videos and sounds of the same kind do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core.media.facts import examine
from core.media.fingerprints import compare, fingerprint, index_keys, probe_keys
from core.media.types import Fingerprint, MediaKind, MediaRefused
from core.words.media import match_line
from tests import media_samples as samples
from tests.debian_tools import debian_tool
from tests.media_samples import EDITS

CAP = 50 * 1024 * 1024


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    debian_tool("ffmpeg", "ffmpeg")
    debian_tool("fpcalc", "libchromaprint-tools")


def printed(path: Path) -> Fingerprint:
    return fingerprint(path, examine(path, max_bytes=CAP))


def picture_print(picture: Image.Image, path: Path) -> Fingerprint:
    return printed(samples.save(picture, path))


def found(query: Fingerprint, stored: Fingerprint) -> bool:
    """Found as a user would see it: the index leads to it and the comparison keeps it."""
    return bool(probe_keys(query) & index_keys(stored)) and compare(query, stored) is not None


@pytest.mark.parametrize("subject", list(samples.Subject))
def test_every_edit_of_a_photo_still_matches_it(subject: samples.Subject, tmp_path: Path) -> None:
    for seed in (1, 2):
        original = samples.scene(seed, subject)
        stored = picture_print(original, tmp_path / "original.png")
        missed = [
            name
            for name, edit in EDITS.items()
            if not found(picture_print(edit(original), tmp_path / "copy.jpg"), stored)
        ]
        assert missed == [], f"{subject} {seed}"
    mirrored = compare(picture_print(samples.flipped(original), tmp_path / "m.jpg"), stored)
    assert mirrored is not None and mirrored.where["flipped"] is True


def test_a_match_says_how_the_copy_was_reframed(tmp_path: Path) -> None:
    original = samples.scene(3)
    stored = picture_print(original, tmp_path / "asli.png")
    cropped = compare(
        picture_print(samples.cropped(original, 0.14, "tl"), tmp_path / "a.jpg"), stored
    )
    banded = compare(picture_print(samples.captioned(original), tmp_path / "b.jpg"), stored)
    assert cropped is not None and banded is not None
    said = [
        match_line(
            {
                "scope": "archive",
                "title": "Foto banjir lama",
                "similarity": s.score,
                "where": s.where,
            },
            "id",
        )
        for s in (cropped, banded)
    ]
    assert said[0].startswith("media klarifikasi terdahulu “Foto banjir lama” · kemiripan ")
    assert "dipotong, bagian kiri atas tersisa" in said[0]
    assert "pita teks ditambahkan di bawah" in said[1]
    video = {"frames": 34, "of": 34, "offset_s": 3.5}
    assert "mulai detik 3,5" in match_line({"scope": "archive", "title": "V", "where": video}, "id")


def test_other_photos_of_the_same_subject_do_not_match(tmp_path: Path) -> None:
    for subject in samples.Subject:
        prints = [
            picture_print(samples.scene(seed, subject), tmp_path / f"{seed}.jpg")
            for seed in range(10, 16)
        ]
        alike = [
            (a, b) for a in range(6) for b in range(6) if a != b and compare(prints[a], prints[b])
        ]
        assert alike == [], subject


def test_a_video_matches_after_reencoding_resizing_and_a_trimmed_start(tmp_path: Path) -> None:
    original = samples.video(tmp_path / "asli.mp4", seed=4, seconds=10)
    stored = printed(original)
    assert stored.kind is MediaKind.VIDEO and len(stored.hashes) == 40  # four frames a second
    copies = {
        "re-encoded": samples.reencoded(original, tmp_path / "a.mp4", crf=38),
        "smaller": samples.reencoded(original, tmp_path / "b.mp4", scale=(160, 120)),
        "larger": samples.reencoded(original, tmp_path / "c.mp4", scale=(640, 480)),
        "trimmed": samples.reencoded(original, tmp_path / "d.mp4", start_s=3.5),
    }
    for name, path in copies.items():
        query = printed(path)
        assert probe_keys(query) & index_keys(stored), name
        similarity = compare(query, stored)
        assert similarity is not None, name
        expected = 3.5 if name == "trimmed" else 0.0
        assert abs(similarity.where["offset_s"] - expected) <= 0.25, (name, similarity)
    webm = printed(samples.video(tmp_path / "lain.webm", seed=5, seconds=10))
    assert webm.kind is MediaKind.VIDEO and compare(webm, stored) is None


def test_a_voice_note_matches_in_every_format_and_trimmed(tmp_path: Path) -> None:
    original = samples.voice(tmp_path / "asli.wav", seed=3)
    stored = printed(original)
    for suffix in (".mp3", ".ogg", ".oga", ".m4a"):
        query = printed(samples.encoded(original, tmp_path / f"salinan{suffix}"))
        assert found(query, stored), suffix
    trimmed = compare(printed(samples.encoded(original, tmp_path / "t.mp3", start_s=2.0)), stored)
    assert trimmed is not None and abs(trimmed.where["offset_s"] - 2.0) <= 0.2
    other = printed(samples.voice(tmp_path / "lain.wav", seed=4))
    assert compare(other, stored) is None


def test_what_a_file_is_comes_from_its_bytes(tmp_path: Path) -> None:
    picture = samples.scene(6)
    cases: list[tuple[Path, MediaKind, str]] = [
        (samples.save(picture, tmp_path / "a.jpg"), MediaKind.IMAGE, "image/jpeg"),
        (samples.save(picture, tmp_path / "a.png"), MediaKind.IMAGE, "image/png"),
        (samples.save(picture, tmp_path / "a.webp"), MediaKind.IMAGE, "image/webp"),
        (samples.save(picture, tmp_path / "a.gif"), MediaKind.IMAGE, "image/gif"),
    ]
    for path, kind, mime in cases:
        renamed = path.rename(path.with_suffix(".bin"))  # the name says nothing
        facts = examine(renamed, max_bytes=CAP)
        assert (facts.kind, facts.mime, facts.width, facts.height) == (kind, mime, 640, 480)
    video = samples.video(tmp_path / "v.mp4", seed=1, seconds=4)
    facts = examine(video, max_bytes=CAP)
    assert (facts.kind, facts.mime, facts.width) == (MediaKind.VIDEO, "video/mp4", 320)
    assert facts.duration_s is not None and abs(facts.duration_s - 4) < 0.2
    assert examine(samples.video(tmp_path / "v.webm", seed=1, seconds=2), max_bytes=CAP).mime == (
        "video/webm"
    )
    voice = samples.voice(tmp_path / "s.wav", seed=1, seconds=3)
    for suffix, mime in ((".mp3", "audio/mpeg"), (".ogg", "audio/ogg"), (".m4a", "audio/mp4")):
        facts = examine(samples.encoded(voice, tmp_path / f"s{suffix}"), max_bytes=CAP)
        assert (facts.kind, facts.mime) == (MediaKind.AUDIO, mime), suffix
        assert facts.duration_s is not None and abs(facts.duration_s - 3) < 0.2
    assert examine(voice, max_bytes=CAP).mime == "audio/wav"


def test_hostile_files_are_refused_naming_what_they_are(tmp_path: Path) -> None:
    video = samples.video(tmp_path / "v.mp4", seed=2, seconds=4).read_bytes()
    cases = {
        "foto.jpg": (samples.HTML_PAGE, 415, "unsupported_media_type", "HTML"),
        "surat.jpg": (b"%PDF-1.7\n" + b"x" * 100, 415, "unsupported_media_type", "PDF"),
        "bom.png": (samples.png_bomb(), 422, "media_bomb", "50000"),
        "potong.jpg": (samples.truncated_jpeg(), 422, "media_truncated", "JPEG"),
        "poli.jpg": (samples.jpeg_zip_polyglot(), 422, "media_polyglot", "JPEG"),
        "potong.mp4": (video[: len(video) // 2], 422, "media_truncated", "MP4"),
    }
    for name, (content, status, code, named) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(MediaRefused) as refused:
            examine(path, max_bytes=CAP)
        assert (refused.value.status, refused.value.code) == (status, code), name
        assert named in refused.value.found, (name, refused.value.found)
    big = tmp_path / "besar.jpg"
    big.write_bytes(samples.jpeg_bytes(samples.scene(1)))
    with pytest.raises(MediaRefused) as refused:
        examine(big, max_bytes=1000)
    assert refused.value.status == 413
