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
from api.pages import queries
from api.pages.stages import StageBar, stage_bars
from api.schemas import IncidentPublic
from core.domain import Severity
from core.local_time import LocalClock
from core.persons import people_with_roles

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


Known = dict[tuple[str, ...], list[str]]  # the names holding roles, read once per page


def _people(
    services: Services, incident: IncidentPublic, viewer: str, known: Known
) -> list[WaitingPerson]:
    roles = roles_waited_on(services, incident)
    if not roles:
        return []
    if roles not in known:
        slack = {user: [r.value for r in held] for user, held in services.policy.people.items()}
        with Session(services.engine) as session:
            known[roles] = people_with_roles(session, roles, slack)
    # Who already approved this version is not waited on any more.
    version = incident.draft.version if incident.draft else None
    done = {a.actor.name for a in incident.approvals if a.draft_version == version}
    names = [n for n in known[roles] if n not in done]
    # The reader first: "Anda, Kabag Prokompim".
    return sorted((WaitingPerson(n, n == viewer) for n in names), key=lambda p: not p.is_viewer)


def _item(
    services: Services,
    incident_id: str,
    viewer: str,
    clock: LocalClock,
    now: datetime,
    known: Known,
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
        waits_on=_people(services, incident, viewer, known),
        escalated_at=escalations[-1] if escalations else None,
    )


def dashboard(services: Services, viewer: str, clock: LocalClock, now: datetime) -> Dashboard:
    """`viewer`: the reader's name, said as "Anda" where they are one of those waited on."""
    known: Known = {}
    ids = queries.open_incident_ids(services.engine, MOST_SHOWN)
    items = [_item(services, i, viewer, clock, now, known) for i in ids]
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
