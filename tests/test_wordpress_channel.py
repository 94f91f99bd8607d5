"""The WordPress channel on its own, against the fake site over real HTTP (the real WordPress:
tests/test_wordpress_real.py): what a site as installed answers, and what Tangkal makes of it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from temporalio.exceptions import ApplicationError

from activities.channels.base import Delivered
from activities.channels.wordpress import WordPressChannel, check_wordpress_channels, slug_for
from activities.channels.wordpress_post import marker
from activities.types import PublishRequest
from core.claimreview import review_nodes
from core.policy import (
    EXAMPLE_POLICY,
    Channel,
    Policy,
    PolicyError,
    load_policy,
    parse_policy,
)
from core.settings import Settings
from tests.fakes.wordpress import WordPressSite

PASSWORD = "abcd efgh ijkl mnop qrst uvwx"
POLICY = load_policy(EXAMPLE_POLICY)


@pytest.fixture
async def site() -> AsyncIterator[WordPressSite]:
    fake = WordPressSite(username="tangkal", app_password=PASSWORD)
    fake.start()
    os.environ["TANGKAL_TEST_WP_CHANNEL"] = PASSWORD
    yield fake
    fake.stop()


def policy_with(site: WordPressSite, extra: str = "") -> Policy:
    """The shipped policy with a `portal` channel on the fake site (`extra`: its settings)."""
    return parse_policy(
        EXAMPLE_POLICY.read_text()
        + f'\n[[channels]]\nname = "portal"\nkind = "wordpress"\nurl = "{site.base_url}"\n'
        + 'username = "tangkal"\nsecret_env = "TANGKAL_TEST_WP_CHANNEL"\n'
        + extra
    )


def channel_of(site: WordPressSite, extra: str = "") -> Channel:
    return next(c for c in policy_with(site, extra).channels if c.name == "portal")


def request(operation: str = "publication", previous: str | None = None) -> PublishRequest:
    return PublishRequest(
        incident_id="TK-ABCDEF1234",
        channel="portal",
        draft_version=1,
        draft_hash="h",
        title="[HOAKS] Video petugas KPU mencoblos surat suara",
        body="Penjelasan / Faktanya:\nTidak benar.",
        language="id",
        verdict="false",
        claim="Video petugas KPU mencoblos surat suara",
        operation=operation,
        previous_external_id=previous,
        source_urls=["https://www.tiktok.com/@akun/video/123"],
        media_type="video",
    )


async def deliver(site: WordPressSite, req: PublishRequest, extra: str = "") -> Delivered:
    async with httpx.AsyncClient() as http:
        adapter = WordPressChannel(http, POLICY, Settings())
        return await adapter.deliver(channel_of(site, extra), req, "TK-ABCDEF1234:v1:portal")


async def test_a_home_page_where_json_was_expected_fails_naming_what_came_back(
    site: WordPressSite,
) -> None:
    site.home_page = True
    with pytest.raises(ApplicationError) as caught:
        await deliver(site, request())
    error = caught.value
    assert error.non_retryable and "HTTP 200, text/html" in error.message
    assert "Pemkab Badung" in error.message and PASSWORD not in error.message
    assert site.posts == {}


async def test_posts_left_by_earlier_attempts_are_found_in_any_status_and_kept_once(
    site: WordPressSite,
) -> None:
    slug = slug_for("TK-ABCDEF1234", "portal")
    for n, taken in enumerate([slug, slug + "-2"]):  # two slow creates landed as drafts
        site.posts[100 + n] = {
            "id": 100 + n,
            "slug": taken,
            "status": "draft",
            "date_gmt": "2026-12-02T10:00:00",
            "permalink_template": f"{site.base_url}/%postname%/",
            "content": {"raw": marker(slug)},
            "link": f"{site.base_url}/?p={100 + n}",
            "revisions": 0,
        }
    delivered = await deliver(site, request())
    assert site.creations == 0 and list(site.posts) == [100]  # the duplicate is gone
    assert delivered.status == "published" and delivered.external_id == "100"
    assert "duplikat pos 101" in (delivered.warning or "")
    assert site.posts[100]["status"] == "publish"


async def test_an_account_that_may_not_publish_submits_for_review_reported_as_waiting(
    site: WordPressSite,
) -> None:
    site.may_publish = False
    delivered = await deliver(site, request())
    assert delivered.status == "pending" and delivered.url is None
    [post] = site.posts.values()
    assert post["status"] == "pending"


async def test_post_settings_come_from_the_policy(site: WordPressSite) -> None:
    extra = '[channels.wordpress]\nstatus = "draft"\ncategories = [7]\ncomment_status = "open"\n'
    delivered = await deliver(site, request(), extra)
    [post] = site.posts.values()
    assert post["status"] == "draft" and post["categories"] == [7]
    assert post["comment_status"] == "open" and post["ping_status"] == "closed"
    assert delivered.status == "pending"
    raw = post["content"]["raw"]  # the hoax's link is there, but nothing a pingback takes for one
    assert "tiktok.com" in raw and "//www.tiktok.com" not in raw

    post["status"] = "publish"  # the web editor publishes it; an admin's retry records it
    again = await deliver(site, request(), extra)
    assert post["status"] == "publish" and site.creations == 1
    assert again.status == "published" and again.url == f"{site.base_url}/{post['slug']}/"


def test_post_settings_belong_to_a_wordpress_channel_only() -> None:
    text = EXAMPLE_POLICY.read_text().replace(
        'kind = "console"                # writes',
        'kind = "console"\nwordpress = { status = "draft" }  #',
    )
    with pytest.raises(PolicyError, match="post settings belong to a wordpress channel only"):
        parse_policy(text)


def test_claimreview_dates_are_the_organisations() -> None:
    late = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # 01.00 WITA on 3 December
    [review] = review_nodes(
        claim="c",
        verdict="false",
        label="HOAKS",
        language="id",
        organization="Pemkab",
        organization_url="",
        published_at=late,
        url="https://x.go.id/k/",
        appearances=[],
        media_type=None,
        time_zone="Asia/Makassar",
        modified_at=datetime(2026, 12, 5, 3, 0, tzinfo=UTC),
    )
    assert review["datePublished"] == "2026-12-03" and review["dateModified"] == "2026-12-05"


async def test_wrong_credentials_are_told_at_start_up(site: WordPressSite) -> None:
    os.environ["TANGKAL_TEST_WP_CHANNEL"] = "wrong password"
    policy = policy_with(site)
    async with httpx.AsyncClient() as http:
        [problem] = await check_wordpress_channels(http, policy, Settings())
    assert problem.startswith("channel portal: WordPress menjawab HTTP 401 rest_not_logged_in")
    assert "application password salah" in problem and "wrong password" not in problem
    os.environ["TANGKAL_TEST_WP_CHANNEL"] = PASSWORD
    site.may_publish = False
    async with httpx.AsyncClient() as http:
        [problem] = await check_wordpress_channels(http, policy, Settings())
    assert "tidak boleh menerbitkan" in problem
