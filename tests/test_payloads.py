"""Tangkal's payload converter decodes every value exactly as the SDK's own does: the same
values of the same types, also where it takes a plain JSON value as it is."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.converter import DataConverter

from core.domain import NoticeKind
from core.payloads import DATA_CONVERTER


@dataclass
class Inner:
    count: int
    kind: NoticeKind = NoticeKind.CARD


@dataclass
class Shapes:
    whole: int
    share: float
    flag: bool
    name: str | None = None
    anything: Any = None
    nested: Inner | None = None
    items: list[Inner] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    kind: NoticeKind | None = None
    count_or_flag: int | bool = 0
    flag_or_count: bool | int = 0


def _payload(value: dict[str, Any]) -> Payload:
    return Payload(metadata={"encoding": b"json/plain"}, data=json.dumps(value).encode())


@pytest.mark.parametrize(
    "raw",
    [
        {"whole": 3, "share": 0.5, "flag": True, "name": "Bupati", "anything": {"a": [1]}},
        # A whole number where a float is meant becomes a float; a float where an int is
        # meant, an int: as the SDK does, never the JSON value as it came.
        {"whole": 3.0, "share": 2, "flag": False, "name": None},
        {"whole": 1, "share": 1.5, "flag": True, "nested": {"count": 2, "kind": "announce"}},
        {"whole": 1, "share": 0.0, "flag": False, "items": [{"count": 1}], "scores": {"x": 1}},
        {"whole": 1, "share": 1.0, "flag": True, "data": {"a": {"b": [1, None]}}, "tags": ["x"]},
        {"whole": 1, "share": 1.0, "flag": True, "nested": None, "kind": "card", "items": []},
        # Shapes the shortcuts leave to the SDK: a whole float for an int inside a list, ints
        # for the floats of a mapping.
        {"whole": 1, "share": 1.0, "flag": True, "items": [{"count": 1.0}], "scores": {"x": 1}},
        # A union takes a value by its first member that accepts it: True is 1 for `int | bool`.
        {"whole": 1, "share": 1.0, "flag": True, "count_or_flag": True, "flag_or_count": True},
        {"whole": 1, "share": 1.0, "flag": True, "count_or_flag": 2.0, "flag_or_count": 3},
    ],
)
def test_values_decode_as_the_sdk_decodes_them(raw: dict[str, Any]) -> None:
    ours = DATA_CONVERTER.payload_converter.from_payloads([_payload(raw)], [Shapes])[0]
    sdk = DataConverter.default.payload_converter.from_payloads([_payload(raw)], [Shapes])[0]
    assert ours == sdk
    assert [type(getattr(ours, f)) for f in vars(sdk)] == [type(getattr(sdk, f)) for f in vars(sdk)]
    assert type(ours.share) is float and type(ours.whole) is int
    assert all(type(item.count) is int for item in ours.items)
    assert all(type(score) is float for score in ours.scores.values())


def test_a_value_of_the_wrong_kind_is_refused_as_the_sdk_refuses_it() -> None:
    for wrong in (
        {"whole": "3", "share": 1.0, "flag": True},
        {"whole": 1, "share": 1.0, "flag": 1},
    ):
        for converter in (DATA_CONVERTER, DataConverter.default):
            with pytest.raises(Exception, match=r"whole|flag|nested|items|tags"):
                converter.payload_converter.from_payloads([_payload(wrong)], [Shapes])
