"""How Tangkal's values travel through Temporal: JSON as the SDK's default converter writes it,
less every dataclass field that holds its default.

Everything a workflow sends is kept in its history for as long as the history lives, and most
fields of a notice, a timeline entry or a write hold their default (no card, no actor, no new
decisions). Decoding needs nothing new: the SDK's JSON converter fills a field missing from the
JSON with its default, so any client or worker, with this converter or without, reads these
payloads, and this converter reads every payload written before it.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from temporalio.converter import (
    AdvancedJSONEncoder,
    CompositePayloadConverter,
    DataConverter,
    DefaultPayloadConverter,
    JSONPlainPayloadConverter,
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


class CompactPayloadConverter(CompositePayloadConverter):
    """The SDK's default converters, its JSON one writing compact dataclasses."""

    def __init__(self) -> None:
        super().__init__(
            *(
                JSONPlainPayloadConverter(encoder=CompactJSONEncoder)
                if isinstance(converter, JSONPlainPayloadConverter)
                else converter
                for converter in DefaultPayloadConverter.default_encoding_payload_converters
            )
        )


DATA_CONVERTER = dataclasses.replace(
    DataConverter.default, payload_converter_class=CompactPayloadConverter
)
