"""What Tangkal says of an uploaded file (issue 15): the same photo as an earlier
klarifikasi's (a published incident's or an imported debunk's) is a recycled hoax; a near copy
of the organisation's official photo with a painted-over region is an altered copy, located;
a manifest declaring AI generation raises the risk. Each shows on the incident, its timeline,
its page and its ClaimReview."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from PIL import ImageDraw

from tests import media_samples as samples
from tests.c2pa_signing import signed_copy
from tests.flow import LOW_CLAIM, VERDICT, auth, decide, report, verify, wait_for
from tests.pages_flow import sign_in
from tests.processes import tangkal_env
from tests.support import Stack
from tests.test_media_api import jpeg_of, upload, wait_for_event

FLOOD_CLAIM = {
    **LOW_CLAIM,
    "claim": "Foto banjir bandang di Desa Pelaga tadi pagi, jembatan putus total",
    "media_type": "image",
}
# Worded apart: no text match with the flood claim, so only the photo can find it.
SCHOOL_CLAIM = {**LOW_CLAIM, "claim": "Sekolah di Mengwi diliburkan seminggu karena wabah"}


def _overlap(a: list[int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union


async def test_a_published_photo_found_again_is_a_recycled_hoax(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    first = await report(http, keys.officer, FLOOD_CLAIM)
    await wait_for(http, keys.officer, first["id"], stage="verification")
    original = jpeg_of(samples.scene(7))
    kept = (await upload(http, keys.officer, first["id"], original)).json()
    verdict = {**VERDICT, "media_authenticity": "DecontextualizedContent"}
    await verify(http, keys.verifier, first["id"], verdict)
    drafted = await wait_for(http, keys.officer, first["id"], stage="approval")
    assert (await decide(http, keys.approver, first["id"], drafted["draft"]["hash"])).is_success
    await wait_for(http, keys.officer, first["id"], stage="closed")

    review = await http.get(f"/incidents/{first['id']}/claimreview", headers=auth(keys.officer))
    media_review = next(n for n in review.json()["@graph"] if n["@type"] == "MediaReview")
    files = [a for a in media_review["itemReviewed"]["mediaItemAppearance"] if "sha256" in a]
    assert files == [
        {"@type": "ImageObject", "sha256": kept["sha256"], "encodingFormat": "image/jpeg"}
    ]

    # Weeks later the same photo comes back, smaller and re-compressed, with another story.
    second = await report(http, keys.officer, SCHOOL_CLAIM)
    await wait_for(http, keys.officer, second["id"], stage="verification")
    copy = jpeg_of(samples.resized(samples.scene(7), 0.5), quality=40)
    answer = (await upload(http, keys.verifier, second["id"], copy)).json()
    [match] = answer["matches"]
    assert match["scope"] == "archive" and match["title"] == drafted["draft"]["title"]
    assert match["similarity"] >= 0.8

    recycled = await wait_for_event(http, keys.officer, second["id"], "media_archive_match")
    assert recycled["summary"].startswith(f"Media daur ulang: {answer['id']} sama dengan media")
    incident = (await http.get(f"/incidents/{second['id']}", headers=auth(keys.officer))).json()
    assert incident["archive_match"]["title"] == drafted["draft"]["title"]
    assert incident["archive_match"]["media_id"] == answer["id"]
    await verify(http, keys.verifier, second["id"])
    redrafted = await wait_for(http, keys.officer, second["id"], stage="approval")
    assert "Klarifikasi serupa telah diterbitkan" in redrafted["draft"]["body"]

    # An unrelated flood photo matches nothing.
    other = (await upload(http, keys.verifier, second["id"], jpeg_of(samples.scene(8)))).json()
    assert other["matches"] == []


async def test_an_altered_copy_of_the_official_photo_is_located_and_raises_the_risk(
    sqlite_stack: Stack, tmp_path: Path
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    official = samples.scene(3, samples.Subject.CROWD)
    title = "Foto resmi Bupati Badung 2026"
    files = {"file": ("resmi.jpg", jpeg_of(official, 92), "image/jpeg")}
    denied = await http.post(
        "/media/official", files=files, data={"title": title}, headers=auth(keys.officer)
    )
    assert denied.status_code == 403
    added = await http.post(
        "/media/official", files=files, data={"title": title}, headers=auth(keys.admin)
    )
    assert added.status_code == 201, added.text
    assert added.json()["title"] == title

    incident = await report(
        http, keys.officer, {**FLOOD_CLAIM, "claim": "Bupati Badung umumkan PPKM lagi"}
    )
    await wait_for(http, keys.officer, incident["id"], stage="verification")
    before = (await http.get(f"/incidents/{incident['id']}", headers=auth(keys.officer))).json()

    untouched = (await upload(http, keys.officer, incident["id"], jpeg_of(official, 70))).json()
    [same] = untouched["matches"]
    assert same["scope"] == "official" and same["title"] == title and same["altered"] is None

    painted = official.copy()
    region = (400, 60, 560, 200)
    ImageDraw.Draw(painted).rectangle(region, fill=(250, 250, 250))
    altered = (await upload(http, keys.officer, incident["id"], jpeg_of(painted, 80))).json()
    [match] = altered["matches"]
    assert match["scope"] == "official" and match["altered"] is not None
    assert _overlap(match["altered"]["box"], region) >= 0.5

    await wait_for_event(http, keys.officer, incident["id"], "media_rescored", altered["id"])
    after = (await http.get(f"/incidents/{incident['id']}", headers=auth(keys.officer))).json()
    factor = next(f for f in after["risk_factors"] if f["factor"] == "altered_official")
    assert factor["detail"] == title and after["risk_score"] > before["risk_score"]

    async with sign_in(sqlite_stack, keys.approver) as page:
        html = (await page.get(f"/view/incidents/{incident['id']}")).text
        assert "DIUBAH" in html and title in html and altered["sha256"] in html
        assert "Tanpa kredensial konten (C2PA)" in html
        picture = await page.get(
            f"/view/incidents/{incident['id']}/media/{altered['id']}/difference/0.png"
        )
        assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG")
        download = await page.get(f"/view/incidents/{incident['id']}/media/{altered['id']}")
        assert download.headers["content-disposition"].startswith("attachment;")
        dossier = (await page.get(f"/view/incidents/{incident['id']}/dossier.json")).json()
    listed = {m["sha256"]: m for m in dossier["media"]}
    assert set(listed) == {untouched["sha256"], altered["sha256"]}
    assert [c["type"] for c in listed[altered["sha256"]]["custody"]] == [
        "media_uploaded",
        "media_downloaded",
    ]


async def test_declared_ai_generation_is_shown_and_scored(
    sqlite_stack: Stack, tmp_path: Path
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident = await report(
        http, keys.officer, {**FLOOD_CLAIM, "claim": "Video Bupati joget di kantor"}
    )
    await wait_for(http, keys.officer, incident["id"], stage="verification")
    plain = samples.save(samples.scene(21), tmp_path / "asli.jpg")
    signed = tmp_path / "ai.jpg"
    signed_copy(plain, signed, ai_generated=True, generator="Generator Gambar")
    answer = (await upload(http, keys.officer, incident["id"], signed.read_bytes())).json()
    credentials = answer["content_credentials"]
    assert credentials["present"] and credentials["ai_generated"]
    assert credentials["validation"] == "untrusted"  # our test CA is on no trust list
    assert "Generator Gambar" in (credentials["generator"] or "")
    await wait_for_event(http, keys.officer, incident["id"], "media_rescored")
    shown = (await http.get(f"/incidents/{incident['id']}", headers=auth(keys.officer))).json()
    assert any(f["factor"] == "ai_declared" for f in shown["risk_factors"])


def _import(csv_file: Path, stack: Stack) -> subprocess.CompletedProcess[str]:
    env = tangkal_env(
        data_dir=stack.settings.data_dir, database_url=stack.settings.effective_database_url
    )
    return subprocess.run(
        [sys.executable, "-m", "core.cli", "archive", "import", str(csv_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_imported_debunk_media_are_found_in_uploads(
    sqlite_stack: Stack, tmp_path: Path
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    folder = tmp_path / "arsip"
    (folder / "foto").mkdir(parents=True)
    samples.save(samples.scene(31), folder / "foto" / "banjir-2019.jpg")
    samples.save(samples.scene(32, samples.Subject.CROWD), folder / "foto" / "demo.png")
    (folder / "rusak.jpg").write_bytes(samples.truncated_jpeg())
    (folder / "debunks.csv").write_text(
        "claim,title,url,verdict,media\n"
        "Banjir Denpasar 2019 disebut terjadi hari ini,[HOAKS] Foto banjir lama,"
        "https://turnbackhoax.id/banjir,Hoaks,foto/banjir-2019.jpg;foto/demo.png\n"
        "Demo ricuh di Renon,[HOAKS] Demo lama,https://turnbackhoax.id/demo,Hoaks,rusak.jpg\n",
        encoding="utf-8",
    )
    done = _import(folder / "debunks.csv", sqlite_stack)
    assert done.returncode == 1  # one file was refused, named
    assert "media rusak.jpg:" in done.stderr and "media_truncated" in done.stderr
    assert "2 added" in done.stderr

    incident = await report(http, keys.officer, SCHOOL_CLAIM | {"claim": "Ada banjir lagi di Kuta"})
    await wait_for(http, keys.officer, incident["id"], stage="verification")
    screenshot = samples.jpeg_bytes(samples.screenshot(samples.scene(31)), 75)
    answer: dict[str, Any] = (await upload(http, keys.officer, incident["id"], screenshot)).json()
    assert [m["title"] for m in answer["matches"]] == ["[HOAKS] Foto banjir lama"]
