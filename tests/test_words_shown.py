"""What a Humas officer reads, in Bahasa Indonesia: the dashboard, an incident's page, the Slack
cards (as the fake Slack received them) and the dossier PDF show labels, never a raw enum
value, and local times with their zone (WITA here), never "UTC"."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from core.domain import ActorKind, Decision, NoticeKind, Resolution, Severity, Stage, Verdict
from tests.debian_tools import debian_tool
from tests.fakes.slack import FakeSlack
from tests.flow import CRITICAL_CLAIM, VERDICT, auth, decide, report, verify, wait_for
from tests.pages_flow import sign_in
from tests.slack_flow import APPROVE_CHANNEL, VERIFY_CHANNEL, SlackDriver, until
from tests.support import Stack

# The values a reader must never see raw. Platforms, media types and roles such as "admin" or
# "video" read the same in Bahasa Indonesia, so they are not among them.
RAW = sorted(
    {
        member.value
        for kind in (Stage, Resolution, Verdict, Severity, Decision, NoticeKind, ActorKind)
        for member in kind
    }
)
RAW_WORD = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, RAW)) + r")(?![\w/.-])")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CLAIM = {
    **CRITICAL_CLAIM,
    "claim": "Video viral: petugas KPU Badung mencoblos sisa surat suara Pilkada di TPS 21 Kuta",
}


class _Text(HTMLParser):
    """The words a page shows: its text, not its markup, attributes or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def card_text(message: dict[str, Any]) -> str:
    """Every text a Slack client renders from a card: sections, contexts, headers, buttons,
    the confirm dialog; not action ids or button values."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "text" and isinstance(inner, str):
                    found.append(inner)
                elif key not in ("action_id", "value", "block_id", "type", "style", "url"):
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(message.get("blocks") or [])
    return " ".join(found)


def shown_wrongly(text: str, incident_id: str) -> list[str]:
    text = text.replace(incident_id, "")
    found = [m.group(1) for m in RAW_WORD.finditer(text)]
    if "UTC" in text:
        found.append("UTC")
    return found


async def test_every_screen_speaks_indonesian_with_labels_and_local_times(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    stack, slack = slack_stack, SlackDriver(slack_stack, fake_slack)
    http, keys = stack.http, stack.keys
    incident_id = str((await report(http, keys.officer, CLAIM))["id"])
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await until(lambda: slack.has_card(VERIFY_CHANNEL, incident_id), "verification card")
    asking = card_text(slack.card(VERIFY_CHANNEL, incident_id))
    assert "KRITIS" in asking and "Batas SLA: " in asking and "WITA" in asking
    assert shown_wrongly(asking, incident_id) == []

    await verify(
        http, keys.verifier, incident_id, {**VERDICT, "media_authenticity": "StagedContent"}
    )
    waiting = await wait_for(http, keys.officer, incident_id, stage="approval")
    await until(lambda: slack.has_card(APPROVE_CHANNEL, incident_id), "approval card")
    await until(
        lambda: waiting["draft"]["hash"] in str(slack.card(APPROVE_CHANNEL, incident_id)),
        "approval card of the draft",
    )
    approving = card_text(slack.card(APPROVE_CHANNEL, incident_id))
    assert "0 dari 2 persetujuan" in approving
    assert "masih perlu satu dari: pimpinan" in approving and "Batas SLA: " in approving
    assert shown_wrongly(approving, incident_id) == []
    decided = await decide(http, keys.approver, incident_id, waiting["draft"]["hash"])
    assert decided.status_code == 200, decided.text

    async with sign_in(stack, keys.leader) as leader:
        dashboard = page_text((await leader.get("/")).text)
        assert incident_id in dashboard and "Kritis" in dashboard
        assert re.search(r"sisa \d+ menit", dashboard) and "WITA" in dashboard
        assert shown_wrongly(dashboard, incident_id) == []

        page = page_text((await leader.get(f"/view/incidents/{incident_id}")).text)
        assert "Tahap: Menunggu persetujuan" in page and "Putusan: Hoaks" in page
        assert "Menyetujui v1 (1 dari 2 persetujuan, masih perlu satu dari: pimpinan)" in page
        assert "Risiko " in page and "tingkat Kritis" in page
        assert shown_wrongly(page, incident_id) == []

        await decide(http, keys.leader, incident_id, waiting["draft"]["hash"])
        await wait_for(http, keys.leader, incident_id, stage="closed")
        pdf = await leader.get(f"/view/incidents/{incident_id}/dossier.pdf")
    assert pdf.status_code == 200
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "dossier.pdf").write_bytes(pdf.content)  # to look at: pdftoppm -png
    dossier = subprocess.run(
        [debian_tool("pdftotext", "poppler-utils"), "-layout", "-", "-"],
        input=pdf.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    dossier = " ".join(dossier.split())
    assert "Dosier keputusan" in dossier and "WITA" in dossier
    assert "Disetujui" in dossier and "Klarifikasi terbit" in dossier
    assert shown_wrongly(dossier, incident_id) == []

    # The API's timeline says the same, in English when asked.
    english = await http.get(
        f"/incidents/{incident_id}/timeline",
        headers={**auth(keys.leader), "Accept-Language": "en-GB,en;q=0.8"},
    )
    summaries = [e["summary"] for e in english.json()]
    assert "Verdict: False (hoax)" in summaries and "Claim reported" in summaries
