"""Text and URLs fit to store and to show: control characters found or normalised, links checked.

Refused in text (SPEC §8): U+0000 and the rest of the C0 set but tab, newline and carriage
return; DEL; the C1 set (U+0080 to U+009F, invisible and never typed by people); and lone
surrogates (U+D800 to U+DFFF), which `json.loads` lets through (a feed) but no UTF-8 database
can store. Where a value is one line (a title, a name), newline and carriage return are refused
too. PostgreSQL refuses NUL in any text, so one NUL that got through was a 500 at the API and a
persist activity retrying forever; the check is at every boundary, and what arrives from outside
without a person to tell (feeds) is normalised instead.

A URL is stored, and later shown as a link, only when it is plainly http(s): scheme http or
https, a host, no credentials, no whitespace, none of `|<>"\\` `` ` `` or control characters,
at most `MAX_URL` characters. `|` and `<>` are what break out of Slack's `<url|label>` syntax;
credentials (`https://kpu.go.id@evil.example`) are how a link disguises its real host.

Every search here is one linear pass of a regular expression without backtracking.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

MAX_URL = 2000
T = TypeVar("T")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAK = re.compile("[\n\r]")
_NOT_IN_URL = re.compile('[\x00-\x20\x7f-\x9f\ud800-\udfff|<>"\\\\`]|\\s')
_LABEL = re.compile(r"[^\W_]([\w-]*[^\W_])?")  # letters or digits, inner hyphens (IDN too)


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def control_problem(text: str, *, multiline: bool = True) -> str | None:
    """What is wrong with `text` (Bahasa Indonesia, then English), or None when it is clean."""
    found = _CONTROL.search(text)
    if found is None and not multiline:
        found = _LINE_BREAK.search(text)
        if found is not None:
            return (
                f"harus satu baris: ganti baris di posisi {found.start() + 1}"
                " (must be a single line)"
            )
    if found is None:
        return None
    code, position = _code(found.group()), found.start() + 1
    if "\ud800" <= found.group() <= "\udfff":  # half of a UTF-16 pair, alone
        kind_id, kind_en = "karakter tidak sah", "invalid character"
    else:
        kind_id, kind_en = "karakter kendali", "control character"
    return (
        f"berisi {kind_id} {code} di posisi {position}; hapus karakter itu"
        f" (contains {kind_en} {code} at position {position})"
    )


def normalised(text: str, replacement: str = " ") -> str:
    """`text` with every refused character replaced: for text from outside, where nobody can
    be asked to fix it (a feed item) or where it must be stored whatever it holds."""
    return _CONTROL.sub(replacement, text)


def url_problem(url: str) -> str | None:
    """Why `url` is not a plain http(s) URL (Bahasa Indonesia, then English), or None."""
    if len(url) > MAX_URL:
        return f"tautan lebih dari {MAX_URL} karakter (URL longer than {MAX_URL} characters)"
    bad = _NOT_IN_URL.search(url)
    if bad is not None:
        char = bad.group()
        shown = repr(char) if char.isprintable() and not char.isspace() else _code(char)
        return f"tautan berisi {shown}, tidak diizinkan (URL contains {shown}, not allowed)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return "bukan tautan yang sah (not a valid URL)"
    if parts.scheme not in ("http", "https"):
        return "harus tautan http:// atau https:// (must be an http(s) URL)"
    if "@" in parts.netloc:
        return "tautan tidak boleh memuat nama pengguna (URL must not carry credentials)"
    if not _valid_host(parts.hostname or "", bracketed=parts.netloc.startswith("[")):
        return "tautan tanpa nama host yang sah (URL without a valid host)"
    return None


def _valid_host(host: str, *, bracketed: bool) -> bool:
    if bracketed:  # an IPv6 literal, `[::1]`
        try:
            return ipaddress.ip_address(host).version == 6
        except ValueError:
            return False
    labels = host.removesuffix(".").split(".")
    return bool(host) and all(_LABEL.fullmatch(label) for label in labels)


def is_http_url(url: str) -> bool:
    return url_problem(url) is None


def scrubbed(value: T) -> T:
    """`value` (a str, or dataclasses, dicts, lists and tuples holding them) with every refused
    character of every string replaced by U+FFFD, so what is stored shows where it was. The
    same object when nothing needs replacing, which is nearly always: the boundaries refuse
    or normalise, and this is the last line before the database."""
    if not _dirty(value):
        return value
    return cast(T, _replaced(value))


def _dirty(value: Any) -> bool:
    if type(value) is str:
        return _CONTROL.search(value) is not None
    if isinstance(value, dict):
        return any(_dirty(key) or _dirty(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_dirty(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_dirty(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


def _replaced(value: Any) -> Any:
    if type(value) is str:  # exactly str: an enum member that is a str stays what it is
        return _CONTROL.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_replaced(key): _replaced(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_replaced(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f for f in dataclasses.fields(value) if f.init]
        return dataclasses.replace(
            value, **{f.name: _replaced(getattr(value, f.name)) for f in fields}
        )
    return value
