"""How Tangkal's values travel through Temporal: JSON as the SDK's default converter writes it,
less every dataclass field that holds its default.

Everything a workflow sends is kept in its history for as long as the history lives, and most
fields of a notice, a timeline entry or a write hold their default (no card, no actor, no new
decisions). Decoding needs nothing new: the SDK's JSON converter fills a field missing from the
JSON with its default, so any client or worker, with this converter or without, reads these
payloads, and this converter reads every payload written before it.

Decoding a dataclass, the SDK evaluates its type hints afresh each time (`get_type_hints`, every
annotation a string here): a third of the time to decode an incident's writes and notices.
`DataclassDecoder` decodes them as the SDK does, with each class's hints evaluated once.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, get_type_hints

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


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """Each field of a dataclass with its evaluated type and whether `__init__` takes it."""
    hints = get_type_hints(cls)
    return tuple((f.name, hints[f.name], f.init) for f in dataclasses.fields(cls))


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
        for name, field_hint, init in _fields(hint):
            if name in value:
                try:
                    converted = value_to_type(field_hint, value[name], [self])
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
