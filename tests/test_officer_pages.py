"""The officer's pages over plain HTTP: a double submit reports once, a refused file or a bad
moment refuses the report and says why, forms need their token and pages their role, and
"my reports" lists only the person's own."""

from __future__ import annotations

from typing import Any

import httpx

from tests.flow import auth, report
from tests.pages_flow import RICE_CLAIM, csrf_of, incident_in_approval, sign_in
from tests.support import Stack, stack_on_sqlite
from tests.test_officer_pages_browser import CLAIM, photo
from tests.test_words_shown import RAW_WORD, page_text


async def _token(client: httpx.AsyncClient) -> str:
    form = await client.get("/lapor")
    assert form.status_code == 200, form.text
    return csrf_of(form.text)


def _fields(csrf: str, **more: str) -> dict[str, str]:
    return {"csrf": csrf, "claim": CLAIM, "platform": "facebook", "reach": "900", **more}


async def _incidents(stack: Stack) -> list[dict[str, Any]]:
    listed = await stack.http.get("/incidents", headers=auth(stack.keys.admin))
    items: list[dict[str, Any]] = listed.json()["items"]
    return items


async def test_a_double_submitted_report_is_one_incident_with_its_photo_once(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    jpeg = photo()
    async with sign_in(stack, stack.keys.officer) as officer:
        fields = _fields(await _token(officer), note="dari grup WA")
        files = {"file": ("jembatan.jpg", jpeg, "image/jpeg")}
        first = await officer.post("/lapor", data=fields, files=files)
        second = await officer.post("/lapor", data=fields, files=files)
    assert first.status_code == second.status_code == 303, first.text
    assert first.headers["location"] == second.headers["location"]
    (incident,) = await _incidents(stack)
    assert first.headers["location"] == f"/view/incidents/{incident['id']}"
    status = (
        await stack.http.get(f"/incidents/{incident['id']}", headers=auth(stack.keys.admin))
    ).json()
    assert [m["note"] for m in status["media"]] == ["dari grup WA"]
    assert status["reporter"]["name"] == "Petugas Humas" and status["reach"] == 900


async def test_a_refused_file_refuses_the_report_and_says_why(sqlite_stack: Stack) -> None:
    stack = sqlite_stack
    async with sign_in(stack, stack.keys.officer) as officer:
        fields = _fields(await _token(officer))
        files = {"file": ("foto.jpg", b"bukan gambar, hanya teks " * 40, "image/jpeg")}
        refused = await officer.post("/lapor", data=fields, files=files)
    assert refused.status_code == 415, refused.text
    assert "Berkas ditolak, laporan belum dikirim" in refused.text
    assert "Jenis berkas media tidak didukung" in refused.text
    assert CLAIM in refused.text  # the claim is kept in the form
    assert await _incidents(stack) == []


async def test_a_file_over_the_cap_is_refused_on_the_form_and_nothing_reported(
    temporal: Any, receiver: Any, tmp_path: Any
) -> None:
    cap = 200_000
    async with stack_on_sqlite(
        temporal.client, tmp_path, receiver.url, max_media_bytes=cap
    ) as stack:
        async with sign_in(stack, stack.keys.officer) as officer:
            fields = _fields(await _token(officer))
            big = {"file": ("besar.jpg", b"\xff\xd8\xff" + b"\0" * (cap + 10), "image/jpeg")}
            refused = await officer.post("/lapor", data=fields, files=big)
        assert refused.status_code == 413
        assert "Berkas media terlalu besar" in refused.text and "200,000" in refused.text
        assert CLAIM in refused.text
        assert await _incidents(stack) == []


async def test_a_moment_in_the_future_is_named_and_nothing_reported(sqlite_stack: Stack) -> None:
    stack = sqlite_stack
    async with sign_in(stack, stack.keys.officer) as officer:
        fields = _fields(await _token(officer), first_seen_at="2099-01-01T08:00", reach="banyak")
        refused = await officer.post("/lapor", data=fields)
    assert refused.status_code == 422
    assert "Pertama beredar (WITA)" in refused.text
    assert 'data-field="first_seen_at"' in refused.text and 'data-field="reach"' in refused.text
    assert 'data-field="claim"' not in refused.text
    assert await _incidents(stack) == []


async def test_forms_need_their_token_pages_their_role_and_my_reports_are_mine(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    async with sign_in(stack, stack.keys.officer) as officer:
        await _token(officer)
        forged = await officer.post("/lapor", data=_fields("not-the-token"))
        assert forged.status_code == 403
        assert await _incidents(stack) == []
        made = await officer.post("/lapor", data=_fields(await _token(officer)))
        assert made.status_code == 303
        mine = await officer.get("/laporan")
    other = await report(stack.http, stack.keys.officer2, RICE_CLAIM)
    mine_id = made.headers["location"].rsplit("/", 1)[1]
    assert f'data-id="{mine_id}"' in mine.text and CLAIM in mine.text
    async with sign_in(stack, stack.keys.officer2) as officer2:
        theirs = await officer2.get("/laporan")
    assert f'data-id="{other["id"]}"' in theirs.text and mine_id not in theirs.text
    async with sign_in(stack, stack.keys.leader) as leader:
        for path in ("/lapor", "/laporan", f"/view/incidents/{other['id']}/draft"):
            assert (await leader.get(path)).status_code == 403, path


async def test_the_officers_pages_show_labels_and_local_time_in_both_languages(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    async with sign_in(stack, stack.keys.officer) as officer:
        made = await officer.post("/lapor", data=_fields(await _token(officer)))
        incident = made.headers["location"]
        for lang, words in (("id", "Laporkan klaim"), ("en", "Report a claim")):
            await officer.get(f"/lang/{lang}")
            for path in ("/lapor", "/laporan", f"{incident}/draft"):
                page = await officer.get(path)
                assert page.status_code == 200, path
                text = page_text(page.text)
                # English labels are English words ("Awaiting verification"): raw values are
                # looked for in Bahasa Indonesia, where none of them is a word.
                if lang == "id":
                    assert not RAW_WORD.search(text), (path, RAW_WORD.findall(text))
                assert "UTC" not in text, (lang, path)
            assert words in (await officer.get("/lapor")).text
            assert "WITA" in page_text((await officer.get("/laporan")).text)


async def test_the_editor_saves_once_and_keeps_a_text_written_over_a_moved_draft(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    incident = await incident_in_approval(stack, RICE_CLAIM)
    path = f"/view/incidents/{incident['id']}/draft"
    v1 = incident["draft"]
    async with sign_in(stack, stack.keys.officer) as officer:
        editor = await officer.get(path)
        assert editor.status_code == 200 and f'value="{v1["hash"]}"' in editor.text
        fields = {
            "csrf": csrf_of(editor.text),
            "draft_hash": v1["hash"],
            "title": v1["title"],
            "body": v1["body"].replace("\n", "\r\n") + "\r\n\r\nDitambahkan petugas.",
            "language": "id",
        }
        saved = await officer.post(path, data=fields)
        twice = await officer.post(path, data=fields)  # a double submit: the same version
        assert saved.status_code == twice.status_code == 303, saved.text
        status = (
            await stack.http.get(f"/incidents/{incident['id']}", headers=auth(stack.keys.admin))
        ).json()
        assert status["draft"]["version"] == 2
        assert status["draft"]["body"] == v1["body"] + "\n\nDitambahkan petugas."  # LF kept

        # Written over v1 while v2 was saved: refused, the officer's text kept, v2 named.
        late = {**fields, "body": v1["body"] + "\n\nVersi lain."}
        moved = await officer.post(path, data=late)
        assert moved.status_code == 409
        assert "kini versi 2" in moved.text and "Versi lain." in moved.text
        empty = await officer.post(
            path, data={**fields, "draft_hash": status["draft"]["hash"], "title": ""}
        )
        assert empty.status_code == 422 and 'id="error-title"' in empty.text
    after = (
        await stack.http.get(f"/incidents/{incident['id']}", headers=auth(stack.keys.admin))
    ).json()
    assert after["draft"]["version"] == 2
