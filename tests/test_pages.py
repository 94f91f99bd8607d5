"""The leadership pages over real HTTP: sessions, CSRF, escaping, decisions and the dossier."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests.flow import auth, decide, wait_for
from tests.pages_flow import (
    RICE_CLAIM,
    SCRIPT_CLAIM,
    credentials,
    csrf_of,
    incident_in_approval,
    sign_in,
)
from tests.support import PASSWORD, Stack


async def test_pages_refuse_access_without_a_session(sqlite_stack: Stack) -> None:
    http = sqlite_stack.http
    for path in ("/", "/view/incidents/TK-ANY", "/view/metrics", "/view/incidents/X/dossier.pdf"):
        response = await http.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/login"
    async with httpx.AsyncClient(
        base_url=str(http.base_url), cookies={"tangkal_session": "eyJrIjoia2V5X3gifQ.deadbeef"}
    ) as forger:
        forged = await forger.get("/")
    assert forged.status_code == 303 and "Insiden" not in forged.text
    login = await http.get("/login")
    assert login.status_code == 200
    assert 'name="name"' in login.text and 'name="password"' in login.text


async def test_people_sign_in_with_their_name_and_password_and_keys_do_not_open_pages(
    sqlite_stack: Stack,
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    leader = credentials(keys.leader)
    wrong = await http.post("/login", data={**leader, "password": "bukan-sandinya-1234"})
    assert wrong.status_code == 401 and "Nama atau kata sandi salah" in wrong.text
    assert "set-cookie" not in wrong.headers
    # The name typed stays in the form; the password never comes back.
    assert f'value="{leader["name"]}"' in wrong.text and "bukan-sandinya" not in wrong.text
    nobody = await http.post("/login", data={"name": "Tidak Ada", "password": PASSWORD})
    assert nobody.status_code == 401 and "set-cookie" not in nobody.headers
    # An API key is for machines: typed as a password it signs nobody in.
    as_key = await http.post("/login", data={**leader, "password": keys.leader})
    assert as_key.status_code == 401
    # Every role has pages now: an officer signs in and sees the report form in the menu.
    async with sign_in(sqlite_stack, keys.officer) as officer:
        home = await officer.get("/")
        assert home.status_code == 200 and 'href="/lapor"' in home.text
    async with sign_in(sqlite_stack, keys.leader) as leader_client:
        cookie = leader_client.cookies.jar
        (session,) = [c for c in cookie if c.name == "tangkal_session"]
        assert PASSWORD not in (session.value or "")
        raw = (await leader_client.post("/login", data=leader)).headers["set-cookie"]
        assert "httponly" in raw.lower() and "samesite=strict" in raw.lower()
        page = await leader_client.get("/")
        assert page.status_code == 200 and "Perlu ditangani" in page.text
        english = await leader_client.get("/lang/en", follow_redirects=True)
        assert "Needing someone" in english.text
        csp = page.headers["content-security-policy"]
        (scripts,) = [d for d in csp.split(";") if d.strip().startswith("script-src")]
        assert "'nonce-" in scripts and "unsafe-inline" not in scripts
        refused = await leader_client.post("/logout")
        assert refused.status_code == 403
        signed_out = await leader_client.post("/logout", data={"csrf": csrf_of(page.text)})
        assert signed_out.status_code == 303
        assert (await leader_client.get("/")).headers["location"] == "/login"


async def test_claim_text_is_escaped_and_forms_need_the_csrf_token(sqlite_stack: Stack) -> None:
    stack = sqlite_stack
    incident = await incident_in_approval(stack, SCRIPT_CLAIM)
    async with sign_in(stack, stack.keys.approver) as approver:
        page = await approver.get(f"/view/incidents/{incident['id']}")
        assert page.status_code == 200
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page.text
        assert "<script>window.__pwned" not in page.text
        form = {"decision": "approve", "draft_hash": incident["draft"]["hash"]}
        for token in (None, "forged-token"):
            fields = form if token is None else {**form, "csrf": token}
            refused = await approver.post(f"/view/incidents/{incident['id']}/decision", data=fields)
            assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
        unchanged = await stack.http.get(
            f"/incidents/{incident['id']}", headers=auth(stack.keys.leader)
        )
        assert unchanged.json()["approvals"] == [] and unchanged.json()["stage"] == "approval"

        token = csrf_of(page.text)
        no_reason = await approver.post(
            f"/view/incidents/{incident['id']}/decision",
            data={**form, "decision": "request_changes", "csrf": token},
        )
        assert no_reason.status_code == 422 and 'id="refusal"' in no_reason.text
        assert "reason" in no_reason.text and 'id="decision-form"' in no_reason.text

        accepted = await approver.post(
            f"/view/incidents/{incident['id']}/decision", data={**form, "csrf": token}
        )
        assert accepted.status_code == 303
    closed = await wait_for(stack.http, stack.keys.leader, incident["id"], stage="closed")
    assert closed["resolution"] == "published"
    assert [a["actor"]["name"] for a in closed["decisions"]] == ["Kabag Prokompim"]


async def test_a_leader_without_the_approver_role_sees_no_decision_form(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    incident = await incident_in_approval(stack, SCRIPT_CLAIM)
    async with sign_in(stack, stack.keys.admin) as admin:
        page = await admin.get(f"/view/incidents/{incident['id']}")
        assert 'id="decision-form"' not in page.text
        refused = await admin.post(
            f"/view/incidents/{incident['id']}/decision",
            data={
                "decision": "approve",
                "draft_hash": incident["draft"]["hash"],
                "csrf": csrf_of(page.text),
            },
        )
        assert refused.status_code == 403 and "approver" in refused.json()["detail"]


async def test_dossier_names_who_approved_which_version_with_sla_and_links(
    stack: Stack,
) -> None:
    # On SQLite and PostgreSQL: the dossier and metrics queries must run on both.
    incident = await incident_in_approval(stack, RICE_CLAIM)
    draft = incident["draft"]
    approved = await decide(stack.http, stack.keys.approver, incident["id"], draft["hash"])
    assert approved.status_code == 200, approved.text
    await wait_for(stack.http, stack.keys.leader, incident["id"], stage="closed")
    async with sign_in(stack, stack.keys.leader) as leader:
        response = await leader.get(f"/view/incidents/{incident['id']}/dossier.json")
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        dossier = response.json()
        (decision,) = dossier["decisions"]
        assert decision["by"] == "Kabag Prokompim" and decision["decision"] == "approve"
        assert decision["draft_hash"] == draft["hash"] and decision["draft_version"] == 1
        stages = {s["stage"]: s for s in dossier["sla"]}
        assert {"triage", "verification", "approval", "publishing"} <= set(stages)
        assert stages["approval"]["sla_minutes"] == 60 and stages["approval"]["within_sla"]
        (publication,) = dossier["publications"]
        assert publication["status"] == "published" and publication["url"]
        assert publication["operation"] == "publication"
        assert dossier["final_text"]["title"] == draft["title"]

        pdf = await leader.get(f"/view/incidents/{incident['id']}/dossier.pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 2000
        if Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
            assert b"DejaVu" in pdf.content  # a Unicode font: Indonesian text prints whole
        missing = await leader.get("/view/incidents/TK-NOPE/dossier.json")
        assert missing.status_code == 404
        # The metrics queries on this database too (exact counts: see the metrics test).
        metrics = await leader.get("/view/metrics")
        assert metrics.status_code == 200 and 'class="bars"' in metrics.text


async def test_metrics_page_charts_durations_topics_and_platforms(sqlite_stack: Stack) -> None:
    stack = sqlite_stack  # a database of its own: the counts below are exact
    incident = await incident_in_approval(stack, SCRIPT_CLAIM)
    approved = await decide(
        stack.http, stack.keys.approver, incident["id"], incident["draft"]["hash"]
    )
    assert approved.status_code == 200
    await wait_for(stack.http, stack.keys.leader, incident["id"], stage="closed")
    async with sign_in(stack, stack.keys.leader) as leader:
        page = await leader.get("/view/metrics")
    assert page.status_code == 200
    for section in ("time_to_verify", "time_to_approve", "time_to_klarifikasi"):
        chunk = page.text.split(f'id="{section}"')[1].split("</section>")[0]
        # The severity by its label, never the raw value; one incident makes no p50/p90 and
        # draws no bar (no full-width bar for "0 / 0").
        assert "Rendah" in chunk and "1 insiden" in chunk, section
        assert "terlalu sedikit untuk p50/p90" in chunk and 'class="fill' not in chunk, section
        assert not re.search(r"\blow\b", chunk), section
    platforms = page.text.split('id="platforms"')[1].split("</section>")[0]
    assert "WhatsApp" in platforms and "whatsapp" not in platforms
