""" "Is this the right debunk?" in Slack: the verification card shows the earlier klarifikasi
a claim seems to recycle, with a yes and a no; no asks why. Both are the API's judgement."""

from __future__ import annotations

from sqlmodel import Session

from core.db import engine_for
from core.detection.archive import ArchiveEntry, add_to_archive
from tests.fakes.slack import FakeSlack, text_value
from tests.flow import report, timeline, wait_for
from tests.slack_flow import VERIFY_CHANNEL, SlackDriver, buttons, until
from tests.support import Stack

CLAIM = "Pembagian sembako gratis di Kantor Camat Kuta Selatan hari Sabtu untuk semua warga"
# Another hoax with a debunk of its own: two open claims, neither a duplicate of the other
# (whichever triage ends first, the other would be joined to it).
OTHER = "Jembatan Tukad Bangkung ditutup total mulai besok pagi untuk perbaikan"


def _archive(stack: Stack, claim: str, title: str) -> None:
    with Session(engine_for(stack.settings.effective_database_url)) as session:
        entry = ArchiveEntry(claim, title, "Faktanya, tidak demikian ...", "id", "test")
        add_to_archive(session, entry)
        session.commit()


def _card_text(slack: SlackDriver, incident_id: str) -> str:
    return str(slack.card(VERIFY_CHANNEL, incident_id)["blocks"])


async def test_the_verifier_confirms_or_rejects_the_suggested_debunk_from_the_card(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    stack, slack = slack_stack, SlackDriver(slack_stack, fake_slack)
    http, keys = stack.http, stack.keys
    title = "[HOAKS] Sembako gratis di Kantor Camat Kuta Selatan"
    other_title = "[HOAKS] Jembatan Tukad Bangkung ditutup total"
    _archive(stack, CLAIM, title)
    _archive(stack, OTHER, other_title)
    right = await report(http, keys.officer, {"claim": CLAIM, "reach": 50})
    wrong = await report(http, keys.officer, {"claim": OTHER, "reach": 50})
    for incident_id in (right["id"], wrong["id"]):
        await wait_for(http, keys.officer, incident_id, stage="verification")
        await until(lambda: slack.has_card(VERIFY_CHANNEL, incident_id), "the card")  # noqa: B023

    card = slack.card(VERIFY_CHANNEL, right["id"])
    assert "Mirip klarifikasi terdahulu" in str(card["blocks"]) and title in str(card["blocks"])
    assert "Apakah ini klarifikasi yang tepat" in str(card["blocks"])
    shown = buttons(card)
    assert shown["tangkal.archive.confirm"] == right["id"]
    assert shown["tangkal.archive.reject"] == right["id"]

    # An approver may not judge it: refused where they clicked, nothing recorded.
    await slack.click("U0KABAG", "tangkal.archive.confirm", right["id"], VERIFY_CHANNEL)
    await until(lambda: fake_slack.called("chat.postEphemeral"), "the refusal")
    assert "verifikator" in str(fake_slack.called("chat.postEphemeral")[-1]).lower()

    await slack.click("U0VERIFY", "tangkal.archive.confirm", right["id"], VERIFY_CHANNEL)
    await until(
        lambda: "Dikonfirmasi tepat oleh" in _card_text(slack, right["id"]), "the card rewrite"
    )
    rewritten = slack.card(VERIFY_CHANNEL, right["id"])
    assert "tangkal.archive.confirm" not in buttons(rewritten)
    assert "tangkal.verdict.false" in buttons(rewritten)  # the verdict is still to be given
    confirmed = await wait_for(http, keys.officer, right["id"], stage="verification")
    assert confirmed["archive_match"]["title"] == title
    events = await timeline(http, keys.officer, right["id"])
    assert [e["type"] for e in events].count("archive_match_confirmed") == 1

    await slack.click("U0VERIFY", "tangkal.archive.reject", wrong["id"], VERIFY_CHANNEL)
    view = slack.opened_view()
    assert view["callback_id"] == "tangkal.archive_reject"
    empty = await slack.submit("U0VERIFY", view, text_value("reason", ""))
    assert "Alasan wajib diisi" in empty.text
    reason = "Acara resmi Pemkab minggu ini memang ada; klarifikasi lama soal tahun lalu"
    answer = await slack.submit("U0VERIFY", view, text_value("reason", reason))
    assert answer.content in (b"", b"null"), answer.text
    await until(lambda: other_title not in _card_text(slack, wrong["id"]), "the match gone")
    unlinked = await wait_for(http, keys.officer, wrong["id"], stage="verification")
    assert unlinked["archive_match"] is None
    events = await timeline(http, keys.officer, wrong["id"])
    rejected = next(e for e in events if e["type"] == "archive_match_rejected")
    assert reason in rejected["summary"] and rejected["actor"]["id"] == "U0VERIFY"
