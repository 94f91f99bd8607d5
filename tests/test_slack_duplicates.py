""" "Is this the same hoax?" in Slack: the verification card lists the reports triage joined to
the incident, each with a yes and a no while the incident is open; no asks why, and the report
is then handled as an incident of its own. Both are the API's judgement (the same rules)."""

from __future__ import annotations

from typing import Any

from activities.notify.slack_cards import verification_blocks
from activities.types import Card, JoinedReport
from core.domain import Audience
from core.local_time import LocalClock
from tests.fakes.slack import FakeSlack, text_value
from tests.flow import CRITICAL_CLAIM, report, timeline, wait_for
from tests.slack_flow import VERIFY_CHANNEL, SlackDriver, until
from tests.support import Stack

# The same template at three polling stations of this module's own: the second is another
# event (a wrong join), the third the same video again (a right one).
FIRST = {
    **CRITICAL_CLAIM,
    "claim": "Video viral: petugas KPPS Desa Ungasan membawa kotak suara TPS 4 ke rumah caleg",
}
OTHER_TPS = {**FIRST, "claim": str(FIRST["claim"]).replace("TPS 4", "TPS 8")}
SAME_AGAIN = {**FIRST, "claim": str(FIRST["claim"]) + " & warga marah"}
CLOCK = LocalClock("Asia/Makassar", "id")


def _buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """Every button on a card, in order: (action id, value)."""
    return [
        (element["action_id"], element["value"])
        for block in message.get("blocks") or []
        for element in block.get("elements", [])
        if element.get("type") == "button"
    ]


def _blocks(card: Card) -> list[dict[str, Any]]:
    return verification_blocks(card, CLOCK)


def test_the_card_asks_of_each_joined_report_while_the_incident_is_open() -> None:
    joined = [
        JoinedReport("TK-B", "Kotak suara TPS 8 <dibawa> ke rumah caleg & disembunyikan", 0.81),
        JoinedReport("TK-C", "Kotak suara TPS 4 dibawa lagi", 0.93, judged="confirm"),
        JoinedReport("TK-D", "Kotak suara TPS 9", 0.77, judged="reject", split_into="TK-E"),
        *(JoinedReport(f"TK-X{n}", "Kotak suara", 0.7) for n in range(4)),
    ]
    card = Card("TK-A", Audience.VERIFICATION, "verification", "Klaim", True, "", joined=joined)
    blocks = _blocks(card)
    shown = str(blocks)
    assert "Laporan lain tentang klaim yang sama, digabung ke insiden ini" in shown
    # The claim as people wrote it, escaped for mrkdwn.
    assert "`TK-B` (kemiripan 81 %): “Kotak suara TPS 8 &lt;dibawa&gt; ke rumah" in shown
    assert "&amp; disembunyikan" in shown and "<dibawa>" not in shown
    assert "`TK-C` (kemiripan 93 %): “Kotak suara TPS 4 dibawa lagi” — dibenarkan" in shown
    assert "bukan hoaks yang sama, ditangani sebagai insiden `TK-E`" in shown
    asked = [(a, v) for a, v in _buttons({"blocks": blocks}) if a.startswith("tangkal.duplicate")]
    # Five reports on the card (the page has them all): TK-B and the first two of the rest
    # still unjudged; TK-C and TK-D judged, so no buttons.
    assert asked == [
        ("tangkal.duplicate.confirm", "TK-A|TK-B"),
        ("tangkal.duplicate.reject", "TK-A|TK-B"),
        ("tangkal.duplicate.confirm", "TK-A|TK-X0"),
        ("tangkal.duplicate.reject", "TK-A|TK-X0"),
        ("tangkal.duplicate.confirm", "TK-A|TK-X1"),
        ("tangkal.duplicate.reject", "TK-A|TK-X1"),
    ]
    assert "… dan 2 laporan lain: lihat halaman verifikasi insiden ini" in shown

    # After the verdict the card still asks (judging is open until the incident closes) ...
    card.stage, card.open = "drafting", False
    assert any(a.startswith("tangkal.duplicate") for a, _ in _buttons({"blocks": _blocks(card)}))
    # ... and once it is closed nothing is asked any more.
    card.stage = "closed"
    closed = _blocks(card)
    assert not [a for a, _ in _buttons({"blocks": closed}) if a.startswith("tangkal.duplicate")]
    assert "Hoaks yang sama? Bila bukan" not in str(closed)


async def test_the_verifier_judges_joined_reports_from_the_verification_card(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    stack, slack = slack_stack, SlackDriver(slack_stack, fake_slack)
    http, keys = stack.http, stack.keys
    original = (await report(http, keys.officer, FIRST))["id"]
    await wait_for(http, keys.officer, original, stage="verification")
    await until(lambda: slack.has_card(VERIFY_CHANNEL, original), "the card")
    wrong = (await report(http, keys.officer2, OTHER_TPS))["id"]
    assert (await wait_for(http, keys.officer, wrong, stage="closed"))["duplicate_of"] == original
    right = (await report(http, keys.officer2, SAME_AGAIN))["id"]
    assert (await wait_for(http, keys.officer, right, stage="closed"))["duplicate_of"] == original

    def asked() -> list[tuple[str, str]]:
        card = slack.card(VERIFY_CHANNEL, original)
        return [(a, v) for a, v in _buttons(card) if a.startswith("tangkal.duplicate")]

    both = [
        (f"tangkal.duplicate.{decision}", f"{original}|{joined}")
        for joined in (wrong, right)
        for decision in ("confirm", "reject")
    ]
    await until(lambda: asked() == both, "both joined reports asked about on the card")
    card_text = str(slack.card(VERIFY_CHANNEL, original)["blocks"])
    assert "warga marah" in card_text and "&amp; warga marah" in card_text  # escaped

    # An approver may not judge: refused where they clicked, nothing recorded.
    await slack.click("U0KABAG", "tangkal.duplicate.confirm", f"{original}|{right}", VERIFY_CHANNEL)
    await until(lambda: fake_slack.called("chat.postEphemeral"), "the refusal")
    assert "verifikator" in str(fake_slack.called("chat.postEphemeral")[-1]).lower()

    await slack.click(
        "U0VERIFY", "tangkal.duplicate.confirm", f"{original}|{right}", VERIFY_CHANNEL
    )
    await until(lambda: asked() == both[:2], "the confirmed report's buttons gone")
    assert "dibenarkan sebagai hoaks yang sama" in str(slack.card(VERIFY_CHANNEL, original))
    assert "tangkal.verdict.false" in dict(_buttons(slack.card(VERIFY_CHANNEL, original)))

    await slack.click("U0VERIFY", "tangkal.duplicate.reject", f"{original}|{wrong}", VERIFY_CHANNEL)
    view = slack.opened_view()
    assert view["callback_id"] == "tangkal.duplicate_reject"
    assert f"Mengapa laporan {wrong} bukan hoaks yang sama?" in str(view["blocks"])
    empty = await slack.submit("U0VERIFY", view, text_value("reason", " "))
    assert "Alasan wajib diisi" in empty.text
    reason = "TPS 8 di Desa Kutuh, kejadian lain"
    answer = await slack.submit("U0VERIFY", view, text_value("reason", reason))
    assert answer.content in (b"", b"null"), answer.text
    await until(lambda: asked() == [], "no joined report left to judge")

    events = await timeline(http, keys.officer, original)
    kinds = [e["type"] for e in events]
    assert kinds.count("duplicate_confirmed") == 1 and kinds.count("duplicate_rejected") == 1
    rejected = next(e for e in events if e["type"] == "duplicate_rejected")
    assert reason in rejected["summary"] and rejected["actor"]["id"] == "U0VERIFY"
    split_into = rejected["data"]["split_into"]
    shown = str(slack.card(VERIFY_CHANNEL, original)["blocks"])
    assert f"bukan hoaks yang sama, ditangani sebagai insiden `{split_into}`" in shown
    split = await wait_for(http, keys.officer, split_into, stage="verification")
    assert split["split_from"] == wrong and split["claim"] == OTHER_TPS["claim"]
    # The split-off report gets a verification card of its own.
    await until(lambda: slack.has_card(VERIFY_CHANNEL, split_into), "the split report's card")

    # A second click on an old card is refused where it was clicked, and changes nothing.
    refusals = len(fake_slack.called("chat.postEphemeral"))
    await slack.click(
        "U0VERIFY", "tangkal.duplicate.confirm", f"{original}|{wrong}", VERIFY_CHANNEL
    )
    await until(lambda: len(fake_slack.called("chat.postEphemeral")) > refusals, "the refusal")
    assert "sudah dinilai" in str(fake_slack.called("chat.postEphemeral")[-1])
    again = [e["type"] for e in await timeline(http, keys.officer, original)]
    assert again.count("duplicate_confirmed") == 1
