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
takes a field's plain JSON value (a string, a number, a flag, null) as it is where the SDK
would return it unchanged.
"""

from __future__ import annotations

import dataclasses
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
_AS_IS = {str: str, bool: bool, int: int, float: float, type(None): type(None)}


def _taken_as_is(hint: Any) -> frozenset[type] | None:
    """The exact JSON value types that `value_to_type` would return unchanged for `hint`
    (`Any`; `str`, `bool`, `int`, `float`, None and their unions), else None. An `int` is
    not a `float`'s value as is (the SDK makes it a float), nor a `bool` an `int`'s."""
    if hint is Any:
        return _ANY_VALUE
    if hint in _AS_IS:
        return frozenset({hint})
    if get_origin(hint) in (Union, UnionType):
        kinds = [_taken_as_is(arg) for arg in get_args(hint)]
        if all(kind is not None and kind is not _ANY_VALUE for kind in kinds):
            return frozenset().union(*kinds)  # type: ignore[arg-type]
    return None


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, bool, frozenset[type] | None], ...]:
    """Each field of a dataclass with its evaluated type, whether `__init__` takes it, and
    the JSON value types it takes as they are (`_taken_as_is`)."""
    hints = get_type_hints(cls)
    return tuple(
        (f.name, hints[f.name], f.init, _taken_as_is(hints[f.name]))
        for f in dataclasses.fields(cls)
    )


class DataclassDecoder(JSONTypeConverter):
    """A dataclass from its JSON object, field by field as the SDK's `value_to_type` does it
    (unknown keys ignored, a missing field takes its default), with the hints evaluated once."""

    def to_typed_value(self, hint: type, value: Any) -> Any:
        if not (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
            return JSONTypeConverter.Unhandled
        if not isinstance(value, dict):
            raise TypeError(f"Cannot convert to dataclass {hint}, value is {type(value)} not dict")
        given: dict[str, Any] = {}
        later: dict[str, Any] = {}
        for name, field_hint, init, as_is in _fields(hint):
            if name not in value:
                continue
            raw = value[name]
            if as_is is not None and (as_is is _ANY_VALUE or type(raw) in as_is):
                converted = raw  # what `value_to_type` would return, without its walk
            else:
                try:
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
