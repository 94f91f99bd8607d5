"""ClaimReview a fact-check index can use, for an office that publishes where no channel gives
the klarifikasi a URL: its own public page on the API host, the claim stated briefly, where
it was first seen, and a MediaReview only with the category the verifier chose."""

from __future__ import annotations

from tests.fakes.slack import FakeSlack, text_value
from tests.fakes.webhook import WebhookReceiver
from tests.flow import (
    CRITICAL_CLAIM,
    LOW_CLAIM,
    VERDICT,
    auth,
    decide,
    jsonld_in,
    report,
    verify,
    wait_for,
)
from tests.slack_flow import VERIFY_CHANNEL, SlackDriver, until
from tests.support import Stack

CLAIM = (
    "PENGUMUMAN Dinas PUPR Badung: Jembatan Tukad Bangkung ditutup total selama tiga bulan "
    "mulai Senin karena retak parah. Pengendara diminta memutar lewat Petang. Sebarkan!"
)
LONG_CLAIM = {
    **LOW_CLAIM,
    "claim": CLAIM,
    "source_urls": [
        "https://www.facebook.com/groups/infobadung/posts/77",
        "https://x.com/akunbadung/status/88",
    ],
    "first_seen_at": "2026-11-29T23:30:00+00:00",
}


async def test_a_klarifikasi_without_a_channel_url_has_its_own_public_page(
    sqlite_stack: Stack, receiver: WebhookReceiver
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    receiver.gives_url = False  # the CMS answers only an id: no page to point readers to
    incident_id = str((await report(http, keys.officer, LONG_CLAIM))["id"])
    assert (await http.get(f"/klarifikasi/{incident_id}")).status_code == 404  # not yet
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    draft = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    assert (await decide(http, keys.approver, incident_id, draft["hash"])).status_code == 200
    await wait_for(http, keys.officer, incident_id, stage="closed")

    review = await http.get(f"/incidents/{incident_id}/claimreview", headers=auth(keys.leader))
    claim_review, *others = review.json()["@graph"]
    assert others == []  # a text claim: no MediaReview
    page_url = f"https://tangkal.badungkab.go.id/klarifikasi/{incident_id}"
    assert claim_review["url"] == page_url
    stated = claim_review["claimReviewed"]
    assert len(stated) < 75 and stated.startswith("Jembatan Tukad Bangkung ditutup total")
    assert (
        CLAIM.lower()
        .replace("pengumuman dinas pupr badung: ", "")
        .startswith(stated.rstrip("…").lower())
    ), "cut mid-word or reworded"
    assert claim_review["itemReviewed"]["firstAppearance"] == {
        "@type": "CreativeWork",
        "url": "https://www.facebook.com/groups/infobadung/posts/77",
        "datePublished": "2026-11-29",
    }
    assert [a["url"] for a in claim_review["itemReviewed"]["appearance"]] == LONG_CLAIM[
        "source_urls"
    ]

    # Anyone may read the page: the published text, and the same ClaimReview inside it.
    public = await http.get(f"/klarifikasi/{incident_id}")
    assert public.status_code == 200 and "text/html" in public.headers["content-type"]
    assert draft["title"].replace("&", "&amp;") in public.text
    assert "Diterbitkan " in public.text and "WITA" in public.text
    assert jsonld_in(public.text)["@graph"][0]["url"] == page_url


async def test_the_media_category_is_the_verifiers_and_refused_where_it_does_not_fit(
    sqlite_stack: Stack,
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    text_claim = str((await report(http, keys.officer, {**LOW_CLAIM, "reach": 41}))["id"])
    await wait_for(http, keys.officer, text_claim, stage="verification")
    for value, status, words in (
        ("Deepfake", 422, "media_authenticity"),  # not a schema.org category
        ("TransformedContent", 422, "only for an image, video or audio claim"),
    ):
        refused = await http.post(
            f"/incidents/{text_claim}/verification",
            json={**VERDICT, "media_authenticity": value},
            headers=auth(keys.verifier),
        )
        assert refused.status_code == status, refused.text
        body = refused.json()
        assert words in body["detail"] and body["detail"].startswith("Permintaan tidak valid")
    unchanged = await http.get(f"/incidents/{text_claim}", headers=auth(keys.officer))
    assert unchanged.json()["stage"] == "verification" and unchanged.json()["verdict"] is None


async def test_a_verifier_in_slack_says_what_was_wrong_with_a_video(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    http, keys = slack_stack.http, slack_stack.keys
    slack = SlackDriver(slack_stack, fake_slack)
    video = {**CRITICAL_CLAIM, "claim": "Video: Bupati Badung menyuruh warga golput di Pilkada"}
    incident_id = str((await report(http, keys.officer, video))["id"])
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await until(lambda: slack.has_card(VERIFY_CHANNEL, incident_id), "verification card")
    await slack.click("U0VERIFY", "tangkal.verdict.false", incident_id, VERIFY_CHANNEL)
    view = slack.opened_view()
    [media] = [b for b in view["blocks"] if b.get("block_id") == "media"]
    offered = {o["value"]: o["text"]["text"] for o in media["element"]["options"]}
    assert offered["TransformedContent"] == "Direkayasa (mis. deepfake)"
    values = {
        **text_value("summary", "Video hasil rekayasa suara; Bupati tidak pernah berkata begitu."),
        **text_value("evidence", "https://badungkab.go.id/siaran-pers/5"),
        **text_value("authority", "Diskominfo Kabupaten Badung"),
        "checklist": {
            "checklist": {"type": "checkboxes", "selected_options": [{"value": "source_traced"}]}
        },
        "media": {
            "media": {"type": "static_select", "selected_option": {"value": "TransformedContent"}}
        },
    }
    await slack.submit("U0VERIFY", view, values)
    waiting = await wait_for(http, keys.officer, incident_id, stage="approval")
    assert waiting["verification"]["media_authenticity"] == "TransformedContent"
