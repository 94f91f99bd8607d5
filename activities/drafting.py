"""Composes the first counter-statement draft from the organisation's templates."""

from __future__ import annotations

from datetime import UTC, datetime

from jinja2 import TemplateError
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.errors import misconfigured
from activities.types import ArchiveMatch, ComposedDraft, ComposeRequest
from core.composer import compose
from core.domain import Verdict
from core.policy import Policy
from core.recycled import Earlier, published_on


def earlier_of(match: ArchiveMatch | None, timezone: str) -> Earlier | None:
    if match is None:
        return None
    return Earlier(match.title, match.body, match.url, published_on(match.published_at, timezone))


class DraftingActivities:
    def __init__(self, policy: Policy) -> None:
        self._policy = policy
        self._templates = policy.templates()

    @activity.defn(name="compose_draft")
    def compose_draft(self, request: ComposeRequest) -> ComposedDraft:
        org = self._policy.organization
        if request.verdict not in (v.value for v in Verdict if v != Verdict.TRUE):
            # SPEC §2: a true claim closes without a counter-statement (the composer refuses
            # one too); without a verdict there is nothing to say either.
            raise ApplicationError(
                f"nothing to clarify for the verdict {request.verdict or '(none)'!r}",
                type="NothingToClarify",
                non_retryable=True,
            )
        try:
            text = compose(
                claim=request.claim,
                platform=request.platform,
                verdict=Verdict(request.verdict),
                summary=request.summary,
                evidence_urls=request.evidence_urls,
                authority=request.authority,
                organization=org.name,
                timezone=org.timezone,
                language=request.language,
                now=datetime.now(UTC),
                first_seen_at=request.first_seen_at,
                earlier=earlier_of(request.recycles, org.timezone),
                templates=self._templates,
            )
        # Templates are checked at start-up; one can still fail on a particular claim (an
        # index out of range): retrying cannot help, so it is the policy's error to fix.
        except TemplateError as exc:
            raise misconfigured(f"drafting template failed: {exc.message}") from None
        except Exception as exc:
            raise misconfigured(f"drafting template failed: {type(exc).__name__}") from None
        return ComposedDraft(title=text.title, body=text.body, language=text.language)
