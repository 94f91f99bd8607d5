"""RFC 9457 problem details: every error the API returns has this one shape."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.words.problems import people_detail

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    410: "Gone",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


class FieldProblem(BaseModel):
    field: str
    message: str


class ProblemDetails(BaseModel):
    """An RFC 9457 problem, as every error answer carries it (`application/problem+json`)."""

    model_config = ConfigDict(title="Problem", extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str | None = None
    errors: list[FieldProblem] | None = None


class Problem(Exception):
    """Raise from any route: becomes a problem+json response."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.code = status, detail, code
        self.headers, self.extra = headers or {}, extra


def problem_response(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": people_detail(status, code, detail),
    }
    if code:
        body["code"] = code
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            exc.status, exc.detail, code=exc.code, headers=exc.headers, **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _field(err.get("loc", ())), "message": err.get("msg", "invalid")}
            for err in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem_response(422, detail, code="invalid_request", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))

    @app.exception_handler(OperationalError)
    async def _database_down(_: Request, exc: OperationalError) -> JSONResponse:
        return problem_response(
            503,
            "the database is unavailable; retry shortly",
            code="database_unavailable",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(DataError)
    async def _refused_by_database(_: Request, exc: DataError) -> JSONResponse:
        # The last line of defence, after each field's own validation (which names it): the
        # statement's transaction is rolled back, so nothing changed. Logged by kind only: the
        # statement and its parameters are never echoed or logged.
        log.warning("the database refused a value: %s", type(exc.orig).__name__)
        return problem_response(
            422,
            "a value in this request cannot be stored (for example a U+0000 character or a "
            "number out of range); nothing was changed",
            code="invalid_request",
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Never echo the exception: it may carry connection strings or tokens.
        return problem_response(500, "unexpected error; it has been logged", code="internal")


_PROBLEM_REF = "#/components/schemas/Problem"
_SECURITY = "apiKey"


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the problems a route answers with, besides those every route
    documents by itself (see `document_problems`)."""
    return {
        status: {
            "description": _TITLES[status],
            "content": {PROBLEM_JSON: {"schema": {"$ref": _PROBLEM_REF}}},
        }
        for status in statuses
    }


def _document_operation(path: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation["responses"]
    problem = problem_responses
    if "422" in responses or operation.get("parameters") or "requestBody" in operation:
        responses["422"] = problem(422)[422]  # FastAPI's own 422 is a problem here too
    if "requestBody" in operation:
        responses.setdefault("400", problem(400)[400])  # a body that is not even JSON text
        responses.setdefault("413", problem(413)[413])  # the body limit answers every route
    if "{incident_id}" in path:
        responses.setdefault("404", problem(404)[404])
    if "401" in responses:
        operation.setdefault("security", [{_SECURITY: []}])


def _hoist(schemas: dict[str, Any]) -> Any:
    def hook(node: dict[str, Any]) -> dict[str, Any]:
        schemas.update(node.pop("$defs", {}))
        return node

    return hook


def document_problems(app: FastAPI) -> None:
    """The OpenAPI document states the problems each operation answers with, as
    `application/problem+json` with the one `Problem` schema, and the bearer API key."""
    build = app.openapi

    def documented() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        components = schema.setdefault("components", {})
        shape = ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas = components.setdefault("schemas", {})
        schemas.update(shape.pop("$defs", {}))
        schemas["Problem"] = shape
        components.setdefault("securitySchemes", {})[_SECURITY] = {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Bearer <API key> (`tangkal keys create`)",
        }
        for path, item in schema["paths"].items():
            for operation in item.values():
                _document_operation(path, operation)
        # A body schema given inline (`openapi_extra`) keeps its models under its own `$defs`,
        # which "#/$defs/…" cannot reach from inside the document: they join the components.
        inline = json.dumps(schema["paths"])
        if '"$defs"' in inline:
            schema["paths"] = json.loads(
                inline.replace('"#/$defs/', '"#/components/schemas/'), object_hook=_hoist(schemas)
            )
        if "/HTTPValidationError" not in json.dumps(schema["paths"]):
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
        return schema

    app.openapi = documented  # type: ignore[method-assign]
