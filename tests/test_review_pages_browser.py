"""The verifier's and the approver's workspaces in real Chromium: the queue, the verdict form,
"waiting for you" on a phone, and the self-approval refusal."""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Browser, BrowserContext, Page, expect
from sqlmodel import Session

from core.db import engine_for
from core.detection.archive import ArchiveEntry, add_to_archive
from core.domain import Role
from tests.browser import SCREENSHOTS, chromium, sign_in_as
from tests.flow import CRITICAL_CLAIM, LOW_CLAIM, auth, decide, report, timeline, wait_for
from tests.pages_flow import incident_in_approval
from tests.support import Stack, person_key
from tests.test_words_shown import page_text, shown_wrongly

__all__ = ["chromium"]  # the session's browser fixture
# A form that sends an Update answers when the workflow has taken it (up to the API's 20 s).
UPDATE_WAIT = 25_000
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "device_scale_factor": 2}
SEVERE_SOURCES = ["https://www.tiktok.com/@infobadung/video/7301", "https://x.com/kabar/99"]
SEVERE_CLAIM = {**CRITICAL_CLAIM, "source_urls": SEVERE_SOURCES}


def _base(stack: Stack) -> str:
    return str(stack.http.base_url).rstrip("/")


async def _screenshot(page: Page, name: str) -> None:
    """Into the test artifacts; docs/ gets a copy by hand, once someone has looked at it."""
    await page.screenshot(path=SCREENSHOTS / name, full_page=True)


async def _until_stage(page: Page, *stages: str) -> str:
    deadline = time.monotonic() + 30
    while (shown := await page.get_attribute("#stage", "data-stage")) not in stages:
        assert time.monotonic() < deadline, f"the page never showed {stages}, only {shown}"
        await asyncio.sleep(0.3)
        await page.reload()
    return str(shown)


async def _no_sideways_scroll(page: Page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width} px)"


# What a thumb taps on these pages, the menu in the header included.
TAPPED = (
    "header a, header button, main a, main button, main label.choice, main select, "
    "main input[type=text], main textarea"
)


async def _thumb_sized(page: Page) -> None:
    small = await page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
             .filter((el) => el.offsetParent !== null)
             .filter((el) => el.getBoundingClientRect().height < 44)
             .map((el) => el.outerHTML.slice(0, 80))""",
        TAPPED,
    )
    assert small == [], f"tap targets under 44 px on {page.url}: {small}"


async def _phone(chromium: Browser) -> BrowserContext:
    return await chromium.new_context(**PHONE)  # type: ignore[arg-type]


async def test_a_verifier_finds_the_claim_in_the_queue_and_records_a_verdict(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack, base = sqlite_stack, _base(sqlite_stack)
    low = await report(stack.http, stack.keys.officer, LOW_CLAIM)
    severe = await report(stack.http, stack.keys.officer, SEVERE_CLAIM)
    for created in (low, severe):
        await wait_for(stack.http, stack.keys.officer, created["id"], stage="verification")

    desktop = await chromium.new_context(viewport={"width": 1280, "height": 900})
    page = await desktop.new_page()
    await sign_in_as(page, base, stack.keys.verifier)
    await page.click("header >> text=Verifikasi")
    await expect(page).to_have_url(base + "/verifikasi")
    cards = page.locator("#queue a.incident")
    await expect(cards).to_have_count(2)
    # The critical claim reported last stands first: the most severe first, then the oldest.
    assert await cards.nth(0).get_attribute("data-id") == severe["id"]
    assert await cards.nth(1).get_attribute("data-id") == low["id"]
    await expect(page.locator("#queue")).to_contain_text("paling gawat dulu")
    await expect(cards.nth(0)).to_contain_text("Kritis")
    await expect(cards.nth(0).locator(".countdown")).to_contain_text("sisa")
    assert shown_wrongly(page_text(await page.content()), severe["id"]) == []
    await _screenshot(page, "verifier-queue-desktop.png")
    await desktop.close()

    phone = await _phone(chromium)
    page = await phone.new_page()
    await sign_in_as(page, base, stack.keys.verifier)
    await page.goto(base + "/verifikasi")
    await _no_sideways_scroll(page)
    await _screenshot(page, "verifier-queue-phone.png")
    await page.click(f'#queue a.incident[data-id="{severe["id"]}"]')
    await expect(page.locator("#claim")).to_have_text(str(SEVERE_CLAIM["claim"]))
    await expect(page.locator("#sources a")).to_have_text(SEVERE_SOURCES)
    factors = page.locator("#risk-factors .factor")
    await expect(factors.first).to_be_visible()
    await expect(page.locator("#risk-factors")).to_contain_text("250.000 tayangan/bagikan")
    await expect(page.locator("#media_authenticity")).to_be_visible()  # a video claim

    summary = "KPU Badung: video itu rekaman simulasi 2019, bukan pemilu tahun ini."
    await page.check('input[name=verdict][value="false"]')
    await page.fill("#summary", summary)
    await page.fill("#evidence_urls", "https://kpu-badungkab.go.id/siaran-pers/12")
    await page.fill("#authority", "KPU Kabupaten Badung")
    await page.check('input[name=checklist][value="source_traced"]')
    await page.check('input[name=checklist][value="agency_statement"]')
    await page.select_option("#media_authenticity", "StagedContent")
    await _no_sideways_scroll(page)
    await _thumb_sized(page)
    button = await page.locator("#record-verdict").bounding_box()
    assert button is not None and button["height"] >= 48
    await _screenshot(page, "verifier-form-phone.png")

    # A link that is not http(s): refused, named on its field, and what was typed is kept.
    await page.fill("#evidence_urls", "ftp://kpu-badungkab.go.id/siaran-pers/12")
    await page.click("#record-verdict")
    await expect(page.locator("#error-evidence_urls")).to_contain_text(
        "Baris 1", timeout=UPDATE_WAIT
    )
    await expect(page.locator("#error-evidence_urls")).to_contain_text("http://")
    await expect(page.locator("#summary")).to_have_value(summary)
    await expect(page.locator('input[name=verdict][value="false"]')).to_be_checked()
    await expect(page.locator('input[name=checklist][value="agency_statement"]')).to_be_checked()
    await expect(page.locator("#media_authenticity")).to_have_value("StagedContent")
    await expect(page.locator("#stage")).to_have_text("Menunggu verifikasi")  # nothing recorded

    await page.fill("#evidence_urls", "https://kpu-badungkab.go.id/siaran-pers/12")
    await page.click("#record-verdict")
    await expect(page).to_have_url(
        f"{base}/view/incidents/{severe['id']}?done=1", timeout=UPDATE_WAIT
    )
    await _until_stage(page, "approval")
    await expect(page.locator("#to-verdict")).to_have_count(0)
    incident = await wait_for(stack.http, stack.keys.officer, severe["id"], stage="approval")
    assert incident["verdict"] == "false"
    assert incident["verification"]["media_authenticity"] == "StagedContent"
    assert incident["verification"]["evidence_urls"] == [
        "https://kpu-badungkab.go.id/siaran-pers/12"
    ]
    assert set(incident["verification"]["checklist"]) == {"source_traced", "agency_statement"}

    await page.goto(base + "/verifikasi")
    await expect(page.locator("#queue a.incident")).to_have_count(1)  # the low one is left
    await phone.close()


async def test_an_approver_on_a_phone_reads_the_whole_text_and_approves(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack, base = sqlite_stack, _base(sqlite_stack)
    incident = await incident_in_approval(stack, LOW_CLAIM)
    draft = incident["draft"]
    phone = await _phone(chromium)
    page = await phone.new_page()
    await sign_in_as(page, base, stack.keys.approver)
    await page.click("header >> text=Persetujuan")
    waiting = page.locator(f'#waiting a.incident[data-id="{incident["id"]}"]')
    await expect(waiting).to_contain_text("draf versi 1")
    await expect(page.locator("#waiting h1")).to_contain_text("Menunggu Anda (1)")
    await _no_sideways_scroll(page)
    await _thumb_sized(page)
    await page.screenshot(path=SCREENSHOTS / "approver-list-phone.png", full_page=True)
    await waiting.click()

    text = page.locator("#draft-text")
    await expect(text).to_contain_text(draft["title"])
    # The whole text, line for line as it will be published.
    shown = " ".join((await text.inner_text()).split())
    assert " ".join(draft["body"].split()) in shown
    await expect(page.locator("#hash")).to_have_text(draft["hash"])
    await expect(page.locator("#version")).to_have_text("1")
    await _no_sideways_scroll(page)
    await _thumb_sized(page)
    for button in ("#approve", "#request-changes", "#reject"):
        box = await page.locator(button).bounding_box()
        assert box is not None and box["height"] >= 48 and box["width"] >= 300, button
    assert shown_wrongly(page_text(await page.content()), incident["id"]) == []
    await _screenshot(page, "approver-phone.png")

    await page.click("#approve")
    await expect(page.locator("#done")).to_have_text("Keputusan tercatat.", timeout=UPDATE_WAIT)
    assert await _until_stage(page, "publishing", "monitoring", "closed")
    closed = await wait_for(stack.http, stack.keys.approver, incident["id"], stage="closed")
    assert [a["actor"]["name"] for a in closed["approvals"]] == ["Kabag Prokompim"]
    await page.goto(base + "/persetujuan")
    await expect(page.locator("#nothing-waiting")).to_be_visible()
    await phone.close()


async def test_a_verifier_who_is_also_an_approver_cannot_approve_the_text_they_wrote(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack, base = sqlite_stack, _base(sqlite_stack)
    incident = await incident_in_approval(stack, CRITICAL_CLAIM)  # two approvals, a leader's
    first = incident["draft"]
    assert (await decide(stack.http, stack.keys.approver, incident["id"], first["hash"])).is_success
    # The verifier (also an officer) rewrites the text: version 2 is theirs.
    edited = await stack.http.put(
        f"/incidents/{incident['id']}/draft",
        json={"title": first["title"], "body": first["body"] + "\n\nHubungi KPU di 0361-123."},
        headers=auth(stack.keys.verifier),
    )
    assert edited.status_code == 200, edited.text
    # … and is made an approver too: the same person, now with a key and the role.
    engine = engine_for(stack.settings.effective_database_url)
    both = person_key(engine, "Verifikator", [Role.APPROVER])

    context = await chromium.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await sign_in_as(page, base, both)
    await page.goto(base + "/persetujuan")
    await expect(page.locator("#nothing-waiting")).to_be_visible()
    mine = page.locator(f'#others a.incident[data-id="{incident["id"]}"]')
    await expect(mine).to_contain_text("Anda penulisnya")
    await mine.click()
    await expect(page.locator("#version")).to_have_text("2")
    await expect(page.locator("#diff h2")).to_contain_text("v1 → v2")
    await expect(page.locator("#diff ins")).to_contain_text("Hubungi KPU di 0361-123.")
    await expect(page.locator("#yours")).to_be_visible()
    await page.screenshot(path=SCREENSHOTS / "approver-diff-desktop.png", full_page=True)
    await page.click("#approve")
    await expect(page.locator("#refusal")).to_contain_text(
        "Tidak boleh menyetujui draf sendiri", timeout=UPDATE_WAIT
    )
    await expect(page.locator("#stage")).to_have_text("Menunggu persetujuan")
    await context.close()

    after = (await stack.http.get(f"/incidents/{incident['id']}", headers=auth(both))).json()
    assert after["stage"] == "approval" and after["draft"]["version"] == 2
    assert after["approvals"] == []  # nothing recorded for version 2
    assert [(d["actor"]["name"], d["draft_version"]) for d in after["decisions"]] == [
        ("Kabag Prokompim", 1)
    ]


ARCHIVED_CLAIM = (
    "Pembagian sembako gratis di Kantor Camat Kuta Selatan hari Sabtu untuk semua warga"
)
# Another hoax with a debunk of its own: two open claims, neither a duplicate of the other.
OTHER_ARCHIVED_CLAIM = "Jembatan Tukad Bangkung ditutup total mulai besok pagi untuk perbaikan"


def _archive(stack: Stack, claim: str, title: str) -> None:
    with Session(engine_for(stack.settings.effective_database_url)) as session:
        entry = ArchiveEntry(claim, title, "Faktanya, tidak demikian.", "id", "test")
        add_to_archive(session, entry)
        session.commit()


async def test_the_verifier_judges_the_suggested_debunk_and_sees_the_same_claim_reported_again(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack, base = sqlite_stack, _base(sqlite_stack)
    http, keys = stack.http, stack.keys
    title = "[HOAKS] Sembako gratis di Kantor Camat Kuta Selatan"
    _archive(stack, ARCHIVED_CLAIM, title)
    _archive(stack, OTHER_ARCHIVED_CLAIM, "[HOAKS] Jembatan Tukad Bangkung ditutup total")
    right = await report(http, keys.officer, {"claim": ARCHIVED_CLAIM, "reach": 50})
    wrong = await report(http, keys.officer, {"claim": OTHER_ARCHIVED_CLAIM, "reach": 50})
    for created in (right, wrong):
        await wait_for(http, keys.officer, created["id"], stage="verification")
    again = await report(http, keys.officer, {"claim": ARCHIVED_CLAIM, "reach": 80})
    original = (await wait_for(http, keys.officer, again["id"], stage="closed"))["duplicate_of"]
    assert original == right["id"]

    context = await chromium.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await sign_in_as(page, base, keys.verifier)
    await page.goto(f"{base}/view/incidents/{right['id']}/verifikasi")
    await expect(page.locator("#archive-match")).to_contain_text(title)
    await expect(page.locator("#archive-match")).to_contain_text(
        "Apakah ini klarifikasi yang tepat untuk klaim ini?"
    )
    await page.click("#archive-confirm")
    await expect(page.locator("p.ok[role=status]")).to_be_visible(timeout=UPDATE_WAIT)
    await expect(page.locator("#archive-confirmed")).to_have_text(
        "Dikonfirmasi tepat oleh Verifikator"
    )
    await expect(page.locator("#archive-confirm")).to_have_count(0)
    await page.goto(f"{base}/view/incidents/{original}/verifikasi")
    await expect(page.locator("#duplicates")).to_contain_text(again["id"])

    await page.goto(f"{base}/view/incidents/{wrong['id']}/verifikasi")
    await page.fill("#archive-reason", "Jembatan yang lain: ini Tukad Bangkung yang baru dibangun.")
    await page.click("#archive-reject")
    await expect(page.locator("#archive-match")).to_have_count(0, timeout=UPDATE_WAIT)
    unlinked = await wait_for(http, keys.officer, wrong["id"], stage="verification")
    assert unlinked["archive_match"] is None
    events = [e["type"] for e in await timeline(http, keys.officer, wrong["id"])]
    assert "archive_match_rejected" in events

    # In English, every word is the catalogue's: no key shows instead of its words.
    await page.goto(base + "/lang/en")
    for path, heading in (
        ("/verifikasi", "Waiting for verification"),
        (f"/view/incidents/{right['id']}/verifikasi", "Risk factors found by triage"),
    ):
        await page.goto(base + path)
        text = page_text(await page.content())
        assert heading in text
        assert "rv_" not in text, text
    await context.close()


async def test_a_verifier_on_a_phone_splits_off_a_report_that_is_not_the_same_hoax(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack, base = sqlite_stack, _base(sqlite_stack)
    http, keys = stack.http, stack.keys
    original = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, original, stage="verification")
    other_tps = str(CRITICAL_CLAIM["claim"]).replace("12", "7")
    joined = (await report(http, keys.officer2, {**CRITICAL_CLAIM, "claim": other_tps}))["id"]
    await wait_for(http, keys.officer, joined, stage="closed")

    phone = await _phone(chromium)
    page = await phone.new_page()
    await sign_in_as(page, base, keys.verifier)
    await page.goto(f"{base}/view/incidents/{original}/verifikasi")
    item = page.locator(f"#dup-{joined}")
    await expect(item).to_contain_text(other_tps[:60])
    await expect(page.locator(f"#dup-confirm-{joined}")).to_be_visible()
    await page.fill(f"#dup-reason-{joined}", "TPS 7 di Kuta Utara: kejadian lain")
    await _no_sideways_scroll(page)
    await _thumb_sized(page)
    await _screenshot(page, "verifier-duplicate-phone.png")
    await page.click(f"#dup-reject-{joined}")
    await expect(page).to_have_url(
        f"{base}/view/incidents/{original}/verifikasi?judged=1", timeout=UPDATE_WAIT
    )
    await expect(item).to_contain_text("bukan hoaks yang sama, ditangani sebagai")
    await expect(page.locator(f"#dup-confirm-{joined}")).to_have_count(0)
    # The joined report's page says where it went; the new incident's where it came from.
    await page.goto(f"{base}/view/incidents/{joined}")
    await expect(page.locator("#joined")).to_contain_text(f"duplikat insiden {original}")
    await page.click("#split-into")
    await expect(page.locator("#split-from")).to_contain_text(joined)
    shown = page_text(await page.content())
    assert f"Klaim dilaporkan lagi dari laporan {joined}" in shown
    assert shown_wrongly(shown, joined) == []
    await phone.close()
