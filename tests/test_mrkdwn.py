"""The one escaping function for Slack mrkdwn: inert text, honest links, whole splits."""

from __future__ import annotations

import pytest

from core.mrkdwn import escape, link, split, units, url_label

HOSTILE = "<!channel> <!here> <@U123> <https://evil.example|kpu.go.id> a & b"


def test_escaped_text_has_no_slack_syntax_left() -> None:
    assert escape(HOSTILE) == (
        "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; "
        "&lt;https://evil.example|kpu.go.id&gt; a &amp; b"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example|kpu.go.id",  # breaks out of <url|label>
        "https://evil.example/ |kpu.go.id",
        "https://evil.example/>x",
        "https://evil.example/<!channel>",
        "https://kpu.go.id@evil.example/",  # shows one host, goes to another
        "javascript:alert(1)",
        "ftp://kpu.go.id/file",
        "https://",
        "https://kpu.go.id:99999/",
        "https://kpu.go.id/\nhttps://evil.example",
        "https://kpu.go.id/" + "a" * 2100,
    ],
)
def test_a_url_that_could_break_out_or_mislead_is_shown_as_text_not_linked(url: str) -> None:
    shown = link(url, "kpu.go.id")
    assert shown == escape(url)
    assert "<" not in shown and ">" not in shown


def test_a_link_escapes_its_label_and_its_url() -> None:
    assert link("https://kpu.go.id/a?x=1&y=2", "<!channel> & co") == (
        "<https://kpu.go.id/a?x=1&amp;y=2|&lt;!channel&gt; &amp; co>"
    )


def test_a_long_url_keeps_its_whole_host_in_the_label() -> None:
    url = "https://kpu.go.id." + "x" * 70 + ".evil.example/siaran-pers/" + "1" * 50
    label = url_label(url)
    assert label.startswith("https://kpu.go.id." + "x" * 70 + ".evil.example")
    assert link(url).startswith(f"<{url}|https://kpu.go.id.")


@pytest.mark.parametrize(
    "text",
    [
        "&" * 10_000,
        "a &b " * 3_000,
        "😀&" * 4_000,
        ("Paragraf penjelasan yang panjang. " * 60 + "\n\n") * 10,
        "x" * 7_001,
    ],
)
def test_split_keeps_the_whole_text_within_the_limit_and_never_cuts_an_entity(text: str) -> None:
    escaped = escape(text)
    parts = split(escaped, 3000)
    assert "".join(parts) == escaped
    assert all(0 < units(part) <= 3000 for part in parts)
    for part in parts[1:]:
        assert not part.startswith(("amp;", "mp;", "p;", ";", "lt;", "t;", "gt;"))


def test_split_prefers_paragraphs() -> None:
    text = ("Kalimat. " * 200 + "\n\n") * 4
    parts = split(escape(text), 3000)
    assert all(part.endswith("\n\n") for part in parts[:-1])
