"""Media evidence over the API (issue 15): a file kept with its hash and served back as an
attachment, every upload and download on the timeline, hostile files refused with nothing
kept, the incident scored again with its media, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
import time
from typing import Any

import httpx
from PIL import Image

from tests import media_samples as samples
from tests.flow import LOW_CLAIM, auth, report, timeline, wait_for
from tests.support import Stack, stack_on_sqlite

PHOTO_CLAIM: dict[str, Any] = {
    **LOW_CLAIM,
    "claim": "Foto viral: air bah merendam Pasar Badung, pedagang diminta mengungsi malam ini",
}


def jpeg_of(picture: Image.Image, quality: int = 85) -> bytes:
    return samples.jpeg_bytes(picture, quality)


async def upload(
    http: httpx.AsyncClient,
    key: str,
    incident_id: str,
    content: bytes,
    name: str = "foto.jpg",
    note: str | None = None,
) -> httpx.Response:
    data = {"note": note} if note is not None else {}
    files = {"file": (name, content, "application/octet-stream")}
    return await http.post(
        f"/incidents/{incident_id}/media", files=files, data=data, headers=auth(key)
    )


async def events_of(http: httpx.AsyncClient, key: str, incident_id: str, kind: str) -> list[Any]:
    return [e for e in await timeline(http, key, incident_id) if e["type"] == kind]


async def wait_for_event(
    http: httpx.AsyncClient, key: str, incident_id: str, kind: str, media_id: str | None = None
) -> dict[str, Any]:
    """The last `kind` event (of the file `media_id`, if given), once there is one."""
    deadline = time.monotonic() + 30
    while not (
        found := [
            e
            for e in await events_of(http, key, incident_id, kind)
            if media_id is None or e["data"].get("media_id") == media_id
        ]
    ):
        assert time.monotonic() < deadline, f"no {kind} event on {incident_id}"
        await asyncio.sleep(0.1)
    event: dict[str, Any] = found[-1]
    return event


async def test_evidence_is_kept_served_as_an_attachment_and_in_the_chain_of_custody(
    stack: Stack,
) -> None:
    http, keys = stack.http, stack.keys
    claim = {**PHOTO_CLAIM, "claim": PHOTO_CLAIM["claim"] + f" ({stack.settings.task_queue})"}
    incident = await report(http, keys.officer, claim)
    await wait_for(http, keys.officer, incident["id"], stage="verification")
    photo = jpeg_of(samples.scene(11))

    taken = await upload(http, keys.officer, incident["id"], photo, note="dari grup WA warga")
    assert taken.status_code == 201, taken.text
    item = taken.json()
    assert item["sha256"] == hashlib.sha256(photo).hexdigest()
    assert (item["kind"], item["mime"], item["bytes"]) == ("image", "image/jpeg", len(photo))
    assert (item["width"], item["height"], item["duration_s"]) == (640, 480, None)
    assert item["content_credentials"]["present"] is False
    assert item["matches"] == [] and item["note"] == "dari grup WA warga"
    assert item["uploaded_by"]["name"] == "Petugas Humas"

    again = await upload(http, keys.verifier, incident["id"], photo, name="lagi.png")
    assert again.status_code == 200 and again.json()["id"] == item["id"]  # the same evidence
    refused = await upload(http, keys.approver, incident["id"], photo)
    assert refused.status_code == 403 and "menambahkan bukti media" in refused.json()["detail"]

    shown = (await http.get(f"/incidents/{incident['id']}", headers=auth(keys.leader))).json()
    assert [m["id"] for m in shown["media"]] == [item["id"]]

    download = await http.get(
        f"/incidents/{incident['id']}/media/{item['id']}", headers=auth(keys.approver)
    )
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == item["sha256"]
    assert download.headers["content-disposition"] == f'attachment; filename="{item["id"]}.jpg"'
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-type"] == "image/jpeg"
    missing = await http.get(
        f"/incidents/{incident['id']}/media/MD-000000000000", headers=auth(keys.approver)
    )
    assert missing.status_code == 404

    uploaded = await events_of(http, keys.leader, incident["id"], "media_uploaded")
    downloaded = await events_of(http, keys.leader, incident["id"], "media_downloaded")
    assert [(e["actor"]["name"], e["data"]["sha256"]) for e in uploaded] == [
        ("Petugas Humas", item["sha256"])
    ]
    assert [(e["actor"]["name"], e["data"]["sha256"]) for e in downloaded] == [
        ("Kabag Prokompim", item["sha256"])
    ]
    assert uploaded[0]["summary"].startswith(f"Bukti media {item['id']} diunggah · SHA-256 ")

    # A photo makes a text claim an image claim: scored again, with a timeline event.
    rescored = await wait_for_event(http, keys.leader, incident["id"], "media_rescored")
    assert rescored["data"]["risk_score"] > rescored["data"]["previous"]
    again_shown = (await http.get(f"/incidents/{incident['id']}", headers=auth(keys.leader))).json()
    assert again_shown["risk_score"] == rescored["data"]["risk_score"]
    media_factor = next(f for f in again_shown["risk_factors"] if f["factor"] == "media_type")
    assert media_factor["detail"] == "image"


async def test_hostile_files_are_refused_with_nothing_kept_and_the_api_keeps_serving(
    temporal: Any, receiver: Any, tmp_path: Any
) -> None:
    cap = 200_000
    async with stack_on_sqlite(
        temporal.client, tmp_path, receiver.url, max_media_bytes=cap
    ) as stack:
        http, keys = stack.http, stack.keys
        incident = await report(http, keys.officer, PHOTO_CLAIM)
        await wait_for(http, keys.officer, incident["id"], stage="verification")
        html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
        cases = [
            (html, "foto.jpg", 415, "unsupported_media_type", "HTML"),
            (samples.png_bomb(), "bom.png", 422, "media_bomb", "50000"),
            (samples.truncated_jpeg(), "potong.jpg", 422, "media_truncated", "JPEG"),
            (samples.jpeg_zip_polyglot(), "poli.jpg", 422, "media_polyglot", ""),
            (b"\xff\xd8\xff" + b"\0" * (cap + 10), "besar.jpg", 413, "media_too_large", "200,000"),
        ]
        for content, name, status, code, named in cases:
            answer = await upload(http, keys.officer, incident["id"], content, name=name)
            assert answer.status_code == status, (name, answer.text)
            problem = answer.json()
            assert problem["code"] == code and named in problem["detail"], problem
            assert answer.headers["content-type"] == "application/problem+json"
        no_file = await http.post(
            f"/incidents/{incident['id']}/media", data={"note": "x"}, headers=auth(keys.officer)
        )
        assert no_file.status_code == 422 and "file" in no_file.json()["detail"]
        unknown = await upload(http, keys.officer, "TK-20260101-ZZZZ", jpeg_of(samples.scene(2)))
        assert unknown.status_code == 404

        shown = (await http.get(f"/incidents/{incident['id']}", headers=auth(keys.officer))).json()
        assert shown["media"] == []  # nothing kept, nothing on the timeline
        assert not [
            e for e in await timeline(http, keys.officer, incident["id"]) if "media" in e["type"]
        ]
        assert not list((stack.settings.data_dir / "media").glob("*/*"))
        assert not list((stack.settings.data_dir / "incoming").glob("*"))

        fine = await upload(http, keys.officer, incident["id"], jpeg_of(samples.scene(2), 60))
        assert fine.status_code == 201, fine.text  # the API kept serving
