""" "Is this the same hoax?" for a report triage joined to an open incident as its duplicate.

A wrong join would leave a hoax nobody handles: the verifier says so, with a reason, and the
report is handled as an incident of its own (triaged again, never joined back to the same
incident). A right join is confirmed. Both are on the incident's timeline, in the reader's
words, and in `tangkal archive feedback export`.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

from tests.flow import CRITICAL_CLAIM, auth, report, timeline, wait_for
from tests.pages_flow import csrf_of, sign_in
from tests.processes import tangkal_env
from tests.support import Stack
from tests.test_words_shown import page_text, shown_wrongly

# A claim of this module's own (the PostgreSQL stack shares one database across tests: an
# open incident left here would join another test's report as its duplicate), then the same
# template at another polling station, reported by another officer: triage joins it to the
# first, where a real Humas team may know it is another event.
FIRST = {
    **CRITICAL_CLAIM,
    "claim": "Video viral: petugas PPS Desa Pecatu membawa kotak suara TPS 3 ke rumah caleg",
}
OTHER_TPS = {**FIRST, "claim": str(FIRST["claim"]).replace("TPS 3", "TPS 9")}
SAME_AGAIN = {**FIRST, "claim": str(FIRST["claim"]) + " tadi malam"}


async def test_a_wrong_duplicate_is_split_off_and_a_right_one_confirmed(stack: Stack) -> None:
    http, keys = stack.http, stack.keys
    original = (await report(http, keys.officer, FIRST))["id"]
    await wait_for(http, keys.officer, original, stage="verification")
    wrong = (await report(http, keys.officer2, OTHER_TPS))["id"]
    assert (await wait_for(http, keys.officer, wrong, stage="closed"))["duplicate_of"] == original
    right = (await report(http, keys.officer2, SAME_AGAIN))["id"]
    assert (await wait_for(http, keys.officer, right, stage="closed"))["duplicate_of"] == original

    path = f"/incidents/{original}/duplicates/{wrong}"
    reason = "TPS 7 di Kuta Utara, kejadian lain dari TPS 12"
    officer = await http.post(
        path, json={"decision": "reject", "reason": reason}, headers=auth(keys.officer)
    )
    assert officer.status_code == 403
    reasonless = await http.post(path, json={"decision": "reject"}, headers=auth(keys.verifier))
    assert reasonless.status_code == 422 and "reason" in reasonless.json()["detail"]
    unknown = await http.post(
        f"/incidents/{original}/duplicates/TK-NOTJOINED", json={"decision": "confirm"},
        headers=auth(keys.verifier),
    )  # fmt: skip
    assert unknown.status_code == 409 and "TK-NOTJOINED" in unknown.json()["detail"]

    rejected = await http.post(
        path, json={"decision": "reject", "reason": reason}, headers=auth(keys.verifier)
    )
    assert rejected.status_code == 200, rejected.text
    confirmed = await http.post(
        f"/incidents/{original}/duplicates/{right}",
        json={"decision": "confirm"},
        headers=auth(keys.verifier),
    )
    assert confirmed.status_code == 200, confirmed.text
    again = await http.post(
        path, json={"decision": "confirm"}, headers=auth(keys.verifier)
    )  # judged once
    assert again.status_code == 409 and "reject" in again.json()["detail"]

    events = {e["type"]: e for e in await timeline(http, keys.officer, original)}
    split_into = events["duplicate_rejected"]["data"]["split_into"]
    assert events["duplicate_rejected"]["summary"] == (
        f"Verifikator menilai laporan {wrong} bukan hoaks yang sama: {reason}; laporan itu"
        f" ditangani sebagai insiden {split_into}"
    )
    assert events["duplicate_rejected"]["actor"]["name"] == "Verifikator"
    assert events["duplicate_confirmed"]["summary"] == (
        f"Verifikator membenarkan: laporan {right} memang hoaks yang sama"
    )
    assert rejected.json()["message"] == f"report {wrong} handled as {split_into}"

    # The split report goes through triage on its own: not joined to the original again.
    split = await wait_for(http, keys.officer, split_into, stage="verification")
    assert split["split_from"] == wrong and split["duplicate_of"] is None
    assert split["claim"] == OTHER_TPS["claim"]
    first = (await timeline(http, keys.officer, split_into))[0]
    assert first["actor"]["name"] == "Petugas Kedua"  # the report is still its officer's
    assert first["summary"] == (
        f"Klaim dilaporkan lagi dari laporan {wrong}: verifikator menilainya bukan hoaks yang"
        " sama dengan insiden tempat ia digabung"
    )

    done = subprocess.run(
        [sys.executable, "-m", "core.cli", "archive", "feedback", "export"],
        env=tangkal_env(database_url=stack.settings.effective_database_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    shown = [
        (r["kind"], r["incident_id"], r["duplicate_id"], r["decision"], r["split_into"])
        for r in rows
    ]
    assert shown == [
        ("duplicate", original, wrong, "reject", split_into),
        ("duplicate", original, right, "confirm", ""),
    ]
    assert [r["duplicate_claim"] for r in rows] == [OTHER_TPS["claim"], SAME_AGAIN["claim"]]
    await _cancel(stack, original, split_into)


async def _cancel(stack: Stack, *incident_ids: str) -> None:
    """Nothing of this module's left open for the tests after it."""
    for incident_id in incident_ids:
        done = await stack.http.post(
            f"/incidents/{incident_id}/cancel",
            json={"reason": "uji selesai"},
            headers=auth(stack.keys.officer),
        )
        assert done.status_code == 200, done.text


async def test_the_verifier_judges_a_joined_report_on_the_verification_page(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    http, keys = stack.http, stack.keys
    original = (await report(http, keys.officer, FIRST))["id"]
    await wait_for(http, keys.officer, original, stage="verification")
    joined = (await report(http, keys.officer2, OTHER_TPS))["id"]
    await wait_for(http, keys.officer, joined, stage="closed")
    page = f"/view/incidents/{original}/verifikasi"
    async with sign_in(stack, keys.verifier) as verifier:
        html = (await verifier.get(page)).text
        shown = page_text(html)
        assert "Ya, hoaks yang sama" in shown and "Bukan hoaks yang sama" in shown
        action = f"/view/incidents/{original}/duplicates/{joined}"
        reasonless = await verifier.post(action, data=_form(html) | {"reason": " "})
        assert reasonless.status_code == 422
        assert "bukan hoaks yang sama" in page_text(reasonless.text)  # said on the page
        reason = "TPS 7 kejadian lain"
        # The form as the refusal showed it again (each form carries its own token).
        done = await verifier.post(action, data=_form(reasonless.text) | {"reason": reason})
        assert done.status_code == 303 and done.headers["location"] == f"{page}?judged=1"
        after = page_text((await verifier.get(page)).text)
    events = {e["type"]: e for e in await timeline(http, keys.officer, original)}
    split_into = events["duplicate_rejected"]["data"]["split_into"]
    assert f"bukan hoaks yang sama, ditangani sebagai {split_into}" in after
    assert "Ya, hoaks yang sama" not in after  # judged: no buttons any more
    assert shown_wrongly(after, original) == []
    await wait_for(http, keys.officer, split_into, stage="verification")
    await _cancel(stack, original, split_into)


def _form(html: str) -> dict[str, str]:
    token = re.search(r'name="form" value="([^"]+)"', html)
    assert token, "the page has no form token"
    return {"csrf": csrf_of(html), "form": token.group(1), "decision": "reject"}
