"""`tangkal keys create | revoke | list`: API keys, each a person's (SPEC §7, docs/deploy.md)."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import Engine

from core.domain import Role
from core.settings import Settings

keys = typer.Typer(help="API keys, each belonging to a person", no_args_is_help=True)


def _settings() -> Settings:
    from core.cli import _settings as checked

    return checked()


def _keys_engine() -> Engine:
    from core.db import engine_for
    from core.migrate import migrate as run_migrations

    settings = _settings()
    run_migrations(settings.effective_database_url)
    return engine_for(settings.effective_database_url)


@keys.command("create")
def create_key(
    role: Annotated[list[Role], typer.Option("--role", help="repeatable")],
    name: Annotated[str | None, typer.Option("--name", help="a new person")] = None,
    person: Annotated[
        str | None, typer.Option("--person", help="another key for this existing person")
    ] = None,
    slack_user: Annotated[
        str | None, typer.Option("--slack-user", help="the same person's Slack user id")
    ] = None,
) -> None:
    """Create an API key; prints the key alone on stdout (it is not stored in clear).

    Every key belongs to a person, who counts once toward an approval whatever keys and
    Slack user they use: --name makes a new person, --person adds a key to one."""
    from core.keys import issue_key
    from core.persons import PersonError

    if (name is None) == (person is None):
        typer.echo("error: give either --name NAME (a new person) or --person NAME", err=True)
        raise typer.Exit(2)
    who = name or person or ""
    try:
        issued = issue_key(_keys_engine(), who, role, slack_user, for_person=person is not None)
    except PersonError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(issued.key)
    typer.echo(f"key {issued.key_id} for {issued.person_name} ({issued.person_id})", err=True)
    if issued.slack_user is None:
        typer.echo(
            f"note: {issued.person_name} is linked to no Slack user; if they also decide in "
            "Slack, add --slack-user U… (their Slack user would otherwise count as another "
            "person)",
            err=True,
        )


@keys.command("revoke")
def revoke_key(
    key_id: Annotated[str | None, typer.Argument(help="the key's id (key_…)")] = None,
    person: Annotated[str | None, typer.Option("--person", help="every key of this person")] = None,
) -> None:
    """Revoke a key (or all of a person's): refused from the next request on."""
    from core.keys import revoke_keys
    from core.persons import PersonError

    if (key_id is None) == (person is None):
        typer.echo("error: give either KEY_ID or --person NAME", err=True)
        raise typer.Exit(2)
    try:
        revoked = revoke_keys(_keys_engine(), key_id=key_id, person=person)
    except PersonError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{revoked} key(s) revoked" if revoked else "already revoked", err=True)


@keys.command("list")
def list_keys() -> None:
    """Keys with their person, roles and state (never the key itself)."""
    from core.keys import list_keys as all_keys

    for key, holder in all_keys(_keys_engine()):
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "live"
        who = f"{holder.name} ({holder.id})" if holder else key.name
        slack = holder.slack_user if holder and holder.slack_user else "-"
        typer.echo(f"{key.id}\t{who}\t{','.join(key.roles)}\t{slack}\t{state}")
