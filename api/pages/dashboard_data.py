"""What the leader dashboard shows: open incidents late first, then by SLA time left, each
naming the people it waits on; incidents in monitoring apart; this week's reports.

Sync (the route calls it in a thread pool). An open incident is read as its page reads it
(`store.get_incident`, `store.timeline`), so the strip of stage bars is the incident page's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from api import store
from api.deps import Services
from api.pages import queries, review_queries
from api.pages.stages import StageBar, stage_bars
from api.schemas import IncidentPublic
from core.domain import Actor, Severity
from core.local_time import LocalClock
from core.persons import people_with_roles
from core.roles import Action, may

# Who a stage waits on, by role (SPEC §4); the other stages wait on the system or channels.
STAGE_ROLES: dict[str, tuple[str, ...]] = {
    "verification": ("verifier",),
    "drafting": ("officer",),
    "approval": ("approver",),
}
STRIP_STAGES = ("triage", "verification", "drafting", "approval", "publishing")
MOST_SHOWN = 100  # open incidents on one page: a regency's week, many times over


@dataclass(frozen=True)
class StripCell:
    """One stage of the strip: its time against its SLA, merged when a stage came back."""

    stage: str
    reached: bool
    minutes: float = 0
    sla_minutes: int | None = None
    breached: bool = False
    running: bool = False

    @property
    def fill_percent(self) -> int:
        if not self.reached:
            return 0
        if not self.sla_minutes:
            return 100
        return max(4, min(100, round(100 * self.minutes / self.sla_minutes)))


@dataclass(frozen=True)
class WaitingPerson:
    name: str
    is_viewer: bool


@dataclass(frozen=True)
class DashboardItem:
    incident: IncidentPublic
    strip: list[StripCell]
    due_at: datetime | None
    late: bool
    waits_on: list[WaitingPerson]
    escalated_at: datetime | None  # the SLA escalation of the current stage, if it went out

    @property
    def waits_on_viewer(self) -> bool:
        return any(p.is_viewer for p in self.waits_on)


@dataclass
class Dashboard:
    needing: list[DashboardItem] = field(default_factory=list)
    monitoring: list[DashboardItem] = field(default_factory=list)
    topics: list[tuple[str, int]] = field(default_factory=list)
    platforms: list[tuple[str, int]] = field(default_factory=list)

    @property
    def late(self) -> int:
        return sum(i.late for i in self.needing)

    @property
    def waiting_on_viewer(self) -> int:
        return sum(i.waits_on_viewer for i in self.needing)


def strip_of(bars: list[StageBar], now: datetime) -> list[StripCell]:
    cells = []
    for stage in STRIP_STAGES:
        mine = [b for b in bars if b.stage == stage]
        if not mine:
            cells.append(StripCell(stage, reached=False))
            continue
        cells.append(
            StripCell(
                stage,
                reached=True,
                minutes=sum(b.minutes(now) for b in mine),
                sla_minutes=mine[-1].sla_minutes,
                breached=any(b.breached(now) for b in mine),
                running=any(b.running for b in mine),
            )
        )
    return cells


def roles_waited_on(services: Services, incident: IncidentPublic) -> tuple[str, ...]:
    """The stage's role; an approval whose severity needs a leader's also waits on leaders."""
    roles = STAGE_ROLES.get(incident.stage, ())
    if incident.stage == "approval" and incident.severity:
        rules = services.policy.severity[Severity(incident.severity)]
        roles += tuple(r.value for r in rules.approver_roles if r.value not in roles)
    return roles


@dataclass
class Reader:
    """Who reads the dashboard, the approvals waiting for them (`review_queries`' rule: the
    approver's own list), and the names holding roles, read once per page."""

    actor: Actor
    approvals_for_them: set[str]
    known: dict[tuple[str, ...], list[str]] = field(default_factory=dict)


def _approval_waits(
    services: Services, incident: IncidentPublic, roles: tuple[str, ...]
) -> tuple[tuple[str, ...], set[str]]:
    """The roles an approval still needs and who cannot give it: the author of the current
    version and those whose approval of it stands; with enough approvals but the policy's
    required role missing, only that role (the workflow's tally)."""
    versions = review_queries.versions_of(services.engine, incident.id)
    counted = review_queries.approval_tally(services.policy, incident.severity, versions)
    if counted is None or versions.current is None:
        return roles, set()
    if counted.approvals >= counted.needed and not counted.required_role_present:
        roles = counted.required_roles
    return roles, {versions.current.author.name} | {a.name for a in counted.approvers}


def _people(services: Services, incident: IncidentPublic, reader: Reader) -> list[WaitingPerson]:
    roles, cannot = roles_waited_on(services, incident), set[str]()
    if incident.stage == "approval":
        roles, cannot = _approval_waits(services, incident, roles)
    if not roles:
        return []
    if roles not in reader.known:
        slack = {user: [r.value for r in held] for user, held in services.policy.people.items()}
        with Session(services.engine) as session:
            reader.known[roles] = people_with_roles(session, roles, slack)
    me = reader.actor.name
    if incident.stage == "approval" and incident.id not in reader.approvals_for_them:
        cannot.add(me)
    names = [n for n in reader.known[roles] if n not in cannot]
    # The reader first: "Anda, Kabag Prokompim".
    return sorted((WaitingPerson(n, n == me) for n in names), key=lambda p: not p.is_viewer)


def _item(
    services: Services,
    incident_id: str,
    reader: Reader,
    clock: LocalClock,
    now: datetime,
) -> DashboardItem:
    incident = store.get_incident(services.engine, incident_id)
    events = store.timeline(services.engine, incident_id, clock)
    deadline = incident.deadlines.get(incident.stage) or {}
    due = datetime.fromisoformat(deadline["due_at"]) if deadline.get("due_at") else None
    started = deadline.get("started_at")
    escalations = [
        e.at
        for e in events
        if e.type == "sla_escalation"
        and e.data.get("stage") == incident.stage
        and (started is None or e.at >= datetime.fromisoformat(started))
    ]
    return DashboardItem(
        incident=incident,
        strip=strip_of(stage_bars(incident, events), now),
        due_at=due,
        late=due is not None and due < now,
        waits_on=_people(services, incident, reader),
        escalated_at=escalations[-1] if escalations else None,
    )


def dashboard(services: Services, viewer: Actor, clock: LocalClock, now: datetime) -> Dashboard:
    """`viewer`: said as "Anda" where they are one of those an incident waits on."""
    yours, _ = review_queries.approval_list(services.engine, services.policy, viewer)
    reader = Reader(viewer, {w.id for w in yours} if may(viewer, Action.DECIDE) else set())
    ids = queries.open_incident_ids(services.engine, MOST_SHOWN)
    items = [_item(services, i, reader, clock, now) for i in ids]
    never = now + timedelta(days=36_500)
    found = Dashboard(
        # Late first (the longest overdue on top), then the least time left; no SLA last.
        needing=sorted(
            (i for i in items if i.incident.stage != "monitoring"),
            key=lambda i: (not i.late, i.due_at or never, i.incident.created_at),
        ),
        monitoring=[i for i in items if i.incident.stage == "monitoring"],
    )
    found.topics, found.platforms = queries.reports_since(services.engine, now - timedelta(days=7))
    return found
