"""What the C2PA content credentials of an upload say: who signed them, with which app, what
was done to the picture, whether a trained model made it, and whether the signature holds.

The reading is done by c2pa-python (the c2pa-rs library behind ctypes). Three things about it
shape this module:

- It raises `C2paError.ManifestNotFound` when a file carries no manifest. That is the common
  case and is "absent", not an error. Every other `C2paError` becomes "unreadable" when the
  bytes hold a C2PA JUMBF box (the file claims credentials we could not read), else "absent".
- Left to its defaults it may go to the network: a manifest can point to a remote copy and
  certificates can be checked over OCSP. Both are turned off here, because an upload must
  never make Tangkal wait on a host the uploader chose.
- Its calls run in native code that Python cannot interrupt. A stuck call would hold its
  thread until it ends, so the caller's timeout (the Temporal activity's start_to_close) is
  the outer limit, and sizes are capped before we get here (facts.py). Each call builds its
  own Context and Reader and shares nothing, so calls from several threads at once are safe;
  a Reader must never be shared between threads, and none is.
"""

from __future__ import annotations

import functools
import json
import mmap
from pathlib import Path
from typing import Any

import c2pa

from core.media.types import ContentCredentials

# IPTC digital source types that mean a model made (part of) the content. They end the IPTC
# URI; the host and scheme have been written more than one way, so only the term is compared.
AI_SOURCE_TYPES = frozenset(
    {"trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia"}
)
# Validation codes that say only "we do not know this signer", not "this was tampered with".
TRUST_ONLY_CODES = frozenset({"signingCredential.untrusted"})
_OFFLINE = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
_ACTION_LABELS = ("c2pa.actions", "c2pa.actions.v2")


def read_credentials(
    path: Path, mime: str, *, trust_anchors_pem: str | None = None
) -> ContentCredentials:
    """Read the C2PA manifest store of the file at `path` (of type `mime`, as facts.py found).

    `validation`: "valid" when nothing failed (the signer is on a trust list: only possible
    with `trust_anchors_pem`, PEM certificates of the CAs to trust), "untrusted" when the only
    problem is an unknown signer, "invalid" when a hash or the signature fails, "unreadable"
    when the file claims a manifest the library cannot parse, "absent" when there is none or
    the format cannot carry one. Never raises for what is in the file."""
    if mime not in _supported_mime_types():
        return ContentCredentials(present=False)
    settings: dict[str, Any] = dict(_OFFLINE)
    if trust_anchors_pem:
        settings["trust"] = {"trust_anchors": trust_anchors_pem}
    try:
        store = _manifest_store(path, mime, settings)
    except c2pa.C2paError.ManifestNotFound:
        return ContentCredentials(present=False)
    except c2pa.C2paError as error:
        if not _claims_a_manifest(path):
            return ContentCredentials(present=False)
        return ContentCredentials(
            present=True, validation="unreadable", problems=(_error_kind(error),)
        )
    return _credentials_of(store)


def _manifest_store(path: Path, mime: str, settings: dict[str, Any]) -> dict[str, Any]:
    """The manifest store as the library reports it (Reader.json()), validation included."""
    with (
        c2pa.Context.from_dict(settings) as context,
        path.open("rb") as stream,
        c2pa.Reader(mime, stream, None, context) as reader,
    ):
        store = json.loads(str(reader.json()))
    if not isinstance(store, dict):
        raise c2pa.C2paError("Json: manifest store is not an object")
    return store


def _credentials_of(store: dict[str, Any]) -> ContentCredentials:
    manifests = _dict(store.get("manifests"))
    active = _dict(manifests.get(str(store.get("active_manifest"))))
    # validation_status lists what failed (and the untrusted signer); successes and
    # informational codes live only in validation_results.
    problems = tuple(
        dict.fromkeys(
            str(status.get("code"))
            for status in _dicts(store.get("validation_status"))
            if status.get("code")
        )
    )
    return ContentCredentials(
        present=True,
        signer=_signer(active),
        generator=_generator(active),
        actions=tuple(dict.fromkeys(str(a.get("action")) for a in _actions(active))),
        ai_generated=_made_by_a_model(active, manifests, seen=set()),
        validation=_validation(problems, store.get("validation_state")),
        problems=problems,
    )


def _validation(problems: tuple[str, ...], state: object) -> str:
    if not problems:
        # The library says "Invalid" with no code only if it changes its reporting; trust
        # the state over our reading of the codes then.
        return "invalid" if state == "Invalid" else "valid"
    if set(problems) <= TRUST_ONLY_CODES:
        return "untrusted"
    return "invalid"


def _signer(manifest: dict[str, Any]) -> str | None:
    """The signing certificate's organisation (c2pa calls it `issuer`) and its common name."""
    info = _dict(manifest.get("signature_info"))
    org, name = info.get("issuer"), info.get("common_name")
    if org and name and org != name:
        return f"{org} ({name})"
    return str(org or name) if (org or name) else None


def _generator(manifest: dict[str, Any]) -> str | None:
    """claim_generator_info's first entry (claims v2), else the v1 claim_generator string."""
    for info in _dicts(manifest.get("claim_generator_info")):
        if info.get("name"):
            return " ".join(str(info[key]) for key in ("name", "version") if info.get(key))
    generator = manifest.get("claim_generator")
    return str(generator) if generator else None


def _actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        action
        for assertion in _dicts(manifest.get("assertions"))
        if str(assertion.get("label")).split("__")[0] in _ACTION_LABELS
        for action in _dicts(_dict(assertion.get("data")).get("actions"))
        if action.get("action")
    ]


def _made_by_a_model(
    manifest: dict[str, Any], manifests: dict[str, Any], *, seen: set[str]
) -> bool:
    """A model made it if an action of this manifest, or an ingredient (its own manifest in
    the store, followed once each), names an AI digital source type."""
    if any(_is_ai_source(action.get("digitalSourceType")) for action in _actions(manifest)):
        return True
    for ingredient in _dicts(manifest.get("ingredients")):
        if _is_ai_source(ingredient.get("digitalSourceType")):
            return True
        label = str(ingredient.get("active_manifest") or "")
        if label and label not in seen and label in manifests:
            seen.add(label)
            if _made_by_a_model(_dict(manifests[label]), manifests, seen=seen):
                return True
    return False


def _is_ai_source(value: object) -> bool:
    return isinstance(value, str) and value.rstrip("/").rsplit("/", 1)[-1] in AI_SOURCE_TYPES


def _claims_a_manifest(path: Path) -> bool:
    """Whether the bytes hold a C2PA JUMBF box ('jumb' box type, 'c2pa' label). mmap keeps a
    scan of a large video cheap; a file that cannot be mapped claims nothing we can see."""
    try:
        with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as m:
            return m.find(b"jumb") >= 0 and m.find(b"c2pa") >= 0
    except (OSError, ValueError):
        return False


def _error_kind(error: Exception) -> str:
    """The library's error kind ("Verify", "Other", ...): its messages start with it."""
    return "c2pa." + (str(error).split(":", 1)[0].split(" ", 1)[0] or "Error")


@functools.cache
def _supported_mime_types() -> frozenset[str]:
    """The formats the library reads, asked for on first use rather than at import."""
    return frozenset(str(mime) for mime in c2pa.Reader.get_supported_mime_types())


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
