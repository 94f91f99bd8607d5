"""`tangkal media official add | list`: the organisation's official media, against which an
upload is checked for altered copies (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.domain import SYSTEM
from core.settings import Settings

media = typer.Typer(
    help="Media evidence and the organisation's official media", no_args_is_help=True
)
official = typer.Typer(help="Official photos, videos and letterheads", no_args_is_help=True)
media.add_typer(official, name="official")


@official.command("add")
def add_official(
    file: Annotated[Path, typer.Argument(help="the image, video or audio file")],
    title: Annotated[str, typer.Option(help='what it is: "Foto resmi Bupati 2026"')],
) -> None:
    """Register an official item; prints its id and SHA-256."""
    from core.db import engine_for
    from core.media.evidence import register
    from core.media.locker import FileLocker
    from core.media.types import MediaRefused
    from core.migrate import migrate as run_migrations

    title = title.strip()
    if not title or "\n" in title or len(title) > 300:
        typer.echo("error: --title: one line of at most 300 characters", err=True)
        raise typer.Exit(2)
    if not file.is_file():
        typer.echo(f"error: {file}: no such file", err=True)
        raise typer.Exit(2)
    settings = Settings()
    run_migrations(settings.effective_database_url)
    try:
        item = register(
            engine_for(settings.effective_database_url),
            FileLocker(settings.data_dir / "media"),
            file,
            actor=SYSTEM,
            max_bytes=settings.max_media_bytes,
            official_title=title,
        )
    except MediaRefused as exc:
        typer.echo(f"error: {file}: {exc.found} ({exc.code})", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{item.id} {item.sha256} {item.kind} {title}")


@official.command("list")
def list_official() -> None:
    """Every official item: id, SHA-256, kind and title."""
    from sqlmodel import Session, col, select

    from core.db import engine_for
    from core.media.tables import MediaItem

    settings = Settings()
    with Session(engine_for(settings.effective_database_url)) as session:
        items = session.exec(
            select(MediaItem)
            .where(col(MediaItem.official_title).is_not(None))
            .order_by(col(MediaItem.created_at))
        ).all()
    for item in items:
        typer.echo(f"{item.id} {item.sha256} {item.kind} {item.official_title}")
