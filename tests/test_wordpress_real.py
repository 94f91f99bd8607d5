"""Publication against a real WordPress (Debian's package, Apache + mod_php, MariaDB): the ways
a real regency site loses, duplicates or misreports a klarifikasi (issue 18), each reproduced
and handled. One site serves the module; each test sets its permalinks and faults.

Where Debian's packages are missing the tests fail saying which (`.ci/run` installs them).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from tests.fakes.webhook import WebhookReceiver
from tests.flow import approved_incident, auth, decide, jsonld_in, timeline, wait_for
from tests.support import Stack, running_stack
from tests.wordpress_site import WordPressSite, missing_packages, start_site

CHANNEL = """
[[channels]]
name = "{name}"
kind = "wordpress"
url = "{url}"
username = "{user}"
secret_env = "TANGKAL_TEST_WP_{env}"
required = {required}
max_attempts = 3
timeout_seconds = 2
"""


@pytest.fixture(scope="module")
def wordpress() -> Iterator[WordPressSite]:
    if (missing := missing_packages()) is not None:
        pytest.fail(missing, pytrace=False)
    site = start_site()
    os.environ["TANGKAL_TEST_WP_ADMIN"] = site.passwords["admin"]
    os.environ["TANGKAL_TEST_WP_PENULIS"] = site.passwords["penulis"]
    os.environ["TANGKAL_TEST_WP_KONTRIBUTOR"] = site.passwords["kontributor"]
    os.environ["TANGKAL_TEST_WP_WRONG"] = "abcd efgh ijkl mnop qrst uvwx"
    try:
        yield site
    finally:
        site.stop()


def channel(wp: WordPressSite, name: str, user: str, env: str, required: bool = True) -> str:
    return CHANNEL.format(name=name, url=wp.url, user=user, env=env, required=str(required).lower())


@pytest.fixture
def stack_with(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    tmp_path: Path,
) -> Any:
    def starting(policy_extra: str) -> Any:
        return running_stack(
            temporal.client,
            f"sqlite:///{tmp_path / 'tangkal.db'}",
            tmp_path,
            receiver.url,
            policy_extra=policy_extra,
            monitoring_minutes=60,
        )

    return starting


def ours(wp: WordPressSite, incident_id: str) -> list[dict[str, Any]]:
    """The incident's posts on the site, trashed ones too, by the marker Tangkal leaves."""
    slug = "klarifikasi-" + re.sub(r"[^a-z0-9]+", "-", incident_id.lower())
    return [p for p in wp.posts() if f"<!-- tangkal:{slug}-" in p["content"]]


def publication(
    incident: dict[str, Any], name: str, operation: str = "publication"
) -> dict[str, Any]:
    found: dict[str, Any] = next(
        p for p in incident["publications"] if (p["channel"], p["operation"]) == (name, operation)
    )
    return found


async def retract(stack: Stack, incident_id: str) -> None:
    answer = await stack.http.post(
        f"/incidents/{incident_id}/retraction",
        headers=auth(stack.keys.leader),
        json={"reason": "KPU meralat keterangannya"},
    )
    assert answer.status_code == 200, answer.text


async def attention(stack: Stack, incident_id: str) -> dict[str, Any]:
    for _ in range(300):
        answer = await stack.http.get(f"/incidents/{incident_id}", headers=auth(stack.keys.admin))
        incident: dict[str, Any] = answer.json()
        if incident["needs_attention"]:
            return incident
        await asyncio.sleep(0.1)
    raise AssertionError(f"{incident_id} never needed attention: {incident}")


async def test_publish_correct_retract_as_debian_installs_it(
    wordpress: WordPressSite, stack_with: Any
) -> None:
    """Debian's `/index.php/…` permalinks (no rewrite rules: `/wp-json/` is an Apache 404);
    an Administrator, an Author (kses strips the JSON-LD), a Contributor (may not publish) and
    a wrong application password, all on the same site."""
    wp = wordpress
    wp.permalinks("index.php")
    wp.faults()
    assert httpx.get(wp.url + "/wp-json/wp/v2/posts").status_code == 404
    category = wp.php("return wp_insert_term('Klarifikasi Hoaks', 'category')['term_id'];")
    policy = (
        channel(wp, "portal", "admin", "ADMIN")
        + f"[channels.wordpress]\ncategories = [{category}]\n"
        + channel(wp, "penulis", "penulis", "PENULIS", required=False)
        + channel(wp, "kontributor", "kontributor", "KONTRIBUTOR", required=False)
        + channel(wp, "salah", "admin", "WRONG", required=False)
    )
    async with stack_with(policy) as stack:
        http, keys = stack.http, stack.keys
        incident_id = await approved_incident(http, keys)
        published = await wait_for(http, keys.leader, incident_id, stage="monitoring")

        posts = {p["id"]: p for p in ours(wp, incident_id)}
        portal = publication(published, "portal")
        post = posts[int(portal["external_id"])]
        assert portal["status"] == "published" and post["status"] == "publish"
        assert portal["url"] == wp.url + f"/index.php/{datetime.now(UTC):%Y/%m/%d}/{post['slug']}/"
        assert httpx.get(portal["url"]).status_code == 200
        assert post["comment_status"] == "closed" and post["ping_status"] == "closed"
        assert post["categories"] == ["Klarifikasi Hoaks"]
        review = jsonld_in(post["content"])["@graph"][0]
        assert review["url"] == portal["url"]
        today = datetime.now(ZoneInfo("Asia/Makassar")).date().isoformat()
        assert review["datePublished"] == today and "dateModified" not in review

        author = publication(published, "penulis")  # kses took the <script> out
        assert author["status"] == "published" and "JSON-LD" in author["warning"]
        author_post = posts[int(author["external_id"])]
        assert "application/ld+json" not in author_post["content"]
        assert "ClaimReview" not in author_post["content"]  # no JSON shown as text either

        contributor = publication(published, "kontributor")
        assert contributor["status"] == "pending" and contributor["url"] is None
        assert "editor web" in contributor["warning"]
        assert posts[int(contributor["external_id"])]["status"] == "pending"

        wrong = publication(published, "salah")
        assert wrong["status"] == "failed" and "rest_not_logged_in" in wrong["error"]
        assert "application password" in wrong["error"] and wrong["attempts"] == 1
        assert len(posts) == 3  # the wrong password made nothing

        # WordPress pings the links of a published post: never the hoax's own.
        wp.php("do_all_pings(); return 1;")
        hosts = {urlsplit(url).hostname for url in wp.outgoing()}
        assert "www.tiktok.com" not in hosts

        draft = published["draft"]
        proposal = await http.post(
            f"/incidents/{incident_id}/correction",
            headers=auth(keys.officer),
            json={
                "title": draft["title"],
                "body": draft["body"].replace("masih tersegel", "tersegel dan dijaga polisi"),
                "language": "id",
                "reason": "Menambahkan keterangan pengamanan gudang",
            },
        )
        assert proposal.status_code == 200, proposal.text
        version = proposal.json()["incident"]["draft"]
        for key in (keys.approver, keys.leader):
            reply = await decide(http, key, incident_id, version["hash"])
            assert reply.status_code == 200, reply.text
        corrected = await wait_for(http, keys.leader, incident_id, stage="monitoring")
        assert corrected["draft"]["version"] == 2
        fixed = publication(corrected, "portal", "correction")
        assert fixed["status"] == "published" and fixed["external_id"] == portal["external_id"]
        [post] = [p for p in ours(wp, incident_id) if p["id"] == post["id"]]
        assert "dijaga polisi" in post["content"]
        review = jsonld_in(post["content"])["@graph"][0]
        assert review["datePublished"] == today and review["dateModified"] == today
        assert review["url"] == portal["url"]

        await retract(stack, incident_id)
        closed = await wait_for(http, keys.leader, incident_id, stage="closed")
        assert closed["resolution"] == "retracted" and not closed["needs_attention"]
        assert {p["status"] for p in ours(wp, incident_id)} == {"trash"}
        everything = json.dumps(closed) + json.dumps(await timeline(http, keys.leader, incident_id))
        for name in ("ADMIN", "PENULIS", "KONTRIBUTOR", "WRONG"):
            assert os.environ[f"TANGKAL_TEST_WP_{name}"] not in everything


async def test_a_slow_create_leaves_one_public_post_and_the_retraction_takes_all_down(
    wordpress: WordPressSite, stack_with: Any
) -> None:
    """Plain permalinks (WordPress answers `/wp-json/` with its home page there); the first
    create takes longer than Tangkal waits and lands after the retry made its own post."""
    wp = wordpress
    wp.permalinks("plain")
    token = os.urandom(4).hex()
    wp.faults(slow_create={"token": token})
    async with stack_with(channel(wp, "portal", "admin", "ADMIN")) as stack:
        http, keys = stack.http, stack.keys
        incident_id = await approved_incident(http, keys)
        published = await wait_for(http, keys.leader, incident_id, stage="monitoring")
        portal = publication(published, "portal")
        assert portal["status"] == "published" and portal["attempts"] == 2
        (wp.site / f"release-{token}").touch()  # the first create, given up on, lands now
        for _ in range(100):
            if len(ours(wp, incident_id)) == 2:
                break
            await asyncio.sleep(0.1)
        posts = ours(wp, incident_id)
        assert len(posts) == 2
        assert [p["status"] for p in posts if p["status"] == "publish"] == ["publish"]
        [live] = [p for p in posts if p["status"] == "publish"]
        assert str(live["id"]) == portal["external_id"]
        assert portal["url"] == f"{wp.url}/?p={live['id']}"

        await retract(stack, incident_id)
        closed = await wait_for(http, keys.leader, incident_id, stage="closed")
        assert closed["resolution"] == "retracted"
        assert {p["status"] for p in ours(wp, incident_id)} == {"trash"}
        withdrawn = publication(closed, "portal", "retraction")
        assert f"pos {posts[1]['id']}" in withdrawn["warning"]  # the late one, reported


async def test_held_for_review_waits_for_the_web_editor_then_the_admin_retry_records_it(
    wordpress: WordPressSite, stack_with: Any
) -> None:
    wp = wordpress
    wp.permalinks("pretty")
    wp.faults(hold_for_review=True)  # a moderation plugin holds every post for review
    async with stack_with(channel(wp, "portal", "admin", "ADMIN")) as stack:
        http, keys = stack.http, stack.keys
        incident_id = await approved_incident(http, keys)
        held = await attention(stack, incident_id)
        assert held["stage"] == "publishing"
        portal = publication(held, "portal")
        assert portal["status"] == "pending" and portal["url"] is None
        [post] = ours(wp, incident_id)
        assert post["status"] == "pending"
        events = await timeline(http, keys.leader, incident_id)
        assert "publication_pending" in [e["type"] for e in events]
        assert "publication_succeeded" not in [
            e["type"] for e in events if e["data"].get("channel") == "portal"
        ]

        wp.faults()
        wp.php(f"wp_publish_post({post['id']}); return 1;")  # the web editor publishes it
        retried = await http.post(
            f"/incidents/{incident_id}/publications/retry",
            headers=auth(keys.admin),
            json={"reason": "editor web sudah menerbitkan", "channel": "portal"},
        )
        assert retried.status_code == 200, retried.text
        done = await wait_for(http, keys.leader, incident_id, stage="monitoring")
        portal = publication(done, "portal")
        assert portal["status"] == "published" and not done["needs_attention"]
        [post] = ours(wp, incident_id)
        assert portal["url"] == f"{wp.url}/{post['slug']}/"
        assert httpx.get(portal["url"]).status_code == 200


async def test_a_retraction_wordpress_refuses_keeps_the_incident_open_until_the_retry(
    wordpress: WordPressSite, stack_with: Any
) -> None:
    """An Administrator under DISALLOW_UNFILTERED_HTML (the JSON-LD stripped), then the trash
    disabled (EMPTY_TRASH_DAYS = 0: WordPress answers the retraction 501)."""
    wp = wordpress
    wp.permalinks("pretty")
    wp.faults(constants={"DISALLOW_UNFILTERED_HTML": True})
    async with stack_with(channel(wp, "portal", "admin", "ADMIN")) as stack:
        http, keys = stack.http, stack.keys
        incident_id = await approved_incident(http, keys)
        published = await wait_for(http, keys.leader, incident_id, stage="monitoring")
        assert "JSON-LD" in publication(published, "portal")["warning"]
        [post] = ours(wp, incident_id)
        assert "ld+json" not in post["content"] and "ClaimReview" not in post["content"]
        events = await timeline(http, keys.leader, incident_id)
        [done] = [
            e
            for e in events
            if e["type"] == "publication_succeeded" and e["data"]["channel"] == "portal"
        ]
        assert "JSON-LD" in done["summary"] and "JSON-LD" in done["data"]["warning"]
        wp.faults(constants={"EMPTY_TRASH_DAYS": 0})  # trash disabled: DELETE answers 501
        await retract(stack, incident_id)
        stuck = await attention(stack, incident_id)
        assert stuck["stage"] != "closed" and stuck["resolution"] is None
        portal = publication(stuck, "portal", "retraction")
        assert portal["status"] == "failed" and "rest_trash_not_supported" in portal["error"]
        assert portal["attempts"] == 1
        assert [p["status"] for p in ours(wp, incident_id)] == ["publish"]

        wp.faults()  # the site's admin turns the trash back on
        retried = await http.post(
            f"/incidents/{incident_id}/publications/retry",
            headers=auth(keys.admin),
            json={"reason": "tempat sampah diaktifkan"},
        )
        assert retried.status_code == 200, retried.text
        closed = await wait_for(http, keys.leader, incident_id, stage="closed")
        assert closed["resolution"] == "retracted" and not closed["needs_attention"]
        assert [p["status"] for p in ours(wp, incident_id)] == ["trash"]
