"""The officer's workspace in real Chromium: report a claim with a photo at /lapor, find it in
my reports, and revise the draft an approver sent back, reading their reason and the diff."""

from __future__ import annotations

import hashlib
import io
import re

from PIL import Image
from playwright.async_api import Browser, FilePayload, Page, expect

from tests.browser import SCREENSHOTS, chromium, sign_in_as
from tests.flow import auth, decide, verify, wait_for
from tests.support import Stack

__all__ = ["chromium"]  # the session's browser fixture

CLAIM = (
    "Foto beredar: jembatan Tukad Bangkung di Badung retak dan ditutup mulai malam ini, "
    "warga diminta memutar lewat Kintamani."
)
SOURCE = "https://www.facebook.com/groups/infobadung/posts/4471"
REASON = "Sebutkan Dinas PUPR sebagai sumber resmi dan jam pemeriksaan jembatan."
ADDED = "Dinas PUPR Kabupaten Badung memeriksa jembatan pada pukul 09.00 WITA."


def photo() -> bytes:
    """A small JPEG of a grey bridge deck under a blue sky, made for this test."""
    image = Image.new("RGB", (320, 200), (90, 140, 210))
    for x in range(320):
        for y in range(120, 200):
            image.putpixel((x, y), (120 + (x * 7) % 40, 120, 118))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


async def _page(chromium: Browser, base: str, key: str, phone: bool = False) -> Page:
    """Signed in, in a browser set up as a Humas officer's is: Indonesian, the regency's zone."""
    context = await chromium.new_context(
        viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 900},
        is_mobile=phone,
        device_scale_factor=2 if phone else 1,
        locale="id-ID",
        timezone_id="Asia/Makassar",
    )
    page = await context.new_page()
    await sign_in_as(page, base, key)
    return page


async def _fits_a_phone(page: Page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width} px)"


async def _fill_report(page: Page, jpeg: bytes) -> None:
    await page.fill("#claim", CLAIM)
    await page.fill("#source_urls", SOURCE)
    await page.select_option("#platform", "facebook")
    await page.select_option("#media_type", "image")
    await page.fill("#reach", "12000")
    await page.fill("#first_seen_at", "2026-12-01T19:30")
    picture: FilePayload = {"name": "jembatan.jpg", "mimeType": "image/jpeg", "buffer": jpeg}
    await page.set_input_files("#file", files=[picture])
    await page.fill("#note", "Tangkapan layar dari grup Facebook Info Badung")


async def test_officer_reports_with_a_photo_then_revises_the_draft_sent_back(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack = sqlite_stack
    base = str(stack.http.base_url).rstrip("/")
    jpeg = photo()

    phone = await _page(chromium, base, stack.keys.officer, phone=True)
    await phone.goto(base + "/lapor")
    await _fill_report(phone, jpeg)
    await _fits_a_phone(phone)
    await phone.screenshot(path=SCREENSHOTS / "officer-report-phone.png", full_page=True)
    await phone.context.close()

    page = await _page(chromium, base, stack.keys.officer)
    await page.click('header a[href="/lapor"]')
    await expect(page.locator("h1")).to_have_text("Laporkan klaim")
    await _fill_report(page, jpeg)
    await page.screenshot(path=SCREENSHOTS / "officer-report-desktop.png", full_page=True)
    await page.click("#send-report")

    await expect(page).to_have_url(re.compile(r"/view/incidents/TK-[A-Z0-9]+$"))
    incident_id = page.url.rsplit("/", 1)[1]
    await expect(page.locator("#claim")).to_have_text(CLAIM)
    await expect(page.locator("#media")).to_contain_text(hashlib.sha256(jpeg).hexdigest())
    await expect(page.locator("#media")).to_contain_text("Tangkapan layar dari grup Facebook")
    status = (
        await stack.http.get(f"/incidents/{incident_id}", headers=auth(stack.keys.officer))
    ).json()
    assert status["first_seen_at"].startswith("2026-12-01T11:30")  # 19.30 WITA
    assert status["source_urls"] == [SOURCE] and status["reach"] == 12000

    await wait_for(stack.http, stack.keys.officer, incident_id, stage="verification")
    await page.click('header a[href="/laporan"]')
    mine = page.locator(f'a.report[data-id="{incident_id}"]')
    await expect(mine).to_contain_text("Menunggu verifikasi")
    await expect(mine).to_contain_text("WITA")
    await expect(mine.locator(".waits-marker")).to_have_count(0)

    # The verifier's verdict composes v1; the approver sends it back with a reason.
    await verify(stack.http, stack.keys.verifier, incident_id)
    draft = (await wait_for(stack.http, stack.keys.officer, incident_id, stage="approval"))["draft"]
    sent_back = await decide(
        stack.http, stack.keys.approver, incident_id, draft["hash"], "request_changes", REASON
    )
    assert sent_back.status_code == 200, sent_back.text
    await wait_for(stack.http, stack.keys.officer, incident_id, stage="drafting")

    await page.reload()
    await expect(mine.locator(".waits-marker")).to_have_text("Menunggu perbaikan Anda")
    await page.goto(f"{base}/view/incidents/{incident_id}")
    await page.click("#edit-draft")
    await expect(page.locator("#asks")).to_contain_text(REASON)
    await expect(page.locator("#asks")).to_contain_text("Kabag Prokompim")
    await expect(page.locator("#title")).to_have_value(draft["title"])
    body = await page.input_value("#body")
    await page.fill("#body", body.rstrip() + "\n\n" + ADDED)
    await page.click("#save-draft")

    await expect(page).to_have_url(f"{base}/view/incidents/{incident_id}#draft")
    await expect(page.locator("#draft")).to_contain_text("Versi 2")
    await expect(page.locator("#draft-change h3")).to_have_text("Perubahan dari versi 1 ke versi 2")
    await expect(page.locator("#draft-change .diff ins")).to_contain_text(ADDED)
    await page.screenshot(path=SCREENSHOTS / "officer-incident-desktop.png", full_page=True)
    again = await wait_for(stack.http, stack.keys.officer, incident_id, stage="approval")
    assert again["draft"]["version"] == 2 and again["draft"]["author"]["name"] == "Petugas Humas"
    await page.context.close()

    # Sent back once more: on a phone the officer reads both requests and the change so far.
    second = "Judulnya terlalu panjang untuk dibagikan di WhatsApp; persingkat."
    response = await decide(
        stack.http,
        stack.keys.approver,
        incident_id,
        again["draft"]["hash"],
        "request_changes",
        second,
    )
    assert response.status_code == 200, response.text
    await wait_for(stack.http, stack.keys.officer, incident_id, stage="drafting")
    phone = await _page(chromium, base, stack.keys.officer, phone=True)
    await phone.goto(f"{base}/view/incidents/{incident_id}/draft")
    await expect(phone.locator("#asks .ask")).to_have_count(2)
    await expect(phone.locator("#asks .ask").first).to_contain_text(second)
    await expect(phone.locator("#changes .diff ins")).to_contain_text(ADDED)
    await _fits_a_phone(phone)
    await phone.screenshot(path=SCREENSHOTS / "officer-draft-phone.png", full_page=True)
    await phone.goto(base + "/laporan")
    await expect(phone.locator(".waits-marker")).to_have_count(1)
    await _fits_a_phone(phone)
    await phone.screenshot(path=SCREENSHOTS / "officer-reports-phone.png", full_page=True)
    await phone.context.close()


async def test_a_bad_field_is_named_the_form_kept_and_nothing_reported(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack = sqlite_stack
    base = str(stack.http.base_url).rstrip("/")
    page = await _page(chromium, base, stack.keys.officer)
    await page.goto(base + "/lapor")
    await page.fill("#claim", CLAIM)
    await page.fill("#source_urls", "grup WA warga Kuta")  # not a link
    await page.select_option("#platform", "whatsapp")
    async with page.expect_response(lambda r: r.url.endswith("/lapor")) as answered:
        await page.click("#send-report")
    assert (await answered.value).status == 422
    problems = page.locator("#form-problems")
    await expect(problems).to_contain_text("Tautan sumber")
    await expect(problems.locator("li")).to_have_count(1)
    await expect(page.locator("#source_urls")).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#claim")).to_have_value(CLAIM)  # nothing typed is lost
    await expect(page.locator("#platform")).to_have_value("whatsapp")

    await page.goto(base + "/laporan")
    await expect(page.locator("#no-reports")).to_be_visible()
    listed = await stack.http.get("/incidents", headers=auth(stack.keys.officer))
    assert listed.json()["items"] == []
    await page.context.close()
