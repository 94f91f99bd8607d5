"""Who is looking at a page: the session cookie's session and its key, looked up again on
every request (a signed-out session or a revoked key is refused from the next request on).

Every role has its pages (issue 16): officers report and edit drafts, verifiers record
verdicts, approvers decide, leaders and admins read. What each role may do is decided by
`core.roles`, on the page as in the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep
from api.pages import session as page_session
from api.pages.i18n import LANG_COOKIE, pick_language
from core.domain import Actor, Role
from core.tables import PageSessionRecord, Person
from core.users import user_actor

PAGE_ROLES = tuple(Role)


class SignInRequired(Exception):
    """No valid session: the page answers with a redirect to the sign-in form."""


@dataclass(frozen=True)
class Viewer:
    actor: Actor
    session: page_session.PageSession
    lang: str

    @property
    def roles(self) -> frozenset[str]:
        """The viewer's roles by value, for templates (`'officer' in viewer.roles`)."""
        return frozenset(role.value for role in self.actor.roles)


def _load(services: ServicesDep, found: page_session.PageSession) -> Actor | None:
    """The session's person, if the session was not ended and they still hold a role."""
    live = (
        select(Person)
        .join(PageSessionRecord, col(PageSessionRecord.person_id) == col(Person.id))
        .where(
            PageSessionRecord.token_hash == page_session.token_hash(found.token),
            col(PageSessionRecord.ended_at).is_(None),
            col(PageSessionRecord.expires_at) > datetime.now(UTC),
        )
    )
    with Session(services.engine) as session:
        person = session.exec(live).first()
    if person is None:
        return None
    actor = user_actor(person)
    return actor if actor.has_any(PAGE_ROLES) else None


async def current_viewer(request: Request, services: ServicesDep) -> Viewer:
    secret: bytes = request.app.state.session_secret
    found = page_session.read(secret, request.cookies.get(page_session.COOKIE))
    if found is None:
        raise SignInRequired
    actor = await run_in_threadpool(_load, services, found)
    if actor is None:
        raise SignInRequired
    return Viewer(actor=actor, session=found, lang=pick_language(request.cookies.get(LANG_COOKIE)))


PageViewer = Annotated[Viewer, Depends(current_viewer)]
