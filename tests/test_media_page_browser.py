"""An altered copy of the official photo, as the approver sees it on a phone in Chromium:
what differs, boxed in red, the file's hash, and a download that is the file itself."""

from __future__ import annotations

import hashlib

from PIL import ImageDraw
from playwright.async_api import Browser, expect

from tests import media_samples as samples
from tests.browser import SCREENSHOTS, chromium
from tests.flow import LOW_CLAIM, auth, report, wait_for
from tests.support import Stack
from tests.test_media_api import jpeg_of, upload, wait_for_event
from tests.test_pages_browser import _sign_in

__all__ = ["chromium"]  # the session's browser fixture


async def test_the_altered_copy_is_shown_boxed_and_downloads_as_kept(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack = sqlite_stack
    http, keys = stack.http, stack.keys
    official = samples.scene(9, samples.Subject.CROWD)
    files = {"file": ("resmi.jpg", jpeg_of(official, 92), "image/jpeg")}
    data = {"title": "Foto resmi Bupati Badung 2026"}
    added = await http.post("/media/official", files=files, data=data, headers=auth(keys.admin))
    assert added.status_code == 201, added.text
    claim = {**LOW_CLAIM, "claim": "Foto: Bupati Badung umumkan sekolah libur sebulan"}
    incident = await report(http, keys.officer, claim)
    await wait_for(http, keys.officer, incident["id"], stage="verification")
    painted = official.copy()
    ImageDraw.Draw(painted).rectangle((60, 260, 260, 420), fill=(20, 20, 160))
    altered = (await upload(http, keys.officer, incident["id"], jpeg_of(painted, 75))).json()
    await wait_for_event(http, keys.officer, incident["id"], "media_rescored", altered["id"])

    base = str(http.base_url).rstrip("/")
    context = await chromium.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, accept_downloads=True
    )
    page = await context.new_page()
    await _sign_in(page, base, keys.approver)
    await page.goto(f"{base}/view/incidents/{incident['id']}")
    item = page.locator(f"#media-{altered['id']}")
    await expect(item.locator(".match")).to_contain_text("media resmi “Foto resmi Bupati Badung")
    await expect(item.locator(".match")).to_contain_text("DIUBAH")
    await expect(item.locator(".hash")).to_have_text(altered["sha256"])
    await expect(item.locator(".credentials")).to_contain_text("Ketiadaannya tidak membuktikan")
    picture = item.locator("img.difference")
    await expect(picture).to_be_visible()
    assert await picture.evaluate("img => img.naturalWidth") > 0
    # It fits the phone: the page does not scroll sideways.
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    await item.screenshot(path=SCREENSHOTS / "media-altered-phone.png")

    async with page.expect_download() as waiting:
        await item.locator("a.download").click()
    download = await waiting.value
    saved = SCREENSHOTS.parent / download.suggested_filename
    await download.save_as(saved)
    assert download.suggested_filename == f"{altered['id']}.jpg"
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == altered["sha256"]
    await context.close()
