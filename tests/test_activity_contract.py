"""Every activity a workflow calls through `activities.contract` is registered by the worker
under the same name, taking and returning the same types: a mismatch would fail only at run
time, on a real incident, as a payload the other side cannot decode."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path
from typing import Any

import httpx
from temporalio import activity

from activities import contract
from core.db import engine_for
from core.policy import load_policy
from core.settings import Settings
from tests.support import write_policy
from worker.run import activities


def _shape(fn: Any) -> tuple[list[Any], Any]:
    hints = typing.get_type_hints(fn)
    parameters = [name for name in inspect.signature(fn).parameters if name != "self"]
    return [hints[name] for name in parameters], hints.get("return")


async def test_every_contract_activity_is_registered_with_its_signature(tmp_path: Path) -> None:
    policy = load_policy(write_policy(tmp_path, "http://127.0.0.1:9/hook"))
    engine = engine_for(f"sqlite:///{tmp_path / 'contract.db'}")
    async with httpx.AsyncClient() as http:
        bound = activities(engine, policy, http, None, Settings(data_dir=tmp_path))
    registered = {activity._Definition.must_from_callable(fn).name: fn for fn in bound}
    for stub in contract.CONTRACT:
        name = activity._Definition.must_from_callable(stub).name
        assert name in registered, f"the worker registers no activity {name!r}"
        assert _shape(registered[name]) == _shape(stub), f"{name}: signature differs"
    assert set(registered) - {
        activity._Definition.must_from_callable(s).name for s in contract.CONTRACT
    } == {
        "persist_incident"  # the frozen legacy workflow's, called by its name
    }
