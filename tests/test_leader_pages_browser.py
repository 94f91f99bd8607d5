"""The leader's dashboard, the incident page's risk factors and the admin outbox in Chromium.

A late incident needs its stage's SLA to pass: hours pass in seconds on Temporal's
time-skipping server, and the pages read the incidents as a leader would read them once those
hours had passed (`tests.skipped_clock`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect
from temporalio.testing import WorkflowEnvironment

from tests.browser import SCREENSHOTS, chromium, sign_in_as
from tests.fakes.webhook import WebhookReceiver
from tests.flow import decide, report, verify, wait_for
from tests.skipped_clock import ClockLead, move_back
from tests.support import BIN, Stack, stack_on_sqlite

__all__ = ["chromium"]  # the session's browser fixture

WATER = {  # low: its approval SLA is an hour
    "claim": "Beredar pesan WhatsApp: PDAM Badung mematikan air di seluruh Kuta Selatan selama "
    "tiga hari mulai Senin karena pipa utama bocor.",
    "platform": "whatsapp",
    "reach": 3200,
    "media_type": "text",
}
BALLOTS = {  # critical: an approval must come from a leader
    "claim": "Video viral: petugas KPU Badung mencoblos sisa surat suara pemilu di TPS 05 Kuta "
    "sebelum warga datang",
    "source_urls": ["https://www.tiktok.com/@infobadungterkini/video/7301"],
    "platform": "tiktok",
    "reach": 250_000,
    "media_type": "video",
}
BRIDGE = {
    "claim": "Info grup Facebook: jembatan Tukad Bangkung ditutup total karena retak, kendaraan "
    "dialihkan lewat Petang",
    "platform": "facebook",
    "reach": 900,
    "media_type": "text",
}
REVOTE = {  # critical, published, in monitoring for two days
    "claim": "Tangkapan layar beredar: KPU Badung umumkan pemungutan suara ulang di 12 TPS Mengwi "
    "karena surat suara tertukar, warga diminta datang lagi Minggu",
    "platform": "facebook",
    "reach": 180_000,
    "media_type": "image",
}
WATER_VERDICT = {
    "verdict": "false",
    "summary": "PDAM Tirta Mangutama memastikan tidak ada pemadaman air di Kuta Selatan; "
    "perbaikan pipa di Jimbaran selesai Sabtu malam tanpa menghentikan aliran.",
    "evidence_urls": ["https://pdam.badungkab.go.id/pengumuman/2026-12-01"],
    "authority": "PDAM Tirta Mangutama Kabupaten Badung",
    "checklist": ["source_traced", "agency_statement"],
}
KPU_VERDICT = {
    "verdict": "false",
    "summary": "KPU Kabupaten Badung menegaskan surat suara tetap tersegel di gudang kecamatan "
    "sampai hari pemungutan; video itu rekaman simulasi tahun 2024.",
    "evidence_urls": ["https://kab-badung.kpu.go.id/siaran-pers/2026-12-02"],
    "authority": "KPU Kabupaten Badung",
    "checklist": ["source_traced", "agency_statement"],
}


@pytest.fixture
async def skipping_stack(
    receiver: WebhookReceiver, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Stack, WorkflowEnvironment]]:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server")
    )
    directory = tmp_path_factory.mktemp("leader")
    async with stack_on_sqlite(
        env.client, directory, receiver.url, monitoring_minutes=2880
    ) as stack:
        yield stack, env
    await env.shutdown()


async def _until_event(stack: Stack, incident_id: str, kind: str) -> None:
    for _ in range(200):
        events = (
            await stack.http.get(
                f"/incidents/{incident_id}/timeline", headers=stack.auth(stack.keys.leader)
            )
        ).json()
        if any(e["type"] == kind for e in events):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"no {kind} on {incident_id}")


async def _in_approval(stack: Stack, claim: dict[str, Any], verdict: dict[str, Any]) -> str:
    keys = stack.keys
    incident_id = str((await report(stack.http, keys.officer, claim))["id"])
    await wait_for(stack.http, keys.officer, incident_id, stage="verification")
    await verify(stack.http, keys.verifier, incident_id, verdict)
    await wait_for(stack.http, keys.officer, incident_id, stage="approval")
    return incident_id


async def _page(chromium: Browser, phone: bool) -> Page:
    context = await chromium.new_context(
        viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 900},
        is_mobile=phone,
        device_scale_factor=2 if phone else 1,
    )
    return await context.new_page()


SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll('main *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .filter(e => e.getClientRects().length)
  .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


async def _readable_on_a_phone(page: Page) -> None:
    await _no_sideways_scroll(page)
    smallest = await page.evaluate(SMALLEST_TEXT)
    assert smallest >= 12, f"{page.url} has text of {smallest} px"


async def _no_sideways_scroll(page: Page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width} px)"


async def test_the_leader_sees_the_late_incident_first_and_who_it_waits_on(
    skipping_stack: tuple[Stack, WorkflowEnvironment], chromium: Browser
) -> None:
    stack, env = skipping_stack
    keys = stack.keys
    water = await _in_approval(stack, WATER, WATER_VERDICT)
    skip_began = datetime.now(UTC)
    await env.sleep(timedelta(hours=2))  # the water claim's approval hour passes, twice
    await _until_event(stack, water, "sla_escalation")
    ballots = await _in_approval(stack, BALLOTS, KPU_VERDICT)
    bridge = str((await report(stack.http, keys.officer, BRIDGE))["id"])
    await wait_for(stack.http, keys.officer, bridge, stage="verification")
    revote = await _in_approval(stack, REVOTE, KPU_VERDICT)
    draft = (await wait_for(stack.http, keys.officer, revote, stage="approval"))["draft"]
    for key in (keys.approver, keys.leader):
        assert (await decide(stack.http, key, revote, draft["hash"])).status_code == 200
    await wait_for(stack.http, keys.officer, revote, stage="monitoring")
    now = datetime.now(UTC)
    ahead = await env.get_current_time() - now
    move_back(stack.settings.effective_database_url, ClockLead(skip_began, ahead, now))
    base = str(stack.http.base_url).rstrip("/")

    for phone in (False, True):
        page = await _page(chromium, phone)
        await sign_in_as(page, base, keys.leader)
        await expect(page.locator("#count-open .n")).to_have_text("3")
        await expect(page.locator("#count-late .n")).to_have_text("1")
        # The ballots claim is critical (a leader must approve) and the water claim waits on
        # every approver: both wait on the Sekda, who is reading.
        await expect(page.locator("#count-you .n")).to_have_text("2")
        cards = page.locator("#needing a.incident")
        await expect(cards).to_have_count(3)
        first = cards.first
        await expect(first).to_have_attribute("data-id", water)
        await expect(first).to_contain_text("TERLAMBAT")
        await expect(first.locator(".countdown")).to_contain_text("lewat")
        await expect(first.locator(".waits")).to_have_text("Menunggu: Anda, Kabag Prokompim")
        await expect(first.locator(".escalated")).to_contain_text("Eskalasi SLA terkirim")
        await expect(first.locator('.cell[data-stage="approval"]')).to_have_class("cell breached")
        await expect(cards.nth(1)).to_have_attribute("data-id", ballots)  # 30 min SLA
        await expect(cards.nth(2)).to_have_attribute("data-id", bridge)
        await expect(cards.nth(2).locator(".waits")).to_have_text("Menunggu: Verifikator")
        monitoring = page.locator("#monitoring a.incident")
        await expect(monitoring).to_have_count(1)
        await expect(monitoring).to_have_attribute("data-id", revote)
        await expect(page.locator("#week-platforms")).to_contain_text("Facebook")
        body = await page.text_content("body") or ""
        assert "UTC" not in body and "WITA" in body
        name = "phone" if phone else "desktop"
        if phone:
            await _readable_on_a_phone(page)
        # docs/leader-dashboard-*.png are these, copied by hand after looking at them.
        await page.screenshot(path=SCREENSHOTS / f"leader-dashboard-{name}.png", full_page=True)

        await page.click(f'a.incident[data-id="{ballots}"]')
        factors = page.locator("#risk .risk-factor")
        await expect(factors).to_have_count(3)
        await expect(factors.nth(0)).to_contain_text("Jangkauan")
        await expect(factors.nth(0)).to_contain_text("250.000 tayangan/bagikan dilaporkan")
        await expect(page.locator("#risk")).to_contain_text("topik sensitif: pemilu")
        await expect(page.locator("#outbox")).to_have_count(0)
        if phone:
            await _no_sideways_scroll(page)
        # docs/leadership-incident-*.png
        await page.screenshot(path=SCREENSHOTS / f"leader-incident-{name}.png", full_page=True)
        await page.context.close()


async def test_the_console_outbox_is_an_admin_page(sqlite_stack: Stack, chromium: Browser) -> None:
    stack = sqlite_stack
    base = str(stack.http.base_url).rstrip("/")
    created = await report(stack.http, stack.keys.officer, BRIDGE)
    await wait_for(stack.http, stack.keys.officer, created["id"], stage="verification")
    page = await _page(chromium, phone=True)
    await sign_in_as(page, base, stack.keys.admin)
    await page.click("header >> text=Kotak keluar konsol")
    notices = page.locator("#outbox .notice")
    await expect(notices.first).to_contain_text("kanal verifikasi")
    await expect(notices.first).to_contain_text("Menunggu verifikasi")
    await expect(notices.first.locator("a")).to_have_attribute(
        "href", f"/view/incidents/{created['id']}"
    )
    await _no_sideways_scroll(page)
    await page.screenshot(path=SCREENSHOTS / "admin-outbox-phone.png", full_page=True)
    await page.context.close()

    leader = await _page(chromium, phone=False)
    await sign_in_as(leader, base, stack.keys.leader)
    await expect(leader.locator("header")).not_to_contain_text("Kotak keluar")
    refused = await leader.goto(base + "/admin/outbox")
    assert refused is not None and refused.status == 403
    await leader.context.close()


async def test_metrics_say_when_too_few_incidents_make_a_percentile(
    sqlite_stack: Stack, chromium: Browser
) -> None:
    stack = sqlite_stack
    base = str(stack.http.base_url).rstrip("/")
    incident_id = await _in_approval(stack, WATER, WATER_VERDICT)
    draft = (await wait_for(stack.http, stack.keys.officer, incident_id, stage="approval"))["draft"]
    assert (await decide(stack.http, stack.keys.approver, incident_id, draft["hash"])).is_success
    await wait_for(stack.http, stack.keys.officer, incident_id, stage="closed")
    page = await _page(chromium, phone=True)
    await sign_in_as(page, base, stack.keys.leader)
    await page.click('header a[href="/view/metrics"]')
    await expect(page).to_have_url(base + "/view/metrics")
    verify_rows = page.locator("#time_to_verify li.duration")
    await expect(verify_rows).to_have_count(1)
    await expect(verify_rows).to_contain_text("1 insiden, terlalu sedikit untuk p50/p90")
    await expect(page.locator("#time_to_verify .fill")).to_have_count(0)  # no bar for one
    await expect(page.locator("#platforms li")).to_contain_text(["WhatsApp"])
    await _readable_on_a_phone(page)
    await page.screenshot(path=SCREENSHOTS / "metrics-phone.png", full_page=True)
    await page.context.close()
