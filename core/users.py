"""People who sign in to the pages as themselves (issue 16): a person with roles and a
password, hashed with argon2id (argon2-cffi, RFC 9106's defaults), or a one-time sign-in link
they open to choose one. API keys stay for machines; both belong to the same person, who is
the identity behind self-approval and quorum rules everywhere.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.db import session_scope, utc
from core.domain import Actor, ActorKind, Role
from core.persons import PersonError, existing_person, new_person
from core.tables import Person

MIN_PASSWORD = 12
LINK_LIFETIME = timedelta(hours=24)
_hasher = PasswordHasher()  # argon2id, 64 MiB, 3 passes
# Each check takes 64 MiB and tens of milliseconds: two at a time, whatever the traffic.
_checks = threading.BoundedSemaphore(2)


@functools.cache
def _nobody() -> str:
    """Checked when no such person exists, so an unknown name costs what a wrong password
    does; made at the first sign-in, not at every process's start."""
    return _hasher.hash(secrets.token_urlsafe(16))


class UserError(ValueError):
    """A request about a user that cannot be done, said plainly."""


@dataclass(frozen=True)
class NewUser:
    person_id: str
    name: str
    link_token: str | None  # the one-time sign-in link's token, when no password was given


def _link_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password_rule(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")


def _new_link(person: Person) -> str:
    token = secrets.token_urlsafe(32)
    person.link_hash = _link_hash(token)
    person.link_expires_at = datetime.now(UTC) + LINK_LIFETIME
    return token


def create_user(
    engine: Engine,
    name: str,
    roles: list[Role],
    slack_user: str | None = None,
    password: str | None = None,
) -> NewUser:
    """A page user: a new person, or the existing person of that name (made with a key) given
    page access. Without `password`, a one-time sign-in link (valid 24 h) to choose one."""
    if not roles:
        raise UserError("a user needs at least one role (--role)")
    if password is not None:
        check_password_rule(password)
    with session_scope(engine) as session:
        try:
            person = existing_person(session, name, slack_user)
        except PersonError:
            person = new_person(session, name, slack_user)
        else:
            if person.roles:
                raise UserError(
                    f"{name!r} can already sign in; `tangkal users link --name {name!r}` "
                    "gives them a new sign-in link"
                )
        person.roles = sorted({role.value for role in roles})
        token = None
        if password is not None:
            person.password_hash = _hasher.hash(password)
        else:
            token = _new_link(person)
        session.add(person)
        return NewUser(person.id, person.name, token)


def new_link(engine: Engine, name: str) -> str:
    """A new one-time sign-in link for the user `name` (a forgotten password)."""
    with session_scope(engine) as session:
        person = session.exec(select(Person).where(Person.name == name)).first()
        if person is None or not person.roles:
            raise UserError(f"no user named {name!r}; create them with `tangkal users create`")
        token = _new_link(person)
        session.add(person)
        return token


def _verify(stored: str | None, password: str) -> bool:
    with _checks:
        try:
            return _hasher.verify(stored or _nobody(), password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False


def check_sign_in(engine: Engine, name: str, password: str) -> str | None:
    """The person id of the user `name` when `password` is theirs; None otherwise (an unknown
    name and a wrong password cost the same). Sync and slow by design: call in a thread."""
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.name == name.strip())).first()
    stored = person.password_hash if person is not None and person.roles else None
    if not _verify(stored, password) or person is None:
        return None
    if stored is not None and _hasher.check_needs_rehash(stored):
        with session_scope(engine) as session:
            found = session.get(Person, person.id)
            if found is not None:
                found.password_hash = _hasher.hash(password)
                session.add(found)
    return person.id


def link_holder(engine: Engine, token: str) -> Person | None:
    """The user whose unexpired, unused sign-in link this is."""
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.link_hash == _link_hash(token))).first()
    if person is None or person.link_expires_at is None or not person.roles:
        return None
    return person if utc(person.link_expires_at) > datetime.now(UTC) else None


def redeem_link(engine: Engine, token: str, password: str) -> str | None:
    """Sets the link holder's password and uses the link up; their person id, or None for a
    link that is unknown, used or expired. Raises UserError for a password too short."""
    check_password_rule(password)
    with session_scope(engine) as session:
        person = session.exec(select(Person).where(Person.link_hash == _link_hash(token))).first()
        if person is None or person.link_expires_at is None or not person.roles:
            return None
        if utc(person.link_expires_at) <= datetime.now(UTC):
            return None
        person.password_hash = _hasher.hash(password)
        person.link_hash = None
        person.link_expires_at = None
        session.add(person)
        return person.id


def user_actor(person: Person) -> Actor:
    """A person acting on the pages: their roles; rules compare the person."""
    return Actor(
        kind=ActorKind.PERSON,
        id=person.id,
        name=person.name,
        roles=tuple(Role(r) for r in person.roles or []),
        person=person.id,
    )
