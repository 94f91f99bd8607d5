"""The baseline API: a bare FastAPI endpoint doing the same primary-key read as
`GET /incidents/{id}`, without auth, problem handling or the read model's joins."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from sqlalchemy import Engine
from sqlmodel import Session

from core.tables import Incident


def bare_status_app(engine: Engine) -> FastAPI:
    app = FastAPI()

    @app.get("/incidents/{incident_id}")
    def status(incident_id: str) -> dict[str, object]:
        with Session(engine) as session:
            row = session.get(Incident, incident_id)
        if row is None:
            raise HTTPException(404)
        return {"id": row.id, "stage": row.stage, "claim": row.claim}

    return app
