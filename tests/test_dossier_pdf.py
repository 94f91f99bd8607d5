"""The dossier PDF as the Bupati's desk reads it (pdftotext): the letterhead, page numbers, who
approved which version and hash when in local time, the klarifikasi on one page, no UTC."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from api.pages.dossier_pdf import dossier_pdf
from core.policy import load_policy
from tests.debian_tools import debian_tool
from tests.flow import approved_incident, wait_for
from tests.pages_flow import sign_in
from tests.support import Stack, write_policy

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CLAIM = {
    "claim": "Video viral: petugas KPU Badung mencoblos sisa surat suara pemilu di TPS 05 Kuta "
    "sebelum warga datang",
    "source_urls": ["https://www.tiktok.com/@infobadungterkini/video/7301"],
    "platform": "tiktok",
    "reach": 250_000,
    "media_type": "video",
}
VERDICT = {
    "verdict": "false",
    "summary": "KPU Kabupaten Badung menegaskan surat suara tetap tersegel di gudang kecamatan "
    "sampai hari pemungutan; video itu rekaman simulasi tahun 2024.",
    "evidence_urls": ["https://kab-badung.kpu.go.id/siaran-pers/2026-12-02"],
    "authority": "KPU Kabupaten Badung",
    "checklist": ["source_traced", "agency_statement"],
}


def pages_of(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    text = subprocess.run(
        [debian_tool("pdftotext", "poppler-utils"), "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def an_emblem(path: Path) -> Path:
    """A made-up regency emblem (a shield), standing in for an office's own logo file."""
    image = Image.new("RGBA", (240, 280), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shield = [(20, 20), (220, 20), (220, 150), (120, 265), (20, 150)]
    draw.polygon(shield, fill=(13, 59, 102), outline=(212, 160, 23), width=10)
    draw.ellipse((80, 60, 160, 140), fill=(212, 160, 23))
    draw.rectangle((60, 170, 180, 190), fill=(255, 255, 255))
    image.save(path)
    return path


async def _dossier(stack: Stack) -> tuple[bytes, dict[str, Any]]:
    incident_id = await approved_incident(stack.http, stack.keys, CLAIM, VERDICT)
    await wait_for(stack.http, stack.keys.leader, incident_id, stage="closed")
    async with sign_in(stack, stack.keys.leader) as leader:
        pdf = await leader.get(f"/view/incidents/{incident_id}/dossier.pdf")
        document = await leader.get(f"/view/incidents/{incident_id}/dossier.json")
    assert pdf.status_code == 200 and document.status_code == 200
    return pdf.content, document.json()


async def test_the_dossier_is_a_document_with_letterhead_page_numbers_and_approvals(
    sqlite_stack: Stack,
) -> None:
    pdf, dossier = await _dossier(sqlite_stack)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "dossier.pdf").write_bytes(pdf)
    pages = pages_of(pdf)
    first, whole = pages[0], " ".join(pages)
    assert first.startswith("Pemerintah Kabupaten Badung")  # the letterhead, on top
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
    assert "Persetujuan teks klarifikasi" in whole
    approvals = whole.split("Persetujuan teks klarifikasi")[1].split("Jejak audit")[0]
    for d in dossier["decisions"]:
        assert d["by"] in approvals and d["draft_hash"][:32] in approvals
    assert "Kabag Prokompim" in approvals and "Sekda" in approvals
    assert "Versi 1" in approvals and "WITA" in approvals
    assert "UTC" not in whole
    # The klarifikasi is read without turning the page: its title and last line on one page.
    final = dossier["final_text"]
    last_line = final["body"].strip().splitlines()[-1]
    title_start = " ".join(final["title"].split()[:6])
    assert any(title_start in p and " ".join(last_line.split()) in p for p in pages)


async def test_the_letterhead_carries_the_logo_the_policy_names(
    sqlite_stack: Stack, tmp_path: Path
) -> None:
    text = write_policy(tmp_path, "http://127.0.0.1:9/unused").read_text()
    an_emblem(tmp_path / "lambang.png")
    policy_file = tmp_path / "kop.toml"
    policy_file.write_text(text.replace("[slack]", 'logo = "lambang.png"\n\n[slack]', 1))
    logo = load_policy(policy_file).organization.logo
    assert logo == str(tmp_path / "lambang.png")  # relative to the policy file

    _, dossier = await _dossier(sqlite_stack)
    pdf = dossier_pdf(dossier, Path(logo))
    saved = ARTIFACTS / "dossier-logo.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved.write_bytes(pdf)
    listed = subprocess.run(
        [debian_tool("pdfimages", "poppler-utils"), "-list", saved],
        capture_output=True,
        check=True,
    ).stdout.decode()
    images = [row.split() for row in listed.splitlines()[2:]]
    assert [(r[0], r[2]) for r in images if r[2] == "image"] == [("1", "image")], listed
    assert pages_of(pdf)[0].startswith("Pemerintah Kabupaten Badung")
    # A missing logo file leaves the name alone: the dossier still prints.
    assert pages_of(dossier_pdf(dossier, tmp_path / "none.png"))[0].startswith("Pemerintah")

    pdftoppm = debian_tool("pdftoppm", "poppler-utils")
    target = ARTIFACTS / "screenshots" / "dossier-page1"
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", saved, target],
        check=True,
    )
    # docs/dossier-page1.png is this page, copied by hand after looking at it.
