"""Who may do what: the single place where actions are mapped to roles (SPEC §4)."""

from __future__ import annotations

from enum import StrEnum

from core.domain import Actor, ActorKind, Role


class Action(StrEnum):
    REPORT = "report"
    READ = "read"
    VERIFY = "verify"
    EDIT_DRAFT = "edit_draft"
    DECIDE = "decide"
    CANCEL = "cancel"
    CORRECT = "correct"
    RETRACT = "retract"
    SCHEDULE = "schedule"
    ADMINISTER = "administer"
    ADD_MEDIA = "add_media"


ALLOWED_ROLES: dict[Action, tuple[Role, ...]] = {
    Action.REPORT: (Role.OFFICER,),
    Action.READ: tuple(Role),
    Action.VERIFY: (Role.VERIFIER,),
    Action.EDIT_DRAFT: (Role.OFFICER, Role.VERIFIER),
    Action.DECIDE: (Role.APPROVER,),
    Action.CANCEL: (Role.OFFICER, Role.ADMIN),
    # A correction is a new text: officers propose it, approvers approve it again.
    Action.CORRECT: (Role.OFFICER, Role.VERIFIER),
    # Withdrawing a published statement is the call of those who may approve one.
    Action.RETRACT: (Role.APPROVER, Role.ADMIN),
    Action.SCHEDULE: (Role.OFFICER, Role.APPROVER),
    Action.ADMINISTER: (Role.ADMIN,),
    # Evidence comes with the report or with the verification.
    Action.ADD_MEDIA: (Role.OFFICER, Role.VERIFIER),
}


def may(actor: Actor, action: Action) -> bool:
    return actor.has_any(ALLOWED_ROLES[action])


def refusal(action: Action) -> str:
    """Why `action` is refused, as people read it (the words are the catalogue's)."""
    from core.words.refusals import role_refusal  # the catalogue labels this module's Action

    return role_refusal(action)


# Who set an embargo decides who may move or lift it: an embargo an approver set is part of
# their decision about the approved text, so an officer may not undo it.
EMBARGO_KEEPERS: tuple[Role, ...] = (Role.APPROVER,)


def may_change_embargo(actor: Actor, set_by: Actor) -> bool:
    """Whether `actor` may move or lift the embargo `set_by` set (both already may schedule)."""
    return not set_by.has_any(EMBARGO_KEEPERS) or actor.has_any(EMBARGO_KEEPERS)


def slack_actor(people: dict[str, list[Role]], user_id: str, name: str, person: str = "") -> Actor:
    """A Slack user, with the roles the policy's [people] table gives them (none if absent).
    `person`: the person the user is linked to (`tangkal keys create --slack-user`); a user
    linked to no person is a person of their own."""
    return Actor(
        kind=ActorKind.SLACK_USER,
        id=user_id,
        name=name or user_id,
        roles=tuple(people.get(user_id, [])),
        person=person,
    )
