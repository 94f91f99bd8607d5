"""Who reads an API answer: the organisation's time zone, and its language unless the request's
`Accept-Language` asks for the other one (the pages use their `lang` cookie instead)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.deps import ServicesDep
from core.local_time import LocalClock


def requested_language(accept: str, default: str) -> str:
    first = accept.split(",")[0].split(";")[0].strip().lower()
    if first.startswith("en"):
        return "en"
    if first.startswith("id"):
        return "id"
    return default


async def reader_clock(request: Request, services: ServicesDep) -> LocalClock:
    organization = services.policy.organization
    lang = requested_language(request.headers.get("accept-language", ""), organization.language)
    return LocalClock(organization.timezone, lang)


ReaderDep = Annotated[LocalClock, Depends(reader_clock)]
