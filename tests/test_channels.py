"""WordPress, Telegram and Slack beside the webhook: each publishes once, corrects, retracts."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.fakes.slack_announce import SlackApi
from tests.fakes.telegram import TelegramBot
from tests.fakes.webhook import WebhookReceiver
from tests.fakes.wordpress import WordPressSite
from tests.flow import (
    CRITICAL_CLAIM,
    VERDICT,
    approved_incident,
    auth,
    decide,
    jsonld_in,
    timeline,
    wait_for,
)
from tests.support import Stack, running_stack

WP_PASSWORD = "abcd efgh ijkl mnop qrst uvwx"
TELEGRAM_TOKEN = "123456:TEST-telegram-token"
SLACK_TOKEN = "xoxb-test-slack-token"
CHANNELS = """
[[channels]]
name = "portal"
kind = "wordpress"
url = "{wordpress}"
username = "humas"
secret_env = "TANGKAL_TEST_WP_PASSWORD"
max_attempts = 3

[[channels]]
name = "telegram"
kind = "telegram"
url = "{telegram}"
chat_id = "@humasbadung"
secret_env = "TANGKAL_TEST_TELEGRAM_TOKEN"
max_attempts = 3

[[channels]]
name = "announce"
kind = "slack"
url = "{slack}"
secret_env = "TANGKAL_TEST_SLACK_TOKEN"
required = false
"""


@dataclass
class Channels:
    stack: Stack
    webhook: WebhookReceiver
    wordpress: WordPressSite
    telegram: TelegramBot
    slack: SlackApi


@pytest.fixture
async def channels(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Channels]:
    os.environ.update(
        TANGKAL_TEST_WP_PASSWORD=WP_PASSWORD,
        TANGKAL_TEST_TELEGRAM_TOKEN=TELEGRAM_TOKEN,
        TANGKAL_TEST_SLACK_TOKEN=SLACK_TOKEN,
    )
    site = WordPressSite(username="humas", app_password=WP_PASSWORD)
    bot, slack = TelegramBot(token=TELEGRAM_TOKEN), SlackApi(token=SLACK_TOKEN)
    for fake in (site, bot, slack):
        fake.start()
    extra = CHANNELS.format(wordpress=site.base_url, telegram=bot.base_url, slack=slack.api_url)
    directory = tmp_path_factory.mktemp("channels")
    try:
        async with running_stack(
            temporal.client,
            f"sqlite:///{directory / 'tangkal.db'}",
            directory,
            receiver.url,
            policy_extra=extra,
            monitoring_minutes=60,
        ) as stack:
            yield Channels(stack, receiver, site, bot, slack)
    finally:
        for fake in (site, bot, slack):
            fake.stop()


async def test_published_everywhere_once_then_corrected_then_retracted(
    channels: Channels, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    http, keys = channels.stack.http, channels.stack.keys
    # The verifier says what was wrong with the video: its MediaReview's category.
    found = {**VERDICT, "media_authenticity": "TransformedContent"}
    incident_id = await approved_incident(http, keys, verdict=found)
    published = await wait_for(http, keys.leader, incident_id, stage="monitoring")
    draft = published["draft"]
    assert {p["channel"]: p["status"] for p in published["publications"]} == {
        "announce": "published",
        "portal": "published",
        "telegram": "published",
        "website": "published",
    }
    [post] = channels.wordpress.live_posts()
    assert post["title"] == draft["title"]
    assert "Penjelasan / Faktanya" in post["content"]["raw"]
    in_post = jsonld_in(post["content"]["raw"])["@graph"]
    assert in_post[0]["@type"] == "ClaimReview"
    assert in_post[1]["mediaAuthenticityCategory"] == "TransformedContent"
    assert post["comment_status"] == "closed" and post["ping_status"] == "closed"
    writes = post["revisions"]
    [message] = channels.telegram.messages.values()
    assert message.startswith(f"<b>{draft['title']}</b>")
    [announcement] = channels.slack.messages.values()
    assert announcement["channel"] == "C0ANNOUNCE" and draft["title"] in announcement["text"]
    assert len(channels.webhook.published) == 1
    portal = next(p for p in published["publications"] if p["channel"] == "portal")
    assert portal["url"] == post["link"]
    assert (
        next(p for p in published["publications"] if p["channel"] == "telegram")["url"]
        == "https://t.me/humasbadung/1"
    )

    review = await http.get(f"/incidents/{incident_id}/claimreview", headers=auth(keys.leader))
    assert review.status_code == 200
    assert review.headers["content-type"].startswith("application/ld+json")
    document = review.json()
    assert document["@context"] == "https://schema.org"
    claim_review, media_review = document["@graph"]
    assert claim_review["@type"] == "ClaimReview"
    # Under 75 characters, the claim as the headline states it, never cut mid-word.
    assert claim_review["claimReviewed"] == (
        "Video petugas KPU Badung mencoblos surat suara sebelum pemilu di TPS 12"
    )
    assert len(claim_review["claimReviewed"]) < 75
    assert claim_review["reviewRating"]["alternateName"] == "HOAKS"
    assert claim_review["reviewRating"]["ratingValue"] == 1
    assert claim_review["author"] == {
        "@type": "Organization",
        "name": "Pemerintah Kabupaten Badung",
        "url": "https://badungkab.go.id",
    }
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", claim_review["datePublished"])
    assert claim_review["itemReviewed"]["@type"] == "Claim"
    tiktok = {"@type": "CreativeWork", "url": "https://www.tiktok.com/@akun/video/123"}
    assert claim_review["itemReviewed"]["appearance"] == [tiktok]
    assert claim_review["itemReviewed"]["firstAppearance"] == tiktok
    assert claim_review["inLanguage"] == "id" and claim_review["url"] == post["link"]
    assert media_review["@type"] == "MediaReview"  # the claim came as a video
    assert media_review["mediaAuthenticityCategory"] == "TransformedContent"
    assert media_review["itemReviewed"]["mediaItemAppearance"][0]["@type"] == "VideoObject"

    corrected_body = draft["body"].replace("masih tersegel", "tersegel dan dijaga polisi")
    proposal = await http.post(
        f"/incidents/{incident_id}/correction",
        headers=auth(keys.officer),
        json={
            "title": draft["title"],
            "body": corrected_body,
            "language": "id",
            "reason": "Menambahkan keterangan pengamanan gudang",
        },
    )
    assert proposal.status_code == 200, proposal.text
    pending = proposal.json()["incident"]
    assert pending["stage"] == "approval" and pending["draft"]["version"] == 2
    for key in (keys.approver, keys.leader):
        assert (await decide(http, key, incident_id, pending["draft"]["hash"])).status_code == 200
    corrected = await wait_for(http, keys.leader, incident_id, stage="monitoring")
    assert corrected["draft"]["version"] == 2
    [post] = channels.wordpress.live_posts()
    assert post["revisions"] == writes + 1 and "dijaga polisi" in post["content"]["raw"]
    assert len(channels.telegram.messages) == 1
    assert "dijaga polisi" in channels.telegram.messages[1]
    assert "Koreksi (versi 2)" in channels.telegram.messages[1]
    correction = channels.webhook.published[f"{incident_id}:v2:website"].body
    assert correction["type"] == "correction" and correction["previous_version"] == 1
    assert len(channels.slack.messages) == 1

    retraction = await http.post(
        f"/incidents/{incident_id}/retraction",
        headers=auth(keys.leader),
        json={"reason": "KPU meralat keterangannya"},
    )
    assert retraction.status_code == 200, retraction.text
    closed = await wait_for(http, keys.leader, incident_id, stage="closed")
    assert closed["resolution"] == "retracted"
    assert channels.wordpress.live_posts() == []
    assert "dicabut" in channels.telegram.messages[1]
    assert channels.webhook.published[f"{incident_id}:v2:website:retraction"].body["type"] == (
        "retraction"
    )
    gone = await http.get(f"/incidents/{incident_id}/claimreview", headers=auth(keys.leader))
    assert gone.status_code == 410

    events = await timeline(http, keys.leader, incident_id)
    types = [e["type"] for e in events]
    assert types.count("publication_succeeded") == 4
    assert types.count("correction_succeeded") == 4
    assert types.count("retraction_succeeded") == 4
    assert "correction_proposed" in types and "retraction_requested" in types
    second = [e for e in events if e["type"] == "draft_version"][-1]
    assert second["data"]["changes"]["lines_added"] == 1
    assert any("dijaga polisi" in line for line in second["data"]["changes"]["diff"])
    everything = json.dumps(events) + json.dumps(closed) + caplog.text
    for secret in (WP_PASSWORD, TELEGRAM_TOKEN, SLACK_TOKEN):
        assert secret not in everything
    assert "/bot<redacted>/sendMessage" in caplog.text  # the Bot API call was logged, redacted


async def test_retries_after_a_lost_answer_or_a_rate_limit_publish_nothing_twice(
    channels: Channels,
) -> None:
    http, keys = channels.stack.http, channels.stack.keys
    channels.wordpress.lose_next_answers = 1  # the post is made, the answer never arrives
    channels.telegram.rate_limit_next = 1
    channels.slack.lose_next_answers = 1
    claim = dict(CRITICAL_CLAIM, claim=f"{CRITICAL_CLAIM['claim']} <sebarkan & viralkan!>")
    incident_id = await approved_incident(http, keys, claim)
    published = await wait_for(http, keys.leader, incident_id, stage="monitoring")
    attempts = {p["channel"]: p["attempts"] for p in published["publications"]}
    assert attempts["portal"] == 2 and attempts["telegram"] == 2 and attempts["announce"] == 2
    assert len(channels.slack.messages) == 1
    assert channels.wordpress.creations == 1 and len(channels.wordpress.live_posts()) == 1
    [message] = channels.telegram.messages.values()
    assert "&lt;sebarkan &amp; viralkan!&gt;" in message  # HTML-escaped, so Telegram took it
    [post] = channels.wordpress.live_posts()
    assert "&lt;sebarkan &amp; viralkan!&gt;" in post["content"]["raw"]
    # The headline states the claim and leaves its plea to pass it on out.
    assert (
        post["title"]
        == "[HOAKS] Video petugas KPU Badung mencoblos surat suara sebelum pemilu di TPS 12"
    )


async def test_failing_required_channel_is_flagged_and_an_admin_retries_just_that_channel(
    channels: Channels,
) -> None:
    http, keys = channels.stack.http, channels.stack.keys
    channels.wordpress.reject_all = True
    channels.slack.fail_with = "not_in_channel"  # an optional channel: publication goes on
    incident_id = await approved_incident(http, keys)
    flagged = await wait_for(http, keys.leader, incident_id, stage="publishing")
    for _ in range(200):
        flagged = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.admin))).json()
        if flagged["needs_attention"]:
            break
        await asyncio.sleep(0.1)
    assert flagged["needs_attention"]
    portal = next(p for p in flagged["publications"] if p["channel"] == "portal")
    assert portal["status"] == "failed" and "HTTP 403" in portal["error"]

    retry = f"/incidents/{incident_id}/publications/retry"
    unknown = await http.post(
        retry, headers=auth(keys.admin), json={"reason": "coba lagi", "channel": "koran"}
    )
    assert unknown.status_code == 422 and "channel" in unknown.json()["detail"]
    healthy = await http.post(
        retry, headers=auth(keys.admin), json={"reason": "coba lagi", "channel": "website"}
    )
    assert healthy.status_code == 422 and "has not failed" in healthy.json()["detail"]

    channels.wordpress.reject_all = False
    retried = await http.post(
        retry, headers=auth(keys.admin), json={"reason": "izin CMS diperbaiki", "channel": "portal"}
    )
    assert retried.status_code == 200, retried.text
    done = await wait_for(http, keys.leader, incident_id, stage="monitoring")
    assert not done["needs_attention"]
    assert len(channels.wordpress.live_posts()) == 1
    assert len(channels.webhook.published) == 1 and len(channels.telegram.messages) == 1
    announce = next(p for p in done["publications"] if p["channel"] == "announce")
    assert announce["status"] == "failed" and "not_in_channel" in announce["error"]

    # After publication went ahead, the failed optional channel can still be retried.
    unnamed = await http.post(retry, headers=auth(keys.admin), json={"reason": "bot diundang"})
    assert unnamed.status_code == 422 and "channel" in unnamed.json()["detail"]
    channels.slack.fail_with = ""
    announced = await http.post(
        retry, headers=auth(keys.admin), json={"reason": "bot diundang", "channel": "announce"}
    )
    assert announced.status_code == 200, announced.text
    for _ in range(200):
        if channels.slack.messages:
            break
        await asyncio.sleep(0.1)
    assert len(channels.slack.messages) == 1
    events = await timeline(http, keys.leader, incident_id)
    assert [e["data"].get("channel") for e in events if e["type"] == "publication_retry"] == [
        "portal",
        "announce",
    ]


async def test_a_telegram_post_lost_after_sending_is_flagged_not_sent_twice(
    channels: Channels,
) -> None:
    http, keys = channels.stack.http, channels.stack.keys
    channels.telegram.hang_up_next = 1  # the message went out; the answer never came
    incident_id = await approved_incident(http, keys)
    flagged: dict[str, Any] = {}
    for _ in range(200):
        flagged = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.admin))).json()
        if flagged["needs_attention"]:
            break
        await asyncio.sleep(0.1)
    telegram = next(p for p in flagged["publications"] if p["channel"] == "telegram")
    assert telegram["status"] == "failed" and "check whether it was posted" in telegram["error"]
    assert len(channels.telegram.messages) == 1
