"""Refusals people read in problem+json `detail`, Slack ephemerals and on the pages: Bahasa
Indonesia first, then English, since an API answer does not know its reader's language. The
machine `code` beside them never changes."""

from __future__ import annotations

from core.domain import Role
from core.roles import ALLOWED_ROLES, Action
from core.words import Words
from core.words.labels import label, labels

W = Words

NEEDS_ROLE = W(
    "Tindakan ini ({action}) memerlukan peran {roles}.",
    "This action ({action}) needs the role {roles}.",
)


def role_refusal(action: Action) -> str:
    roles: tuple[Role, ...] = ALLOWED_ROLES[action]
    values = [role.value for role in roles]
    return " / ".join(
        NEEDS_ROLE.in_(lang, action=label(Action, action, lang), roles=labels(Role, values, lang))
        for lang in ("id", "en")
    )
