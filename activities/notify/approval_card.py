"""The approval card: the approve button only where the whole text it approves is shown.

The button's value binds the hash of the title, body and language; so the card shows all three
whole, split over as many sections as it takes, with the length and the hash beside them. A
draft too long for one Slack message gets no approve button: the card shows its start, says so,
and links to the incident page, where the whole text is shown and can be approved. The confirm
dialog only ever speaks of a text the card showed whole.
"""

from __future__ import annotations

from activities.notify.slack_blocks import (
    Block,
    actions,
    button,
    confirm_dialog,
    context,
    fits,
    header,
    incident_context,
    section,
    sections,
    url_line,
)
from activities.types import Card
from core.domain import Verdict
from core.drafting import DRAFT_BODY_MAX, DRAFT_TITLE_MAX
from core.local_time import LocalClock
from core.mrkdwn import clip, escape, link
from core.words import cards as words
from core.words.cards import number
from core.words.labels import label

EXCERPT = 1500  # characters of body shown when the whole cannot be


def approval_blocks(card: Card, clock: LocalClock, pages_url: str = "") -> list[Block]:
    """The approval card as sent: the whole text when it fits in one message, else an
    excerpt and where to read the rest (no approve button: it approves only what it shows)."""
    title, body = card.draft_title or "", card.draft_body or ""
    lang = clock.lang
    language = card.draft_language or "-"
    named = words.LANGUAGE_NAMES.get(language)
    head: list[Block] = [
        header(clip(words.APPROVE_HEADER.in_(lang, version=card.draft_version), 150)),
        context(
            words.TEXT_OF.in_(
                lang,
                version=card.draft_version,
                language=escape(named.in_(lang) if named else language),
            ),
            words.LENGTHS.in_(lang, title=number(len(title), lang), body=number(len(body), lang)),
            f"sha256 `{escape(card.draft_hash or '')}`",
        ),
    ]
    heading = f"*{escape(title)}*"
    within_cap = len(title) <= DRAFT_TITLE_MAX and len(body) <= DRAFT_BODY_MAX
    tails = (
        (_facts(card, lang, compact=False), _facts(card, lang, compact=True)) if within_cap else ()
    )
    for tail in tails:
        for boundaries in (True, False):  # word boundaries first; densest split if need be
            draft = sections(heading, boundaries=False) + sections(
                escape(body), boundaries=boundaries
            )
            blocks = head + draft + tail + _closing(card, clock, whole=True)
            if fits(blocks):
                return blocks
    excerpt = _excerpt(card, lang, pages_url)
    return head + excerpt + _facts(card, lang, compact=True) + _closing(card, clock, whole=False)


def _excerpt(card: Card, lang: str, pages_url: str) -> list[Block]:
    body = card.draft_body or ""
    page = words.INCIDENT_PAGE.in_(lang)
    where = (
        link(f"{pages_url.rstrip('/')}/view/incidents/{card.incident_id}", page)
        if pages_url
        else f"{page} `/view/incidents/{escape(card.incident_id)}`"
    )
    notice = words.TOO_LONG.in_(
        lang, body=number(len(body), lang), shown=number(min(len(body), EXCERPT), lang), where=where
    )
    return [
        section(notice),
        *sections(f"*{escape(card.draft_title or '')}*", boundaries=False),
        *sections(escape(clip(body, EXCERPT)) + "\n" + words.CUT.in_(lang)),
    ]


def _facts(card: Card, lang: str, *, compact: bool) -> list[Block]:
    """The verdict the draft rests on; compact when the draft needs the room."""
    summary = clip(card.summary or "", 200 if compact else 1000)
    verdict = label(Verdict, card.verdict, lang)
    blocks = sections(
        words.VERDICT_LINE.in_(lang, verdict=escape(verdict), summary=escape(summary))
    )
    if card.evidence_urls and not compact:
        lines = "\n".join(url_line(u, lang) for u in card.evidence_urls[:5])
        blocks.append(section(lines))
    elif card.evidence_urls:
        count = number(len(card.evidence_urls), lang)
        blocks.append(context(words.EVIDENCE_COUNT.in_(lang, count=count)))
    return blocks


def _closing(card: Card, clock: LocalClock, whole: bool) -> list[Block]:
    lang = clock.lang
    names = ", ".join(escape(clip(name, 60)) for name in card.approved_by[:10]) or "-"
    approved = words.APPROVED_BY.in_(lang, names=names)
    blocks: list[Block] = [incident_context(card, clock, escape(card.tally), approved)]
    if not card.open:
        return [*blocks, section(f"*{escape(card.status)}*")]
    value = f"{card.incident_id}|{card.draft_hash}"
    buttons = [
        button(words.REQUEST_CHANGES.in_(lang), "tangkal.request_changes", value),
        button(words.REJECT.in_(lang), "tangkal.reject", value, style="danger"),
    ]
    if whole:
        confirm = confirm_dialog(
            words.CONFIRM_TITLE.in_(lang),
            words.CONFIRM_TEXT.in_(
                lang,
                version=card.draft_version,
                hash=(card.draft_hash or "")[:12],
                body=number(len(card.draft_body or ""), lang),
            ),
            words.APPROVE.in_(lang),
            words.CANCEL.in_(lang),
        )
        approve = button(
            words.APPROVE.in_(lang), "tangkal.approve", value, style="primary", confirm=confirm
        )
        buttons.insert(0, approve)
    return [*blocks, actions("tangkal.decision", *buttons)]
