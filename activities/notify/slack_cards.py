"""Block Kit for the verification and approval cards (SPEC §5 action ids are the contract).

Everything a card shows comes from people or feeds, so every string goes through
`core.mrkdwn` (escaped; links only from safe URLs) before it reaches a block. The words are
the catalogue's (`core.words.cards`), in the organisation's language and time zone.
"""

from __future__ import annotations

from activities.notify.approval_card import approval_blocks
from activities.notify.slack_blocks import (
    Block,
    actions,
    button,
    header,
    incident_context,
    section,
    sections,
    url_line,
)
from activities.types import Card
from core.domain import Platform, Severity, Stage, Verdict
from core.local_time import LocalClock
from core.mrkdwn import clip, escape
from core.words import cards as words
from core.words.cards import number
from core.words.labels import label
from core.words.risk import factor_line

VERDICT_STYLES = {"false": "danger"}
CLAIM_SHOWN = 1500  # characters of the claim quoted on the verification card
JOINED_SHOWN = 5  # joined reports asked about on the card; the page has them all
JOINED_CLAIM_SHOWN = 200


def _quote(text: str) -> str:
    return "\n".join("> " + escape(line) for line in clip(text, CLAIM_SHOWN).splitlines() or [""])


def _facts(card: Card, lang: str) -> str:
    lines = [_quote(card.claim)]
    if card.platform or card.reach is not None:
        platform = escape(label(Platform, card.platform, lang))
        lines.append(
            words.PLATFORM_REACH.in_(lang, platform=platform, reach=number(card.reach or 0, lang))
        )
    lines += [url_line(url, lang) for url in card.source_urls[:5]]
    return "\n".join(lines)


def _risk(card: Card, lang: str) -> str:
    severity = escape(label(Severity, card.severity, lang).upper())
    lines = [words.RISK.in_(lang, score=card.risk_score, severity=severity)]
    for factor in card.factors[:12]:
        name, explanation = factor_line(factor, lang)
        points = escape(f"{int(factor.get('points') or 0):+d}")
        lines.append(f"• {escape(name)}: {points} — {escape(clip(explanation, 300))}")
    return "\n".join(lines)


def _archive(card: Card, lang: str) -> list[Block]:
    """The earlier klarifikasi the claim seems to recycle, and "is this the right debunk?"
    while the verifier can still answer (before the verdict)."""
    if not card.archive_title:
        return []
    pct = round((card.archive_similarity or 0) * 100)
    line = words.ARCHIVE_LINE.in_(lang, pct=pct, title=escape(clip(card.archive_title, 300)))
    if card.archive_url:
        line += "\n" + url_line(card.archive_url, lang)
    if card.archive_confirmed_by:
        line += "\n" + words.ARCHIVE_CONFIRMED.in_(lang, by=escape(card.archive_confirmed_by))
    elif card.open:
        line += "\n" + words.ARCHIVE_QUESTION.in_(lang)
    blocks: list[Block] = [*sections(line)]
    if card.open and not card.archive_confirmed_by:
        blocks.append(
            actions(
                "tangkal.archive",
                button(
                    words.ARCHIVE_CONFIRM.in_(lang),
                    "tangkal.archive.confirm",
                    card.incident_id,
                    style="primary",
                ),
                button(words.ARCHIVE_REJECT.in_(lang), "tangkal.archive.reject", card.incident_id),
            )
        )
    return blocks


def _joined(card: Card, lang: str) -> list[Block]:
    """The reports triage joined to this incident, and "is this the same hoax?" for each not
    yet judged while the incident is open (a wrong join would leave a hoax nobody handles)."""
    if not card.joined:
        return []
    blocks: list[Block] = [*sections(words.JOINED_HEADER.in_(lang))]
    asking = card.stage != Stage.CLOSED
    for n, report in enumerate(card.joined[:JOINED_SHOWN]):
        line = words.JOINED_LINE.in_(
            lang,
            id=escape(report.incident_id),
            pct=round(report.similarity * 100),
            claim=escape(clip(" ".join(report.claim.split()), JOINED_CLAIM_SHOWN)),
        )
        if report.judged == "confirm":
            line += " — " + words.JOINED_CONFIRMED.in_(lang)
        elif report.judged == "reject":
            line += " — " + words.JOINED_SPLIT.in_(lang, id=escape(report.split_into or ""))
        elif asking:
            line += "\n" + words.JOINED_QUESTION.in_(lang)
        blocks += sections(line)
        if report.judged is None and asking:
            value = f"{card.incident_id}|{report.incident_id}"
            blocks.append(
                actions(
                    f"tangkal.duplicate.{n}",
                    button(words.JOINED_SAME.in_(lang), "tangkal.duplicate.confirm", value),
                    button(words.JOINED_NOT_SAME.in_(lang), "tangkal.duplicate.reject", value),
                )
            )
    if (more := len(card.joined) - JOINED_SHOWN) > 0:
        blocks += sections(words.JOINED_MORE.in_(lang, count=more))
    return blocks


def verification_blocks(card: Card, clock: LocalClock) -> list[Block]:
    lang = clock.lang
    severity = label(Severity, card.severity, lang).upper()
    blocks: list[Block] = [
        header(clip(words.VERIFY_HEADER.in_(lang, severity=severity), 150)),
        *sections(_facts(card, lang)),
        *sections(_risk(card, lang)),
        *_archive(card, lang),
        *_joined(card, lang),
        incident_context(card, clock),
    ]
    if card.open:
        verdicts = (
            button(
                label(Verdict, verdict, lang),
                f"tangkal.verdict.{verdict}",
                card.incident_id,
                style=VERDICT_STYLES.get(verdict),
            )
            for verdict in Verdict
        )
        blocks.append(actions("tangkal.verdict", *verdicts))
    else:
        blocks.append(section(f"*{escape(card.status)}*"))
    return blocks


def card_blocks(card: Card, clock: LocalClock, pages_url: str = "") -> list[Block]:
    """The card's blocks as sent to Slack."""
    if card.audience == "verification":
        return verification_blocks(card, clock)
    return approval_blocks(card, clock, pages_url)


def card_text(card: Card, lang: str) -> str:
    """The plain-text fallback (notifications, console outbox); escape it for Slack."""
    if card.audience == "verification":
        head = words.CONSOLE_VERIFY.in_(
            lang,
            id=card.incident_id,
            severity=label(Severity, card.severity, lang),
            score=card.risk_score,
        )
    else:
        head = words.CONSOLE_APPROVE.in_(
            lang, id=card.incident_id, version=card.draft_version, title=card.draft_title
        )
    return f"{head} — {card.status}"
