"""`tangkal users create | link`: the people who sign in to the pages (issue 16, README)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from core.domain import Role

users = typer.Typer(help="People who sign in to the pages", no_args_is_help=True)


def _where_pages_are() -> str:
    """Where people open the pages: the policy's pages_url, else the local API's address."""
    from core.cli import _policy, _settings

    settings = _settings()
    pages = _policy(settings).slack.pages_url
    return (pages or f"http://127.0.0.1:{settings.api_port}").rstrip("/")


def _print_link(token: str, name: str) -> None:
    from core.users import LINK_LIFETIME

    hours = int(LINK_LIFETIME.total_seconds() // 3600)
    typer.echo(f"{_where_pages_are()}/login/link/{token}")
    typer.echo(
        f"a one-time sign-in link for {name}, valid {hours} h: they open it and choose a password",
        err=True,
    )


@users.command("create")
def create_user(
    name: Annotated[str, typer.Option("--name", help="the person's name, as they sign in")],
    role: Annotated[list[Role], typer.Option("--role", help="repeatable")],
    slack_user: Annotated[
        str | None, typer.Option("--slack-user", help="the same person's Slack user id")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from stdin")
    ] = False,
) -> None:
    """Create a user of the pages. With --password-stdin the password is read from stdin;
    without it, a one-time sign-in link is printed. A person who has API keys (same name)
    becomes a page user; their keys stay theirs."""
    from core.key_commands import _keys_engine
    from core.persons import PersonError
    from core.users import UserError
    from core.users import create_user as make

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        made = make(_keys_engine(), name, role, slack_user, password)
    except (UserError, PersonError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    roles = ", ".join(sorted(r.value for r in role))
    typer.echo(f"user {made.name} ({made.person_id}): {roles}", err=True)
    if made.link_token is not None:
        _print_link(made.link_token, made.name)


@users.command("link")
def new_link(name: Annotated[str, typer.Option("--name")]) -> None:
    """A new one-time sign-in link for a user (a forgotten password); the old password stays
    until they choose a new one."""
    from core.key_commands import _keys_engine
    from core.users import UserError
    from core.users import new_link as make

    try:
        token = make(_keys_engine(), name)
    except UserError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    _print_link(token, name)
