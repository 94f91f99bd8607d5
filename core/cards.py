"""What the verification and approval cards show, from the read model. Pure: no I/O.

The delivery activity builds a card when it posts or rewrites it, from the rows the workflow
wrote just before asking (`activities/notify/card_source.py`), so no card travels through the
workflow's history. The workflow asks for a rewrite after a write that changed what a card
shows: `verification_view`, or (approval card) the columns below, a draft or a decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from activities.types import Card, DecisionEntry, DraftVersion, JoinedReport, SeverityRules
from core.approval import tally
from core.domain import Audience, Decision, Resolution, Stage, Verdict
from core.words import cards as words
from core.words.cards import tally_words
from core.words.labels import label

APPROVAL_CARD_COLUMNS = frozenset(
    {"stage", "resolution", "severity", "risk_score", "risk_factors", "verdict", "deadlines"}
    | {"draft_version", "verification"}
)


def verification_view(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Everything of the incident's row that the verification card shows (`build_cards`):
    the card is rewritten when this changes, and only then (after the verdict, the stages
    that follow leave it as it is)."""
    verification = row.get("verification") or {}
    stage = row["stage"]
    verdict = row.get("verdict")
    return (
        stage == Stage.VERIFICATION,
        verdict,
        None if verdict else stage == Stage.CLOSED and row.get("resolution"),
        verification.get("verified_by"),
        verification.get("summary"),
        verification.get("evidence_urls"),
        row.get("severity"),
        row.get("risk_score"),
        row.get("risk_factors"),
        (row.get("deadlines") or {}).get("verification"),
        *_archive_shown(row.get("archive_match")),
    )


def joined_view(linked: Mapping[str, float], judged: Mapping[str, str]) -> tuple[Any, ...]:
    """What the verification card shows of the reports joined to the incident: each one, and
    whether it has been judged (its buttons go)."""
    return tuple((report, judged.get(report)) for report in sorted(linked))


def _archive_shown(match: Mapping[str, Any] | None) -> tuple[Any, ...]:
    """What the verification card shows of the archive match (and asks about it)."""
    if not match:
        return ()
    return (match.get("archive_id"), match.get("confirmed_by"))


def build_cards(
    incident: Any,
    draft: DraftVersion | None,
    decisions: Sequence[DecisionEntry],
    rules: SeverityRules | None,
    lang: str = "id",
    joined: Sequence[JoinedReport] = (),
) -> list[Card]:
    """`incident`: the incident's row (`core.tables.Incident`); `decisions` oldest first;
    the statuses in `lang`."""
    deadlines: dict[str, Any] = incident.deadlines or {}
    if "verification" not in deadlines:
        return []  # still in triage, or closed as a duplicate before anyone was asked
    verification: dict[str, Any] = incident.verification or {}
    archived: dict[str, Any] = incident.archive_match or {}
    asking = Card(
        incident_id=incident.id,
        audience=Audience.VERIFICATION,
        stage=incident.stage,
        claim=incident.claim,
        open=incident.stage == Stage.VERIFICATION,
        status=_verification_status(incident, verification, lang),
        platform=incident.platform,
        reach=incident.reach,
        source_urls=list(incident.source_urls or []),
        risk_score=incident.risk_score,
        severity=incident.severity,
        factors=list(incident.risk_factors or []),
        due_at=deadlines["verification"]["due_at"],
        verdict=incident.verdict,
        summary=verification.get("summary"),
        evidence_urls=list(verification.get("evidence_urls", [])),
        archive_title=archived.get("title"),
        archive_similarity=archived.get("similarity"),
        archive_url=archived.get("url"),
        archive_confirmed_by=archived.get("confirmed_by"),
        joined=list(joined),
    )
    if draft is None or rules is None:
        return [asking]
    counted = tally(list(decisions), draft, rules)
    approving = replace(
        asking,
        audience=Audience.APPROVAL,
        open=incident.stage == Stage.APPROVAL,
        status=_approval_status(incident, decisions, tally_words(counted, lang), lang),
        due_at=deadlines.get("approval", {}).get("due_at"),
        joined=[],  # asked on the verification card only
        draft_title=draft.title,
        draft_body=draft.body,
        draft_version=draft.version,
        draft_hash=draft.hash,
        draft_language=draft.language,
        approved_by=[actor.name for actor in counted.approvers],
        approvals_needed=counted.needed,
        tally=tally_words(counted, lang),
    )
    return [asking, approving]


def _verification_status(incident: Any, verification: dict[str, Any], lang: str) -> str:
    if incident.verdict:
        verdict = label(Verdict, incident.verdict, lang)
        return words.VERDICT_BY.in_(lang, verdict=verdict, by=verification.get("verified_by", ""))
    if incident.stage == Stage.CLOSED:
        return words.CLOSED.in_(lang, resolution=label(Resolution, incident.resolution, lang))
    return words.AWAITING_VERIFICATION.in_(lang)


def _approval_status(
    incident: Any, decisions: Sequence[DecisionEntry], counted: str, lang: str
) -> str:
    stage = incident.stage
    last = decisions[-1] if decisions else None
    if stage == Stage.APPROVAL:
        return words.AWAITING_APPROVAL.in_(lang, tally=counted)
    if stage == Stage.DRAFTING and last is not None and last.decision != Decision.APPROVE:
        decision = label(Decision, last.decision, lang)
        return words.SENT_BACK.in_(lang, decision=decision, by=last.actor.name, reason=last.reason)
    if stage == Stage.PUBLISHING:
        return words.PUBLISHING.in_(lang)
    if stage == Stage.MONITORING or incident.resolution == "published":
        return words.PUBLISHED.in_(lang)
    if stage == Stage.CLOSED:
        return words.CLOSED.in_(lang, resolution=label(Resolution, incident.resolution, lang))
    return words.AT_STAGE.in_(lang, stage=label(Stage, stage, lang))
