"""The approval rule of SPEC §2: how many approvals of one exact text, and from which roles."""

from __future__ import annotations

from dataclasses import dataclass

from temporalio.workflow import unsafe

with unsafe.imports_passed_through():
    from activities.types import DecisionEntry, SeverityRules
    from core.domain import Decision, Role


@dataclass(frozen=True)
class Tally:
    approvals: int
    needed: int
    required_roles: tuple[str, ...]
    required_role_present: bool

    @property
    def satisfied(self) -> bool:
        return self.approvals >= self.needed and self.required_role_present

    def describe(self) -> str:
        text = f"{self.approvals}/{self.needed} approvals"
        if self.required_roles and not self.required_role_present:
            text += f", still needs one from: {', '.join(self.required_roles)}"
        return text


def tally(decisions: list[DecisionEntry], draft_hash: str, rules: SeverityRules) -> Tally:
    approvers = {
        d.actor.who: d.actor
        for d in decisions
        if d.decision == Decision.APPROVE and d.draft_hash == draft_hash
    }
    required = tuple(rules.approver_roles)
    present = not required or any(
        actor.has_any([Role(r) for r in required]) for actor in approvers.values()
    )
    return Tally(len(approvers), rules.approvals, required, present)
