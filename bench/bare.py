"""The baseline API: a bare FastAPI endpoint doing the same primary-key read as
`GET /incidents/{id}`, without auth, problem handling or the read model's joins.

`python -m bench.bare PORT DATABASE_URL` serves it in a process of its own, with uvicorn's
settings of `tangkal api`.
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI, HTTPException
from sqlalchemy import Engine
from sqlmodel import Session

from core.db import engine_for
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

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


if __name__ == "__main__":
    port, database_url = int(sys.argv[1]), sys.argv[2]
    uvicorn.run(
        bare_status_app(engine_for(database_url)),
        host="127.0.0.1",
        port=port,
        log_level="info",
        timeout_graceful_shutdown=10,
    )
