"""The leadership pages in real Chromium: sign in, read the timeline, approve, download."""

from __future__ import annotations

import asyncio
import re
import time

from playwright.async_api import Browser, Page, expect

from tests.browser import SCREENSHOTS, chromium, sign_in_as
from tests.flow import report, verify, wait_for
from tests.pages_flow import SCRIPT_CLAIM, incident_in_approval
from tests.support import Stack

__all__ = ["chromium"]  # the session's browser fixture


async def _sign_in(page: Page, base: str, key: str) -> None:
    await page.goto(base + "/")
    await expect(page).to_have_url(base + "/login")
    await sign_in_as(page, base, key)


async def _until_stage(page: Page, stage: str) -> None:
    deadline = time.monotonic() + 30
    while (await page.get_attribute("#stage", "data-stage")) != stage:
        assert time.monotonic() < deadline, f"page never showed stage {stage}"
        await asyncio.sleep(0.3)
        await page.reload()


async def test_approver_signs_in_reads_the_timeline_approves_and_downloads_the_dossier(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack = sqlite_stack
    base = str(stack.http.base_url).rstrip("/")
    incident = await incident_in_approval(stack, SCRIPT_CLAIM)
    context = await chromium.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await _sign_in(page, base, stack.keys.approver)

    card = page.locator(f'a.incident[data-id="{incident["id"]}"]')
    await expect(card).to_contain_text("<script>window.__pwned = 1</script>")
    # Who it waits on, by name: the approvers (the reader first, as "Anda").
    await expect(card.locator(".waits")).to_have_text("Menunggu: Anda, Sekda")
    # The countdown is live, in words that cannot be misread ("sisa 59 menit 58 detik").
    await expect(card.locator(".countdown")).to_have_text(
        re.compile(r"^sisa (\d+ jam )?(\d+ menit )?\d+ detik$|^sisa (\d+ jam )?\d+ menit$")
    )
    await card.click()

    await expect(page.locator("#claim")).to_contain_text("<script>window.__pwned")
    assert await page.evaluate("typeof window.__pwned") == "undefined"
    bars = page.locator(".stage-bar")
    stages = [await bars.nth(i).get_attribute("data-stage") for i in range(await bars.count())]
    assert stages == ["reported", "triage", "verification", "drafting", "approval"]
    approval = page.locator('.stage-bar[data-stage="approval"]')
    await expect(approval).to_contain_text("SLA 1 jam")
    await expect(approval).to_contain_text("WITA")
    await expect(approval.locator(".bar")).to_have_attribute("role", "img")
    await expect(page.locator('.stage-bar[data-stage="verification"] .event')).to_contain_text(
        ["Verifikator"]
    )
    # The console outbox is the admin's page now (/admin/outbox), not the approver's.
    await expect(page.locator("#outbox")).to_have_count(0)
    await page.screenshot(path=SCREENSHOTS / "incident-desktop.png", full_page=True)

    await page.click("#approve")
    await expect(page.locator("p.ok")).to_have_text("Keputusan tercatat.")
    await _until_stage(page, "closed")
    await expect(page.locator("#approvals")).to_contain_text("Kabag Prokompim")
    await expect(page.locator("#publications a")).to_have_count(1)

    async with page.expect_download() as waiting:
        await page.click("#dossier-pdf")
    download = await waiting.value
    saved = SCREENSHOTS.parent / download.suggested_filename
    await download.save_as(saved)
    assert download.suggested_filename == f"dosier-{incident['id']}.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    await context.close()


async def test_leader_reads_the_incident_on_a_phone_in_english(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack = sqlite_stack
    base = str(stack.http.base_url).rstrip("/")
    incident = await incident_in_approval(stack, SCRIPT_CLAIM)
    context = await chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2
    )
    page = await context.new_page()
    await _sign_in(page, base, stack.keys.leader)
    await page.click("text=English")
    await expect(page.locator("h1")).to_contain_text("Needing someone")
    await expect(page.locator("#count-open")).to_contain_text("Not yet published")
    await page.click(f'a.incident[data-id="{incident["id"]}"]')
    await expect(page.locator("#timeline h2")).to_have_text("Timeline")
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the incident page scrolls sideways on a phone"
    await page.screenshot(path=SCREENSHOTS / "incident-phone.png", full_page=True)
    await context.close()


REALISTIC_CLAIM = {
    "claim": "PENGUMUMAN KPU Kabupaten Badung: pemungutan suara Pilkada Badung diundur dari Rabu "
    "27 November ke Sabtu 30 November karena surat suara belum dicetak. Sebarkan!",
    "source_urls": ["https://www.facebook.com/groups/infobadung/posts/912"],
    "platform": "facebook",
    "reach": 48_000,
    "media_type": "image",
}
REALISTIC_VERDICT = {
    "verdict": "false",
    "summary": "KPU Kabupaten Badung menegaskan pemungutan suara tetap Rabu, 27 November 2026. "
    "Surat suara sudah dicetak dan didistribusikan ke seluruh kecamatan sejak 20 November.",
    "evidence_urls": ["https://kab-badung.kpu.go.id/siaran-pers/2026-11-21"],
    "authority": "KPU Kabupaten Badung",
    "checklist": ["source_traced", "agency_statement"],
    "media_authenticity": "EditedOrCroppedContent",
}


async def test_the_incident_page_as_an_approver_reads_it_in_indonesian(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    """The page for docs/leadership-incident-*.png: a hoax as a Humas office meets it."""
    stack = sqlite_stack
    base = str(stack.http.base_url).rstrip("/")
    created = await report(stack.http, stack.keys.officer, REALISTIC_CLAIM)
    await wait_for(stack.http, stack.keys.officer, created["id"], stage="verification")
    await verify(stack.http, stack.keys.verifier, created["id"], REALISTIC_VERDICT)
    await wait_for(stack.http, stack.keys.officer, created["id"], stage="approval")
    for name, viewport in (("desktop", (1280, 900)), ("phone", (390, 844))):
        context = await chromium.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            is_mobile=name == "phone",
            device_scale_factor=2 if name == "phone" else 1,
        )
        page = await context.new_page()
        await _sign_in(page, base, stack.keys.approver)
        await page.goto(f"{base}/view/incidents/{created['id']}")
        await expect(page.locator("#stage")).to_have_text("Menunggu persetujuan")
        body = await page.text_content("body") or ""
        assert "UTC" not in body and "WITA" in body and "critical" not in body
        await page.screenshot(path=SCREENSHOTS / f"leadership-incident-{name}.png", full_page=True)
        await context.close()


async def test_signing_out_in_the_browser_ends_the_session_for_a_copied_cookie(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack = sqlite_stack
    base = str(stack.http.base_url).rstrip("/")
    context = await chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = await context.new_page()
    await _sign_in(page, base, stack.keys.officer)
    await expect(page.locator("header")).to_contain_text("Keluar (Petugas Humas)")
    copied = await context.cookies()
    await page.click("header button[type=submit]")
    await expect(page).to_have_url(base + "/login")
    # The cookie as it was before the sign-out, in another browser: refused, sent to sign in.
    other = await chromium.new_context()
    await other.add_cookies(copied)  # type: ignore[arg-type]
    stolen = await other.new_page()
    await stolen.goto(base + "/laporan")
    await expect(stolen).to_have_url(base + "/login")
    await expect(stolen.locator("#password")).to_be_visible()
    await other.close()
    await context.close()
