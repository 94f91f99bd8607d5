"""Hands the workflow the policy it runs under; workflows never read files themselves."""

from __future__ import annotations

from temporalio import activity

from activities.types import ChannelRules, IncidentRules, SeverityRules
from core.policy import Policy


def rules_from(policy: Policy) -> IncidentRules:
    return IncidentRules(
        severities={
            severity.value: SeverityRules(
                approvals=rules.approvals,
                approver_roles=[role.value for role in rules.approver_roles],
                sla_minutes=rules.sla_minutes.model_dump(),
                monitoring_minutes=rules.monitoring_minutes,
            )
            for severity, rules in policy.severity.items()
        },
        channels=[
            ChannelRules(name=c.name, kind=c.kind, required=c.required, max_attempts=c.max_attempts)
            for c in policy.channels
        ],
        required_checklist=list(policy.verification.required_checklist),
        language=policy.organization.language,
    )


class PolicyActivities:
    def __init__(self, policy: Policy) -> None:
        self._policy = policy

    @activity.defn(name="load_rules")
    def load_rules(self) -> IncidentRules:
        return rules_from(self._policy)
