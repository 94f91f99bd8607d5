"""API hygiene: action Idempotency-Keys bound to their request, literal search, /metrics
behind a setting, and a private SQLite file."""

from __future__ import annotations

import stat
import uuid
from pathlib import Path

import httpx

from api.app import create_app
from core.db import engine_for
from core.domain import Role
from core.keys import create_key
from core.migrate import migrate
from core.settings import Settings
from tests.flow import LOW_CLAIM, auth, report, timeline
from tests.pages_flow import incident_in_approval
from tests.support import Stack

# Worded apart from other tests' claims (the PostgreSQL database is shared by the session).
TOLL_CLAIM = {**LOW_CLAIM, "claim": "Tarif tol Bali Mandara naik tiga kali lipat mulai Senin"}
EDIT = {"title": "[HOAKS] Tarif tol tidak naik", "body": "Faktanya tarif tetap.", "language": "id"}


async def test_an_action_key_reused_for_another_action_or_body_is_refused(stack: Stack) -> None:
    http, keys = stack.http, stack.keys
    incident = await incident_in_approval(stack, TOLL_CLAIM)
    path = f"/incidents/{incident['id']}"
    key = {**auth(keys.officer), "Idempotency-Key": "edit-" + uuid.uuid4().hex}
    edited = await http.put(f"{path}/draft", json=EDIT, headers=key)
    assert edited.status_code == 200 and edited.json()["message"] == "draft v2 saved"

    # The same key on a cancel: before, Temporal answered with the edit ("draft v2 saved")
    # and nothing was cancelled; now the caller is told, and nothing happens.
    cancel = await http.post(f"{path}/cancel", json={"reason": "salah lapor"}, headers=key)
    assert cancel.status_code == 422, cancel.text
    assert cancel.headers["content-type"] == "application/problem+json"
    assert "Idempotency-Key" in cancel.json()["detail"]
    other_body = await http.put(f"{path}/draft", json={**EDIT, "body": "Lain."}, headers=key)
    assert other_body.status_code == 422 and "Idempotency-Key" in other_body.json()["detail"]

    again = await http.put(f"{path}/draft", json=EDIT, headers=key)
    assert again.status_code == 200 and again.json()["message"] == "draft v2 saved"
    now = (await http.get(path, headers=auth(keys.leader))).json()
    assert now["stage"] == "approval" and now["draft"]["version"] == 2
    events = await timeline(http, keys.leader, incident["id"])
    assert not [e for e in events if e["type"] == "cancelled"]

    fresh = {**auth(keys.officer), "Idempotency-Key": "cancel-" + uuid.uuid4().hex}
    cancelled = await http.post(f"{path}/cancel", json={"reason": "salah lapor"}, headers=fresh)
    assert cancelled.status_code == 200 and cancelled.json()["incident"]["stage"] == "closed"


async def test_search_takes_percent_and_underscore_literally(stack: Stack) -> None:
    http, keys = stack.http, stack.keys
    marker = uuid.uuid4().hex[:8]
    discount = await report(
        http, keys.officer, {**LOW_CLAIM, "claim": f"Diskon 50% tiket Garuda {marker} hari ini"}
    )
    plain = await report(
        http, keys.officer, {**LOW_CLAIM, "claim": f"Pelabuhan Benoa ditutup {marker} sepekan"}
    )

    async def found(q: str) -> set[str]:
        page = await http.get(
            "/incidents", params={"q": q, "limit": 200}, headers=auth(keys.leader)
        )
        assert page.status_code == 200, page.text
        return {item["id"] for item in page.json()["items"]} & {discount["id"], plain["id"]}

    assert await found("%") == {discount["id"]}
    assert await found("50%") == {discount["id"]}
    assert await found("_") == set()
    assert await found(marker) == {discount["id"], plain["id"]}
    nul = await http.get("/incidents", params={"q": "a\x00b"}, headers=auth(keys.leader))
    assert nul.status_code == 422 and nul.json()["errors"][0]["field"] == "q"


async def test_an_incident_id_that_cannot_exist_is_a_4xx_not_a_server_error(stack: Stack) -> None:
    http, keys = stack.http, stack.keys
    # A control character is refused as such before any route runs (422 naming the path); an
    # id longer than any incident's names none (404).
    for bad, status in (("TK-A%00B", 422), ("TK-" + "X" * 60, 404)):
        for method, path in (
            ("GET", f"/incidents/{bad}"),
            ("GET", f"/incidents/{bad}/timeline"),
            ("GET", f"/incidents/{bad}/claimreview"),
            ("POST", f"/incidents/{bad}/cancel"),
        ):
            headers = {**auth(keys.officer), "Idempotency-Key": "batal-" + uuid.uuid4().hex}
            body = {"reason": "salah lapor"} if method == "POST" else None
            answer = await http.request(method, path, headers=headers, json=body)
            assert answer.status_code == status, (path, answer.text)
            assert answer.headers["content-type"] == "application/problem+json"
    outbox = await http.get(
        "/outbox", params={"incident_id": "TK-A\x00B"}, headers=auth(keys.admin)
    )
    assert outbox.status_code == 422 and outbox.json()["errors"][0]["field"] == "incident_id"


def _app_on(tmp_path: Path, **settings: object) -> httpx.AsyncClient:
    url = f"sqlite:///{tmp_path / 'tangkal.db'}"
    migrate(url)
    app = create_app(
        Settings(
            data_dir=tmp_path,
            database_url=url,
            policy_file=Path("tangkal.example.toml"),
            **settings,  # type: ignore[arg-type]
        )
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://tangkal")


async def test_metrics_answer_an_admin_key_or_the_scraper_token_unless_public(
    tmp_path: Path,
) -> None:
    scraper = "metrics-" + uuid.uuid4().hex
    async with _app_on(tmp_path / "closed", metrics_token=scraper) as closed:
        engine = engine_for(f"sqlite:///{tmp_path / 'closed' / 'tangkal.db'}")
        admin = create_key(engine, "Admin", [Role.ADMIN])
        officer = create_key(engine, "Petugas", [Role.OFFICER])
        anonymous = await closed.get("/metrics")
        assert anonymous.status_code == 401
        assert anonymous.headers["content-type"] == "application/problem+json"
        refused = await closed.get("/metrics", headers=auth(officer))
        assert refused.status_code == 403 and "admin" in refused.json()["detail"]
        assert (await closed.get("/metrics", headers=auth("wrong-" + scraper))).status_code == 401
        for key in (admin, scraper):
            shown = await closed.get("/metrics", headers=auth(key))
            assert shown.status_code == 200 and "tangkal_http_requests_total" in shown.text
    async with _app_on(tmp_path / "open", metrics_public=True) as public:
        shown = await public.get("/metrics")
        assert shown.status_code == 200 and "tangkal_incidents" in shown.text


def test_the_sqlite_database_is_created_readable_by_its_owner_alone(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    settings = Settings(data_dir=data_dir, policy_file=Path("tangkal.example.toml"))
    migrate(settings.effective_database_url)
    create_key(engine_for(settings.effective_database_url), "Admin", [Role.ADMIN])
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    files = [p for p in data_dir.iterdir() if p.name.startswith("tangkal.db")]
    assert files, "no database file was created"
    for path in files:  # the database, and its -wal and -shm files
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
