"""`GET /outbox`: the console outbox, where notices go when Slack is not configured (admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlmodel import Session, col, select

from api.deps import ServicesDep, allowed
from core.db import utc
from core.domain import Actor
from core.incident_ids import MAX_LENGTH
from core.roles import Action
from core.tables import OutboxMessage

router = APIRouter(tags=["operations"])


class OutboxEntry(BaseModel):
    id: str
    incident_id: str
    channel: str
    text: str
    at: datetime


@router.get("/outbox", response_model=list[OutboxEntry])
def list_outbox(
    services: ServicesDep,
    _: Annotated[Actor, allowed(Action.ADMINISTER)],
    incident_id: Annotated[str | None, Query(max_length=MAX_LENGTH)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OutboxEntry]:
    query = select(OutboxMessage).order_by(col(OutboxMessage.at).desc()).limit(limit)
    if incident_id:
        query = query.where(OutboxMessage.incident_id == incident_id)
    with Session(services.engine) as session:
        rows = session.exec(query).all()
    return [
        OutboxEntry(
            id=r.id, incident_id=r.incident_id, channel=r.channel, text=r.text, at=utc(r.at)
        )
        for r in rows
    ]
