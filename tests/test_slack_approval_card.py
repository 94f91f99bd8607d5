"""An approver in Slack sees the whole text they approve, or gets no approve button there."""

from __future__ import annotations

from typing import Any

from markupsafe import escape as html_escape

from core.mrkdwn import escape
from tests.fakes.slack import FakeSlack
from tests.fakes.webhook import WebhookReceiver
from tests.flow import LOW_CLAIM, auth, report, verify, wait_for
from tests.pages_flow import sign_in
from tests.slack_flow import APPROVE_CHANNEL, SlackDriver, buttons, until
from tests.support import Stack

TAIL = "KESIMPULAN TAMBAHAN: KLAIM INI BENAR, PEMUNGUTAN SUARA DITUNDA."


async def _edited(stack: Stack, claim: str, body: str) -> tuple[str, dict[str, Any]]:
    """An incident awaiting approval of a draft the officer rewrote to `body`."""
    http, keys = stack.http, stack.keys
    incident_id = str((await report(http, keys.officer, {**LOW_CLAIM, "claim": claim}))["id"])
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    await wait_for(http, keys.officer, incident_id, stage="approval")
    edited = await http.put(
        f"/incidents/{incident_id}/draft",
        headers=auth(keys.officer),
        json={"title": "[HOAKS] Penutupan jalan & TPS", "body": body},
    )
    assert edited.status_code == 200, edited.text
    return incident_id, edited.json()["incident"]["draft"]


def _card_of(slack: SlackDriver, incident_id: str, draft_hash: str) -> dict[str, Any]:
    card = slack.card(APPROVE_CHANNEL, incident_id)
    assert draft_hash in str(card["blocks"]), "the card does not show this version yet"
    return card


def _texts(card: dict[str, Any], kind: str) -> list[str]:
    found = []
    for block in card["blocks"]:
        if block["type"] == kind == "section":
            found.append(block["text"]["text"])
        elif block["type"] == kind == "context":
            found += [element["text"] for element in block["elements"]]
    return found


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


async def test_a_long_draft_is_shown_whole_where_it_is_approved(
    slack_stack: Stack, fake_slack: FakeSlack, receiver: WebhookReceiver
) -> None:
    slack = SlackDriver(slack_stack, fake_slack)
    paragraph = "Faktanya: Dinas PU & Satlantas <Badung> memastikan jalan tetap dibuka. " * 12
    body = "\n\n".join([paragraph] * 8) + "\n\n" + TAIL  # ~7,000 characters, tail at the end
    incident_id, v2 = await _edited(slack_stack, "Jalan Sunset Road ditutup sebulan penuh", body)
    await until(lambda: v2["hash"] in str(fake_slack.in_channel(APPROVE_CHANNEL)), "card v2")
    card = _card_of(slack, incident_id, v2["hash"])

    shown = "".join(_texts(card, "section"))
    assert escape(body) in shown  # every character, the tail too, in order
    assert f"*{escape(v2['title'])}*" in shown
    meta = " ".join(_texts(card, "context"))
    assert f"isi {_number(len(body))} karakter" in meta and v2["hash"] in meta
    assert all(len(text) <= 3000 for text in _texts(card, "section")) and len(card["blocks"]) <= 50
    approve = next(b for b in card["blocks"] if b["type"] == "actions")["elements"][0]
    assert approve["action_id"] == "tangkal.approve"
    assert "ditampilkan utuh" in approve["confirm"]["text"]["text"]
    assert _number(len(body)) in approve["confirm"]["text"]["text"]

    await slack.click("U0KABAG", "tangkal.approve", approve["value"], APPROVE_CHANNEL)
    await wait_for(slack_stack.http, slack_stack.keys.leader, incident_id, stage="closed")
    [published] = receiver.published.values()
    assert TAIL in str(published.body)  # what was published is what was shown


async def test_a_draft_too_long_for_slack_has_no_approve_button_and_links_to_the_page(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    slack = SlackDriver(slack_stack, fake_slack)
    paragraph = "Penjelasan: KPU Kabupaten Badung memastikan seluruh surat suara tersegel. " * 10
    body = "\n\n".join([paragraph] * 25) + "\n\n" + TAIL  # ~19,000 characters
    assert 18_000 < len(body) <= 20_000
    incident_id, v2 = await _edited(slack_stack, "Surat suara TPS 7 sudah dicoblos", body)
    await until(lambda: v2["hash"] in str(fake_slack.in_channel(APPROVE_CHANNEL)), "card v2")
    card = _card_of(slack, incident_id, v2["hash"])

    assert set(buttons(card)) == {"tangkal.request_changes", "tangkal.reject"}
    assert TAIL not in str(card["blocks"])
    page = f"https://tangkal.badungkab.go.id/view/incidents/{incident_id}"
    notice = next(t for t in _texts(card, "section") if "terlalu panjang" in t)
    assert f"<{page}|halaman insiden>" in notice and _number(len(body)) in notice
    assert "persis" not in str(card["blocks"]) and "utuh di atas" not in str(card["blocks"])
    card_events = await slack_stack.http.get(
        f"/incidents/{incident_id}/timeline", headers=auth(slack_stack.keys.leader)
    )
    assert not [e for e in card_events.json() if e["type"] == "notification_failed"]

    # The page the card links to shows the whole text, with its approve button.
    async with sign_in(slack_stack, slack_stack.keys.leader) as client:
        html = (await client.get(f"/view/incidents/{incident_id}")).text
    assert str(html_escape(body)) in html and 'value="approve"' in html
