"""Incident ids and publication keys, each written in one place (`core/incident_ids.py`,
`core.domain.publication_key`) and agreed on by everything that mints, checks or sends them."""

from __future__ import annotations

from core.domain import publication_key
from core.incident_ids import MAX_LENGTH, derived_incident_id, is_incident_id, random_incident_id


def test_every_id_minted_is_one_the_status_command_looks_up_and_the_database_holds() -> None:
    minted = {random_incident_id() for _ in range(200)}
    minted.add(derived_incident_id("key_abc", "lapor-1"))
    assert len(minted) == 201
    for incident_id in minted:
        assert is_incident_id(incident_id), incident_id
        assert incident_id.startswith("TK-") and len(incident_id) <= MAX_LENGTH


def test_a_report_retried_with_its_idempotency_key_gets_the_id_it_always_got() -> None:
    # The id of a report sent again across an upgrade must not change: a race of two retries
    # is settled by this id.
    assert derived_incident_id("key_abc", "lapor-1") == "TK-2ADUGJ247B"
    assert derived_incident_id("key_xyz", "lapor-1") != derived_incident_id("key_abc", "lapor-1")


def test_what_cannot_be_an_id_is_answered_without_looking() -> None:
    assert is_incident_id("TK-" + "A" * (MAX_LENGTH - 3))
    for text in ("TK-" + "A" * (MAX_LENGTH - 2), "tk-2adugj247b", "TK-", "2ADUGJ247B", "TK-AB CD"):
        assert not is_incident_id(text), text


def test_each_operation_on_a_channel_has_its_own_publication_key() -> None:
    assert publication_key("TK-2ADUGJ247B", 1, "website", "publication") == (
        "TK-2ADUGJ247B:v1:website"
    )
    assert publication_key("TK-2ADUGJ247B", 2, "website", "correction") == (
        "TK-2ADUGJ247B:v2:website"
    )
    assert publication_key("TK-2ADUGJ247B", 2, "website", "retraction") == (
        "TK-2ADUGJ247B:v2:website:retraction"
    )
