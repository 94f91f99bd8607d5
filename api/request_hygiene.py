"""Control characters in a request's path, query or `Idempotency-Key` are refused before any
route runs: 422, naming where. Bodies are checked by their models (`api.schemas.Request`).

A path or query parameter reaches the database as it came (`GET /incidents/%00` looked the
incident up by that id), and PostgreSQL refuses NUL in any text: without this it was a 500.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from api.problems import problem_response
from core.text_hygiene import control_problem, normalised


def _first_problem(scope: Scope) -> tuple[str, str] | None:
    """(where, what) of the first control character in the path, query or key, or None."""
    problem = control_problem(scope.get("path", ""), multiline=False)
    if problem:
        return "path", problem
    query = scope.get("query_string", b"").decode("utf-8", "replace")
    for name, value in parse_qsl(query, keep_blank_values=True):
        problem = control_problem(name, multiline=False) or control_problem(value)
        if problem:
            return normalised(name, "?")[:40] or "query", problem
    for header, value in scope.get("headers", ()):
        if header == b"idempotency-key":
            problem = control_problem(value.decode("latin-1"), multiline=False)
            if problem:
                return "Idempotency-Key", problem
    return None


class RefuseControlCharacters:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = _first_problem(scope) if scope["type"] == "http" else None
        if found is None:
            await self.app(scope, receive, send)
            return
        where, problem = found
        response = problem_response(
            422,
            f"{where}: {problem}",
            code="invalid_request",
            errors=[{"field": where, "message": problem}],
        )
        await response(scope, receive, send)
