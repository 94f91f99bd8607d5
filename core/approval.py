"""The approval rule of SPEC §2: how many approvals of one exact version, and from which roles.

An approval binds to one draft version: a later version voids it, even one whose text equals
an earlier version's (a revert does not revive approvals). Each person counts once, by their
latest decision on that version: a reject or request for changes withdraws their approval.
The API's status read applies the same rule (`standing_approvals`) to the stored decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from activities.types import DecisionEntry, DraftVersion, SeverityRules
from core.domain import Actor, Decision, Role

T = TypeVar("T")


def standing_approvals(
    decisions: Sequence[T], version: int, facts: Callable[[T], tuple[int, str, str]]
) -> list[T]:
    """The approvals that still count for `version`, oldest first. `facts(d)` gives a
    decision's (draft version, person, decision); `decisions` are oldest first."""
    latest: dict[str, T] = {}
    for entry in decisions:
        entry_version, person, _ = facts(entry)
        if entry_version == version:
            latest.pop(person, None)  # re-inserted: the order is that of latest decisions
            latest[person] = entry
    return [entry for entry in latest.values() if facts(entry)[2] == Decision.APPROVE]


def _facts(entry: DecisionEntry) -> tuple[int, str, str]:
    return entry.draft_version, entry.actor.who, entry.decision


@dataclass(frozen=True)
class Tally:
    approvals: int
    needed: int
    required_roles: tuple[str, ...]
    required_role_present: bool
    approvers: tuple[Actor, ...] = ()  # whose approvals count, oldest first

    @property
    def satisfied(self) -> bool:
        return self.approvals >= self.needed and self.required_role_present

    def describe(self) -> str:
        text = f"{self.approvals}/{self.needed} approvals"
        if self.required_roles and not self.required_role_present:
            text += f", still needs one from: {', '.join(self.required_roles)}"
        return text


def tally(decisions: list[DecisionEntry], draft: DraftVersion, rules: SeverityRules) -> Tally:
    approvers = tuple(d.actor for d in standing_approvals(decisions, draft.version, _facts))
    required = tuple(rules.approver_roles)
    present = not required or any(actor.has_any([Role(r) for r in required]) for actor in approvers)
    return Tally(len(approvers), rules.approvals, required, present, approvers)


def tally_by_hash(decisions: list[DecisionEntry], draft_hash: str, rules: SeverityRules) -> Tally:
    """The rule before versions bound approvals, for incidents whose history was decided by it
    (see `workflow.patched("approval-per-version-per-person")` in workflows/legacy/actions.py)."""
    approvers = {
        d.actor.who: d.actor
        for d in decisions
        if d.decision == Decision.APPROVE and d.draft_hash == draft_hash
    }
    required = tuple(rules.approver_roles)
    present = not required or any(
        actor.has_any([Role(r) for r in required]) for actor in approvers.values()
    )
    return Tally(len(approvers), rules.approvals, required, present, tuple(approvers.values()))


def count_approvals(
    decisions: list[DecisionEntry], draft: DraftVersion, rules: SeverityRules, per_version: bool
) -> Tally:
    return (
        tally(decisions, draft, rules)
        if per_version
        else tally_by_hash(decisions, draft.hash, rules)
    )


def has_standing_approval(decisions: list[DecisionEntry], draft: DraftVersion, who: str) -> bool:
    return any(d.actor.who == who for d in standing_approvals(decisions, draft.version, _facts))
