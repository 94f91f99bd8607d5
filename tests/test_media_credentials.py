"""Content credentials read from files the tests make and sign with the real c2pa library."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from core.media.credentials import read_credentials
from core.media.types import ContentCredentials
from tests.c2pa_signing import (
    SIGNER_NAME,
    SIGNER_ORG,
    signed_copy,
    signing_identity,
    with_pixels_changed,
)

MIMES = {".jpg": "image/jpeg", ".png": "image/png"}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """plain / ai / camera / tampered / broken, each as .jpg and .png."""
    folder = tmp_path_factory.mktemp("credentials")
    picture = Image.new("RGB", (320, 240), (30, 90, 160))
    ImageDraw.Draw(picture).ellipse((60, 40, 260, 200), fill=(240, 200, 40))
    for suffix in MIMES:
        plain = folder / f"plain{suffix}"
        picture.save(plain)
        signed_copy(
            plain,
            folder / f"ai{suffix}",
            ai_generated=True,
            generator="Pembuat Gambar",
            version="2.1",
        )
        signed_copy(plain, folder / f"camera{suffix}", ai_generated=False)
        with_pixels_changed(folder / f"ai{suffix}", folder / f"tampered{suffix}")
        # Garbage over the manifest's description box: the file still says "C2PA" but the
        # library cannot parse what follows.
        data = bytearray((folder / f"ai{suffix}").read_bytes())
        at = data.index(b"jumb") + 8
        data[at : at + 4] = b"\xff" * 4
        (folder / f"broken{suffix}").write_bytes(bytes(data))
    return folder


def read(files: Path, name: str, suffix: str, **kwargs: str) -> ContentCredentials:
    return read_credentials(files / f"{name}{suffix}", MIMES[suffix], **kwargs)


@pytest.mark.parametrize("suffix", MIMES)
def test_a_picture_without_a_manifest_has_no_credentials(files: Path, suffix: str) -> None:
    assert read(files, "plain", suffix) == ContentCredentials(present=False, validation="absent")


@pytest.mark.parametrize("suffix", MIMES)
def test_an_ai_picture_signed_by_an_unknown_ca_is_present_ai_and_untrusted(
    files: Path, suffix: str
) -> None:
    found = read(files, "ai", suffix)
    assert found.present
    assert found.ai_generated
    assert found.actions == ("c2pa.created",)
    assert found.generator == "Pembuat Gambar 2.1"
    assert found.signer == f"{SIGNER_ORG} ({SIGNER_NAME})"
    assert found.validation == "untrusted"
    assert found.problems == ("signingCredential.untrusted",)


@pytest.mark.parametrize("suffix", MIMES)
def test_the_same_picture_is_valid_when_its_ca_is_a_trust_anchor(files: Path, suffix: str) -> None:
    found = read(files, "ai", suffix, trust_anchors_pem=signing_identity().ca_pem)
    assert (found.validation, found.problems) == ("valid", ())
    assert found.ai_generated


@pytest.mark.parametrize("suffix", MIMES)
def test_a_camera_capture_is_not_ai(files: Path, suffix: str) -> None:
    found = read(files, "camera", suffix)
    assert found.present
    assert not found.ai_generated
    assert found.actions == ("c2pa.created",)
    assert found.generator == "Kamera Uji 1.0"
    assert found.validation == "untrusted"


@pytest.mark.parametrize("suffix", MIMES)
def test_pixels_changed_after_signing_make_the_credentials_invalid(
    files: Path, suffix: str
) -> None:
    found = read(files, "tampered", suffix)
    assert found.present
    assert found.validation == "invalid"
    assert "assertion.dataHash.mismatch" in found.problems
    # Trusting the signer does not excuse a broken hash.
    trusted = read(files, "tampered", suffix, trust_anchors_pem=signing_identity().ca_pem)
    assert trusted.validation == "invalid"
    assert trusted.problems == ("assertion.dataHash.mismatch",)


@pytest.mark.parametrize("suffix", MIMES)
def test_a_manifest_the_library_cannot_parse_is_unreadable_not_an_exception(
    files: Path, suffix: str
) -> None:
    found = read(files, "broken", suffix)
    assert (found.present, found.validation) == (True, "unreadable")
    assert found.problems and found.problems[0].startswith("c2pa.")


def test_broken_bytes_without_a_manifest_are_absent(files: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.jpg"
    cut.write_bytes((files / "plain.jpg").read_bytes()[:300])
    garbage = tmp_path / "garbage.png"
    garbage.write_bytes(b"not a picture at all " * 20)
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    for path, mime in ((cut, "image/jpeg"), (garbage, "image/png"), (empty, "image/jpeg")):
        assert read_credentials(path, mime) == ContentCredentials(present=False)


def test_a_format_c2pa_cannot_carry_is_absent(tmp_path: Path) -> None:
    ogg = tmp_path / "voice.ogg"
    ogg.write_bytes(b"OggS" + b"\0" * 200)
    assert read_credentials(ogg, "audio/ogg") == ContentCredentials(present=False)


def test_reads_from_several_threads_at_once_agree(files: Path) -> None:
    # The API and the worker read from thread pools; each call owns its Reader.
    names = ["ai", "camera", "tampered", "plain", "broken"] * 4
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda name: read(files, name, ".jpg").validation, names))
    assert results == ["untrusted", "untrusted", "invalid", "absent", "unreadable"] * 4
