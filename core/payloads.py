"""How Tangkal's values travel through Temporal: JSON as the SDK's default converter writes it,
less every dataclass field that holds its default.

Everything a workflow sends is kept in its history for as long as the history lives, and most
fields of a notice, a timeline entry or a write hold their default (no card, no actor, no new
decisions). Decoding needs nothing new: the SDK's JSON converter fills a field missing from the
JSON with its default, so any client or worker, with this converter or without, reads these
payloads, and this converter reads every payload written before it.

Decoding a dataclass, the SDK evaluates its type hints afresh each time (`get_type_hints`, every
annotation a string here): a third of the time to decode an incident's writes and notices.
`DataclassDecoder` decodes them as the SDK does, with each class's hints evaluated once, and
decodes the shapes our payloads carry (plain values, string enums, nested dataclasses, lists
of them, JSON objects) directly, giving what the SDK gives; any other shape goes the SDK's way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import Enum
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from temporalio.converter import (
    AdvancedJSONEncoder,
    CompositePayloadConverter,
    DataConverter,
    DefaultPayloadConverter,
    JSONPlainPayloadConverter,
    JSONTypeConverter,
    value_to_type,
)

_NO_DEFAULT = object()


@cache
def _defaults(cls: type) -> tuple[tuple[str, Any], ...]:
    """Each field of a dataclass with the default it takes when the JSON leaves it out."""
    fields = []
    for field in dataclasses.fields(cls):
        if field.default is not dataclasses.MISSING:
            default = field.default
        elif field.default_factory is not dataclasses.MISSING:
            default = field.default_factory()
        else:
            default = _NO_DEFAULT
        fields.append((field.name, default))
    return tuple(fields)


class CompactJSONEncoder(AdvancedJSONEncoder):
    """A dataclass as the fields that differ from their defaults; nested values are encoded
    as JSON reaches them (so a nested dataclass is compact too)."""

    def default(self, o: Any) -> Any:
        if dataclasses.is_dataclass(o) and not isinstance(o, type):
            encoded = {}
            for name, default in _defaults(type(o)):
                value = getattr(o, name)
                if default is _NO_DEFAULT or value != default:
                    encoded[name] = value
            return encoded
        return super().default(o)


_ANY_VALUE = frozenset[type]()  # a field typed `Any`: whatever JSON gave is the value
# The JSON value types each plain hint accepts in `value_to_type` (it returns `int(value)` or
# `float(value)` for any of a number's, `bool` counting as one).
_ACCEPTS: dict[Any, frozenset[type]] = {
    str: frozenset({str}),
    bool: frozenset({bool}),
    int: frozenset({int, float, bool}),
    float: frozenset({int, float, bool}),
    type(None): frozenset({type(None)}),
}


def _taken_as_is(hint: Any) -> frozenset[type] | None:
    """The exact JSON value types that `value_to_type` returns unchanged for `hint` (`Any`;
    `str`, `bool`, `int`, `float`, None and their unions), else None. A union takes a value by
    its first member that accepts it, as the SDK tries them in order: in `int | bool` a `True`
    becomes 1, in `bool | int` it stays True."""
    if hint is Any:
        return _ANY_VALUE
    members = get_args(hint) if get_origin(hint) in (Union, UnionType) else (hint,)
    if not all(member in _ACCEPTS for member in members):
        return None
    decided: set[type] = set()
    unchanged: set[type] = set()
    for member in members:
        for kind in _ACCEPTS[member] - decided:
            decided.add(kind)
            if kind is member:
                unchanged.add(kind)
    return frozenset(unchanged)


_SLOW = object()  # the shortcut cannot tell: the SDK's `value_to_type` decides
Shortcut = Callable[["DataclassDecoder", Any], Any]


def _shortcut(hint: Any) -> Shortcut | None:
    """How a field of type `hint` decodes the JSON shapes our payloads carry, giving what
    `value_to_type` gives, or `_SLOW` for any other shape; None: always the SDK's way."""
    as_is = _taken_as_is(hint)
    if as_is is _ANY_VALUE:
        return lambda _, raw: raw
    if as_is is not None:
        return lambda _, raw: raw if type(raw) in as_is else _SLOW
    origin, args = get_origin(hint), get_args(hint)
    if isinstance(hint, type) and issubclass(hint, Enum) and issubclass(hint, str):
        return lambda _, raw: hint(raw) if type(raw) is str else _SLOW
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda decoder, raw: (
            decoder.to_typed_value(hint, raw) if type(raw) is dict else _SLOW
        )
    if origin in (Union, UnionType) and len(args) == 2 and type(None) in args:
        (other,) = (arg for arg in args if arg is not type(None))
        if isinstance(other, type) and dataclasses.is_dataclass(other):
            return lambda decoder, raw: (
                None if raw is None
                else decoder.to_typed_value(other, raw) if type(raw) is dict
                else _SLOW
            )  # fmt: skip
    if origin is dict and (not args or args == (str, Any)):
        return lambda _, raw: dict(raw) if type(raw) is dict else _SLOW  # a copy, as the SDK's
    if origin is list and len(args) == 1:
        (item,) = args
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return lambda decoder, raw: (
                [decoder.to_typed_value(item, one) for one in raw]
                if type(raw) is list and all(type(one) is dict for one in raw)
                else _SLOW
            )
        kinds = _taken_as_is(item)
        if kinds is not None and kinds is not _ANY_VALUE:
            return lambda _, raw: (
                list(raw) if type(raw) is list and all(type(one) in kinds for one in raw) else _SLOW
            )
    return None


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, bool, Shortcut | None], ...]:
    """Each field of a dataclass with its evaluated type, whether `__init__` takes it, and
    its shortcut (`_shortcut`)."""
    hints = get_type_hints(cls)
    return tuple(
        (f.name, hints[f.name], f.init, _shortcut(hints[f.name])) for f in dataclasses.fields(cls)
    )


class DataclassDecoder(JSONTypeConverter):
    """A dataclass from its JSON object, field by field as the SDK's `value_to_type` does it
    (unknown keys ignored, a missing field takes its default), with the hints evaluated once
    and the common shapes decoded without the SDK's general walk."""

    def to_typed_value(self, hint: type, value: Any) -> Any:
        if not (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
            return JSONTypeConverter.Unhandled
        if not isinstance(value, dict):
            raise TypeError(f"Cannot convert to dataclass {hint}, value is {type(value)} not dict")
        given: dict[str, Any] = {}
        later: dict[str, Any] = {}
        for name, field_hint, init, shortcut in _fields(hint):
            if name not in value:
                continue
            raw = value[name]
            try:
                converted = shortcut(self, raw) if shortcut is not None else _SLOW
                if converted is _SLOW:
                    converted = value_to_type(field_hint, raw, [self])
            except Exception as err:
                raise TypeError(f"Failed converting field {name} on dataclass {hint}") from err
            (given if init else later)[name] = converted
        decoded = hint(**given)
        for name, converted in later.items():
            object.__setattr__(decoded, name, converted)
        return decoded


class CompactPayloadConverter(CompositePayloadConverter):
    """The SDK's default converters, its JSON one writing compact dataclasses and decoding
    them with `DataclassDecoder`."""

    def __init__(self) -> None:
        super().__init__(
            *(
                JSONPlainPayloadConverter(
                    encoder=CompactJSONEncoder, custom_type_converters=[DataclassDecoder()]
                )
                if isinstance(converter, JSONPlainPayloadConverter)
                else converter
                for converter in DefaultPayloadConverter.default_encoding_payload_converters
            )
        )


DATA_CONVERTER = dataclasses.replace(
    DataConverter.default, payload_converter_class=CompactPayloadConverter
)
