"""Composes the first counter-statement draft from the organisation's template."""

from __future__ import annotations

from datetime import UTC, datetime

from temporalio import activity

from activities.types import ComposedDraft, ComposeRequest
from core.domain import Verdict
from core.drafting import compose
from core.policy import Policy


class DraftingActivities:
    def __init__(self, policy: Policy) -> None:
        self._policy = policy

    @activity.defn(name="compose_draft")
    def compose_draft(self, request: ComposeRequest) -> ComposedDraft:
        org = self._policy.organization
        text = compose(
            claim=request.claim,
            platform=request.platform,
            reported_at=request.reported_at,
            verdict=Verdict(request.verdict),
            summary=request.summary,
            evidence_urls=request.evidence_urls,
            authority=request.authority,
            organization=org.name,
            timezone=org.timezone,
            language=request.language,
            now=datetime.now(UTC),
        )
        return ComposedDraft(title=text.title, body=text.body, language=text.language)
