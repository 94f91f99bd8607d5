"""Persons: the one human behind API keys and a Slack user (SPEC §2, "one person counts once").

Every API key belongs to a person; a person may be linked to one Slack user, whose clicks are
then that person's. A Slack user of the policy's [people] linked to no person is a person of
their own. `Actor.person` carries the person's id, and `Actor.who` is what rules compare.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlmodel import Session, col, select

from core.db import table_of
from core.tables import ApiKey, Person


class PersonError(ValueError):
    """A request that would make one human two persons, or name no person: said plainly."""


def new_person(session: Session, name: str, slack_user: str | None) -> Person:
    if session.exec(select(Person).where(Person.name == name)).first() is not None:
        raise PersonError(
            f"a person named {name!r} already exists; to give them another key, use "
            f"--person {name!r} (a second person of the same name would count twice)"
        )
    if slack_user:
        _refuse_linked(session, slack_user, None)
    person = Person(
        id="per_" + secrets.token_hex(6),
        name=name,
        slack_user=slack_user or None,
        created_at=datetime.now(UTC),
    )
    session.add(person)
    return person


def existing_person(session: Session, name: str, slack_user: str | None) -> Person:
    person = session.exec(select(Person).where(Person.name == name)).first()
    if person is None:
        raise PersonError(f"no person named {name!r}; create them with --name {name!r}")
    if slack_user and person.slack_user != slack_user:
        if person.slack_user:
            raise PersonError(
                f"{name!r} is linked to the Slack user {person.slack_user}, not {slack_user}"
            )
        _refuse_linked(session, slack_user, person.id)
        person.slack_user = slack_user
        session.add(person)
    return person


def _refuse_linked(session: Session, slack_user: str, person_id: str | None) -> None:
    other = session.exec(select(Person).where(Person.slack_user == slack_user)).first()
    if other is not None and other.id != person_id:
        raise PersonError(f"the Slack user {slack_user} is already linked to {other.name!r}")


_persons = table_of(Person)
# Built once: every Slack interaction runs it.
_BY_SLACK_USER = sa.select(_persons.c.id).where(_persons.c.slack_user == sa.bindparam("slack_user"))


def person_of_slack_user(connection: Connection, slack_user: str) -> str | None:
    """The id of the person a Slack user is linked to; None for a person of their own."""
    if not slack_user:
        return None
    found = connection.execute(_BY_SLACK_USER, {"slack_user": slack_user}).scalar()
    return str(found) if found is not None else None


def people_with_roles(
    session: Session, roles: tuple[str, ...], slack_people: dict[str, list[str]] | None = None
) -> list[str]:
    """Names of the persons who hold any of `roles`: as page users, through a live API key,
    or through the policy's [people] table for their linked Slack user; sorted by name."""
    wanted = set(roles)
    found: set[str] = set()
    for person in session.exec(select(Person)).all():
        held = set(person.roles or [])
        if person.slack_user and slack_people:
            held |= set(slack_people.get(person.slack_user, []))
        if held & wanted:
            found.add(person.name)
    keyed = session.exec(
        select(Person.name, ApiKey.roles)
        .join(ApiKey, col(ApiKey.person_id) == col(Person.id))
        .where(col(ApiKey.revoked_at).is_(None))
    ).all()
    found |= {name for name, key_roles in keyed if set(key_roles or []) & wanted}
    return sorted(found)
