"""One headless Debian Chromium per test session, driven by Playwright (never `playwright install`).

When Debian's chromium is missing it is installed with apt (`tests.debian_tools`); where that
cannot be done, the browser tests fail and name the package.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.debian_tools import debian_tool
from tests.support import PASSWORD, PERSON_OF_KEY

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
async def chromium() -> AsyncIterator[Browser]:
    executable = debian_tool("chromium", "chromium")  # Debian's, never a downloaded one
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=FLAGS
        )
        yield browser
        await browser.close()


async def sign_in_as(page: Page, base: str, key: str) -> None:
    """Signs `page` in to the pages at `base` as the person whose key `key` is (with their
    name and password, as people do), landing on `/`."""
    await page.goto(base + "/login")
    await page.fill("#name", PERSON_OF_KEY[key])
    await page.fill("#password", PASSWORD)
    await page.click("input[type=submit]")
    await expect(page).to_have_url(base + "/")
