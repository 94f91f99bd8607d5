"""Composing the klarifikasi from the templates: the first draft, and a new draft on request
(e.g. the English version) that replaces the current one like any edit."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.types import ComposedDraft, ComposeRequest
    from core.domain import SYSTEM, Actor
    from workflows.legacy import checks
    from workflows.legacy.actions import IncidentActions
    from workflows.types import ComposeInput, DraftEditInput, UpdateOutcome

COMPOSE_TIMEOUT = timedelta(seconds=30)


class ComposingActions(IncidentActions):
    async def _compose(self, language: str) -> ComposedDraft:
        record = self.record
        verification = record.snapshot.verification or {}
        composed: ComposedDraft = await workflow.execute_activity(
            "compose_draft",
            ComposeRequest(
                incident_id=record.id,
                claim=record.snapshot.claim,
                platform=record.snapshot.report.platform,
                reported_at=record.snapshot.created_at,
                verdict=str(record.snapshot.verdict),
                summary=verification.get("summary", ""),
                evidence_urls=verification.get("evidence_urls", []),
                authority=verification.get("authority", ""),
                language=language,
            ),
            start_to_close_timeout=COMPOSE_TIMEOUT,
            result_type=ComposedDraft,
        )
        return composed

    @workflow.update
    async def recompose(self, inp: ComposeInput) -> UpdateOutcome:
        checks.recompose(self.record, inp)
        composed = await self._compose(inp.language)
        checks.recompose(self.record, inp)  # the incident may have moved on meanwhile
        author = self._composer(inp.actor)
        edit = DraftEditInput(author, composed.title, composed.body, composed.language)
        versions = len(self.record.drafts)
        outcome = await self._new_version(edit)
        if len(self.record.drafts) > versions:
            self.record.composed_versions.add(len(self.record.drafts))
        return outcome

    def _composer(self, requested_by: Actor = SYSTEM) -> Actor:
        """Who authors a composed draft: the verifier whose verdict and summary it carries, so
        they cannot also approve it. Incidents composed before this replay as then."""
        verifier = self.record.verifier
        if verifier is None or not workflow.patched("composed-draft-author"):
            return requested_by
        return verifier

    @recompose.validator
    def _validate_recompose(self, inp: ComposeInput) -> None:
        checks.recompose(self.record, inp)
