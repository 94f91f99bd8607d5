"""The organisation's officials and agencies as a claim names them (from the policy).

A claim targets an official when it names the full title ("Bupati Badung"), the title alone
("bupati yg nyuruh ...", but not "Bupati Lamongan": another place follows), the name, or an
alias. Their names are also entity slots (`core.detection.entities`): "Pak Darma" is the
Bupati of this regency, so his fake account is not the fake account of another regency's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.detection.entities import Known
from core.detection.lexicon import STOPWORDS
from core.detection.text import normalize
from core.policy import Organization


@dataclass(frozen=True)
class _Person:
    label: str  # as the policy writes the title
    title: str  # normalised: "bupati badung"
    names: tuple[str, ...]  # normalised names and aliases


_Key = tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]


def _key(organization: Organization) -> _Key:
    """The policy's lists as a hashable key (the policy model itself holds lists)."""
    officials = tuple((o.title, (o.name, *o.aliases)) for o in organization.officials)
    return officials, tuple(organization.leaders)


@lru_cache(maxsize=64)
def _people_of(key: _Key) -> tuple[_Person, ...]:
    officials, leaders = key
    people = [
        _Person(title, normalize(title), tuple(normalize(n) for n in names))
        for title, names in officials
    ]
    listed = {p.title for p in people}
    people += [
        _Person(leader, normalize(leader), ())
        for leader in leaders
        if normalize(leader) not in listed
    ]
    return tuple(p for p in people if p.title)


def _people(organization: Organization) -> tuple[_Person, ...]:
    return _people_of(_key(organization))


def _has(padded: str, phrase: str) -> bool:
    return bool(phrase) and f" {phrase} " in padded


def _title_alone(normalized: str, person: _Person) -> bool:
    """ "bupati" followed by nothing that names another place or person."""
    word, _, rest = person.title.partition(" ")
    if not rest:
        return False  # a one-word title ("Sekda") is matched in full already
    others = set(rest.split()) | {w for name in person.names for w in name.split()}
    for found in re.finditer(rf"\b{re.escape(word)}\b", normalized):
        following = normalized[found.end() :].split()[:1]
        if not following or following[0] in STOPWORDS or following[0] in others:
            return True
    return False


def targets(normalized: str, organization: Organization) -> list[str]:
    """The organisation and the officials the claim names, as the policy writes them."""
    padded = f" {normalized} "
    found = [organization.name] if _has(padded, normalize(organization.name)) else []
    for person in _people(organization):
        named = _has(padded, person.title) or any(_has(padded, n) for n in person.names)
        if named or _title_alone(normalized, person):
            found.append(person.label)
    return list(dict.fromkeys(found))


def known_entities(organization: Organization) -> Known:
    """Names and aliases of the officials -> the official slot of their title."""
    return tuple(
        (name, ("official", person.title))
        for person in _people(organization)
        for name in person.names
        if name
    )


def named_authorities(normalized: str, organization: Organization) -> list[str]:
    """The organisation's agencies and officials the claim names, as the policy writes them."""
    padded = f" {normalized} "
    found = [a for a in organization.agencies if _has(padded, normalize(a))]
    return list(dict.fromkeys([*found, *targets(normalized, organization)]))
