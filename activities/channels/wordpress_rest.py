"""Talking to a WordPress site's REST API as it is installed, whatever its permalinks.

Every request goes to `{site}/?rest_route=/wp/v2/…`: WordPress answers that address under
every permalink setting, where `/wp-json/` needs Apache's rewrite rules (Debian installs
WordPress with `/index.php/…` permalinks: `/wp-json/` is an Apache 404; with plain permalinks
WordPress answers it with the home page and a 200).

An answer that is not WordPress's JSON is a non-retryable error naming what came back; a
WordPress error names its code and message, and the common ones say what to fix, in Bahasa
Indonesia first. No message carries the application password.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from temporalio.exceptions import ApplicationError

from activities.errors import classify_response, classify_transport

# What a WordPress error code means for the person who has to fix it.
HINTS = {
    "rest_not_logged_in": (
        "WordPress menganggap Tangkal pengunjung tanpa login: nama pengguna atau application "
        "password salah, atau Application Passwords tidak tersedia (situs tanpa HTTPS) / "
        "header Authorization tidak diteruskan server (username or application password wrong)"
    ),
    "incorrect_password": "application password salah (wrong application password)",
    "invalid_username": "nama pengguna tidak dikenal (unknown username)",
    "rest_cannot_create": (
        "akun ini tidak boleh membuat pos, atau kredensialnya tidak diterima "
        "(the account may not create posts, or its credentials were not accepted)"
    ),
    "rest_cannot_publish": "akun ini tidak boleh menerbitkan pos (may not publish posts)",
    "rest_cannot_edit": "akun ini tidak boleh mengubah pos ini (may not edit this post)",
    "rest_cannot_delete": "akun ini tidak boleh menghapus pos ini (may not delete this post)",
    "rest_trash_not_supported": (
        "tempat sampah WordPress dimatikan (EMPTY_TRASH_DAYS=0): pos tidak ditarik; aktifkan "
        "tempat sampah atau turunkan pos secara manual, lalu coba lagi (trash disabled)"
    ),
    "rest_post_invalid_id": "pos tidak ada di situs (no such post)",
}
PERMANENT = {"rest_trash_not_supported"}


class WordPressRest:
    def __init__(
        self,
        http: httpx.AsyncClient,
        site: str,
        auth: httpx.BasicAuth,
        service: str,
        timeout: float,
    ) -> None:
        self._http = http
        self._site = site.rstrip("/") + "/"
        self._auth = auth
        self.service = service
        self._timeout = timeout

    async def call(
        self,
        method: str,
        route: str,
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        missing_ok: bool = False,
    ) -> Any:
        """The decoded JSON answer; `missing_ok`: WordPress's own "no such post" answers None
        (an Apache 404 or any other page is still an error)."""
        query = {**(params or {}), "rest_route": route}  # httpx replaces a URL's own query
        try:
            response = await self._http.request(
                method, self._site, params=query, json=body, auth=self._auth, timeout=self._timeout
            )
        except httpx.TransportError as exc:
            raise classify_transport(self.service, exc) from None
        document = _json_of(response)
        if (
            missing_ok
            and response.status_code in (404, 410)
            and _code(document)
            in (
                "rest_post_invalid_id",
                "rest_already_trashed",
            )
        ):
            return None
        if document is None and response.status_code < 500:
            raise self._not_wordpress(method, route, response)
        error = classify_response(self.service, response)
        if error is not None:
            raise self._explained(error, response.status_code, document)
        return document

    async def check_credentials(self) -> dict[str, Any]:
        """The account Tangkal posts as (`/users/me`), with its capabilities; a clear error
        before anything is posted when WordPress does not take the credentials."""
        me = await self.call("GET", "/wp/v2/users/me", params={"context": "edit"})
        if not isinstance(me, dict) or "id" not in me:
            raise ApplicationError(
                f"{self.service}: /users/me tidak menjawab akun WordPress (no account in the "
                "answer)",
                type="Misconfigured",
                non_retryable=True,
            )
        return me

    def _explained(self, error: ApplicationError, status: int, document: Any) -> ApplicationError:
        code = _code(document)
        message = document.get("message", "") if isinstance(document, dict) else ""
        parts = [f"{self.service}: WordPress menjawab HTTP {status}"]
        if code:
            parts.append(f"{code}")
        if hint := HINTS.get(code):
            parts.append(f"— {hint}")
        elif message:
            parts.append(f"— {_short(str(message))}")
        # 501 is the site's setting (trash disabled), not an outage: retrying cannot help.
        permanent = error.non_retryable or status == 501 or code in PERMANENT
        return ApplicationError(
            " ".join(parts),
            type="Rejected" if permanent else error.type,
            non_retryable=permanent,
            next_retry_delay=None if permanent else error.next_retry_delay,
        )

    def _not_wordpress(self, method: str, route: str, response: httpx.Response) -> ApplicationError:
        kind = response.headers.get("content-type", "tanpa Content-Type").split(";")[0]
        title = re.search(r"<title>(.*?)</title>", response.text[:4000], re.S | re.I)
        shown = f" «{_short(title[1])}»" if title else ""
        return ApplicationError(
            f"{self.service}: {method} {route} tidak dijawab REST API WordPress — HTTP "
            f"{response.status_code}, {kind}{shown}; periksa url kanal (alamat situs WordPress) "
            f"(not a WordPress REST answer)",
            type="NotWordPress",
            non_retryable=True,
        )


def _json_of(response: httpx.Response) -> Any:
    if "json" not in response.headers.get("content-type", ""):
        return None
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _code(document: Any) -> str:
    return str(document.get("code", "")) if isinstance(document, dict) else ""


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
