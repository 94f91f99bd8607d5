"""Schemathesis over /openapi.json against the running stack, on SQLite and PostgreSQL.

Generated requests (valid and invalid bodies, parameters and headers) with a key holding
every role, aimed at a live incident: no answer may be a server error, and every answer must
be one the OpenAPI documents, with the documented content type and schema (problems as
`application/problem+json`). Bounded by a time budget and a fixed seed.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from core.db import engine_for
from core.domain import Role
from core.keys import create_key
from core.settings import Settings
from tests.fakes.webhook import WebhookReceiver
from tests.flow import LOW_CLAIM, auth, report, wait_for
from tests.support import Stack, running_stack

# Worded apart from other tests' claims: on the shared PostgreSQL database a similar open claim
# would make these duplicates.
TARGET = {**LOW_CLAIM, "claim": "Pesan berantai: PDAM Badung mematikan air selama tiga hari"}
AFTER = {**LOW_CLAIM, "claim": "Kabar bohong: pasar Kuta dipindah ke lapangan Puputan minggu ini"}
SIGNALS_SECRET_ENV = "TANGKAL_TEST_FUZZ_SIGNALS_SECRET"
SECONDS_PER_DATABASE = 30
HOSTILE = (
    "Klaim dengan \x00 di tengah kalimat",
    "\x00",
    "50% diskon_tiket %_\\",
    "baris\x1b[31m merah \x07\x7f",
    "<!channel> <@U0SEKDA> <https://evil.example|kpu.go.id>",
    "\U0001d57f\U0001d586\U0001d593\U0001d58c\U0001d590\U0001d586\U0001d591 \u202ekiri",
)
# Text that reaches the database or the workflow: these take a hostile value more often.
HOSTILE_FIELDS = (
    "query.q",
    "query.incident_id",
    "body.claim",
    "body.notes",
    "body.summary",
    "body.authority",
    "body.title",
    "body.body",
    "body.reason",
)
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


async def test_the_openapi_documents_each_error_answer_as_a_problem(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, policy_file=Path("tangkal.example.toml")))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tangkal") as http:
        spec = (await http.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    assert {"type", "title", "status", "detail"} <= set(schemas["Problem"]["properties"])
    assert "HTTPValidationError" not in schemas
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    documented: dict[str, set[str]] = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            name = f"{method.upper()} {path}"
            documented[name] = set(operation["responses"])
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    assert response["content"] == problem, (name, status)
            if "401" in operation["responses"]:
                assert operation["security"] == [{"apiKey": []}], name
    actions = ("verification", "decisions", "cancel", "schedule", "correction", "retraction")
    for action in actions:
        assert {"401", "403", "404", "409", "413", "422"} <= documented[
            f"POST /incidents/{{incident_id}}/{action}"
        ]
    assert {"401", "403", "404", "409", "422"} <= documented["PUT /incidents/{incident_id}/draft"]
    assert {"401", "403", "409", "413", "422"} <= documented["POST /incidents"]
    assert {"401", "404"} <= documented["GET /incidents/{incident_id}"]
    assert {"401", "403"} <= documented["GET /metrics"]


@pytest.fixture
async def fuzzed_stack(
    temporal: WorkflowEnvironment,
    own_database: str,
    receiver: WebhookReceiver,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Stack]:
    # /signals configured, so that it answers the unsigned fuzz with 401, not "not set up".
    os.environ[SIGNALS_SECRET_ENV] = "fuzz-signals-secret"
    # A database of its own: with the session's shared one, the incidents other tests left
    # open make every fuzzed report's triage scan them, and the worker fell behind (a verdict
    # answered 503 after 20 s, old code and new alike, depending on which tests ran before).
    async with running_stack(
        temporal.client,
        own_database,
        tmp_path_factory.mktemp("fuzz"),
        receiver.url,
        policy_extra=f'\n[monitoring]\nsignals_secret_env = "{SIGNALS_SECRET_ENV}"\n',
    ) as running:
        try:
            yield running
        finally:
            # An incident the run wedged would hold the worker's shutdown: end them all.
            await _terminate_running(temporal.client, running.settings.task_queue)


async def _terminate_running(client: Client, task_queue: str) -> None:
    query = f'TaskQueue = "{task_queue}" AND ExecutionStatus = "Running"'
    async for execution in client.list_workflows(query):
        await client.get_workflow_handle(execution.id).terminate("fuzz run over")


def _config(stack: Stack, key: str, incident_id: str) -> str:
    checks = "".join(f"{name}.enabled = true\n" for name in CHECKS)
    # TOML strings: JSON's escapes, astral characters as they are, DEL escaped too.
    hostile = ", ".join(
        json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f") for value in HOSTILE
    )
    bound = "\n".join(
        f'"{field}" = {{ dictionary = "hostile", probability = 0.3 }}' for field in HOSTILE_FIELDS
    )
    return f"""
base-url = "{stack.http.base_url}"
seed = 1207
max-time = {SECONDS_PER_DATABASE}
# One worker: Python 3.11's ast module (used by Hypothesis to describe filters) is not
# thread-safe, and two workers crash Schemathesis itself now and then.
workers = 1
request-timeout = 30
suppress-health-check = ["all"]

[headers]
Authorization = "Bearer {key}"

# Mostly the live incident, now and then whatever Hypothesis makes of an id.
[parameters]
"path.incident_id" = {{ dictionary = "incident", probability = 0.85 }}
{bound}

[generation]
database = "none"

# Now and then a string field takes one of these: what broke the API before (NUL on
# PostgreSQL, LIKE wildcards, other control characters, Slack mentions, astral characters).
[generation.dictionaries.string]
dictionary = "hostile"
probability = 0.25

[dictionaries.hostile]
values = [{hostile}]

[dictionaries.incident]
values = ["{incident_id}"]

[checks]
enabled = false
{checks}
"""


async def test_generated_requests_get_no_server_error_and_only_documented_answers(
    fuzzed_stack: Stack, tmp_path: Path
) -> None:
    stack = fuzzed_stack
    everything = create_key(engine_for(stack.settings.effective_database_url), "Fuzz", list(Role))
    target = await report(stack.http, stack.keys.officer, TARGET)
    await wait_for(stack.http, stack.keys.officer, target["id"], stage="verification")
    config = tmp_path / "schemathesis.toml"
    config.write_text(_config(stack, everything, target["id"]))
    run = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "st"),
        "--config-file",
        str(config),
        "--no-color",
        "run",
        # /healthz takes no input to fuzz, and its 503 is its answer while a dependency is
        # slow (the Temporal server past 3 s on a loaded machine); it is checked after the run.
        "--exclude-path",
        "/healthz",
        f"{stack.http.base_url}/openapi.json",
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(run.communicate(), SECONDS_PER_DATABASE + 90)
    except TimeoutError:
        run.kill()
        output, _ = await run.communicate()
    text = output.decode(errors="replace")
    print(text)  # shown with -s, and on failure
    assert run.returncode == 0, text[-12000:]
    # Nothing the run sent wedged its incident (a cancel is answered, not a 503) ...
    cancel = await stack.http.post(
        f"/incidents/{target['id']}/cancel",
        json={"reason": "uji otomatis selesai"},
        headers=auth(everything),
    )
    assert cancel.status_code in (200, 409), cancel.text
    # ... nor the stack: another incident is reported and triaged.
    after = await report(stack.http, stack.keys.officer, AFTER)
    await wait_for(stack.http, stack.keys.officer, after["id"], stage="verification")
    health = await stack.http.get("/healthz")
    assert health.status_code == 200, health.text
    assert (await stack.http.get("/incidents", headers=auth(everything))).status_code == 200
