"""What every activity takes and returns, by name: the one list workflows call them by.

Workflows call `workflow.execute_activity(contract.triage_incident, request, ...)`, so mypy
checks the argument and the result; the implementations (one class per concern in this
package, bound to the worker's engine, clients and policy) register under the same names, and
`tests/test_activity_contract.py` holds them to these signatures. The bodies never run.
"""

from temporalio import activity

from activities.digest_types import DigestRequest, DigestSummary
from activities.types import (
    ComposedDraft,
    ComposeRequest,
    IncidentChanges,
    IncidentRules,
    Notice,
    OpenedIncident,
    PollRequest,
    PollResult,
    PublicationResult,
    PublishRequest,
    SplitRequest,
    TriageRequest,
    TriageResult,
)


@activity.defn(name="load_rules")
def load_rules() -> IncidentRules:
    raise NotImplementedError


@activity.defn(name="triage_incident")
def triage_incident(request: TriageRequest) -> TriageResult:
    raise NotImplementedError


@activity.defn(name="rescore_with_media")
def rescore_with_media(request: TriageRequest) -> TriageResult:
    raise NotImplementedError


@activity.defn(name="split_duplicate")
def split_duplicate(request: SplitRequest) -> OpenedIncident:
    raise NotImplementedError


@activity.defn(name="compose_draft")
def compose_draft(request: ComposeRequest) -> ComposedDraft:
    raise NotImplementedError


@activity.defn(name="write_incident")
def write_incident(changes: IncidentChanges) -> None:
    raise NotImplementedError


@activity.defn(name="publish_to_channel")
def publish_to_channel(request: PublishRequest) -> PublicationResult:
    raise NotImplementedError


@activity.defn(name="deliver_notice")
def deliver_notice(notice: Notice) -> None:
    raise NotImplementedError


@activity.defn(name="poll_source")
def poll_source(request: PollRequest) -> PollResult:
    raise NotImplementedError


@activity.defn(name="compose_digest")
def compose_digest(request: DigestRequest) -> DigestSummary:
    raise NotImplementedError


CONTRACT = (
    load_rules,
    triage_incident,
    rescore_with_media,
    split_duplicate,
    compose_draft,
    write_incident,
    publish_to_channel,
    deliver_notice,
    poll_source,
    compose_digest,
)
