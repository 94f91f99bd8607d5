"""Every time a person reads: in the organisation's time zone, with its label ("14.05 WITA",
"2 Desember 2026 14.05 WITA"), months by name, and countdowns whose units cannot be misread
("sisa 29 menit", "lewat 1 jam 5 menit"). Pages, cards, dossier and digest use only this."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
    "Desember".split(),
    "en": "January February March April May June July August September October November "
    "December".split(),
}
# Indonesia's three zones by their own names; elsewhere the zone's abbreviation or offset.
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
_UNITS = {
    "id": ("hari", "jam", "menit", "detik"),
    "en": ("d", "h", "min", "s"),
}


def aware(value: datetime | str) -> datetime:
    """A stored moment (ISO text or datetime; naive ones are UTC) as an aware datetime."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def zone_label(zone: str, at: datetime | None = None) -> str:
    if zone in ZONE_LABELS:
        return ZONE_LABELS[zone]
    local = (at or datetime.now(UTC)).astimezone(ZoneInfo(zone))
    name = local.tzname() or ""
    if name.isalpha():
        return name
    offset = local.utcoffset() or timedelta()
    hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
    return f"GMT{'+' if offset >= timedelta() else '-'}{abs(hours)}" + (
        f":{rest:02d}" if rest else ""
    )


def spelled_date(day: date, lang: str) -> str:
    """2 Desember 2026."""
    return f"{day.day} {MONTHS['en' if lang == 'en' else 'id'][day.month - 1]} {day.year}"


class LocalClock:
    """The organisation's clock, as its people read it."""

    def __init__(self, zone: str, lang: str = "id") -> None:
        self.zone, self.lang = zone, "en" if lang == "en" else "id"
        self._tz = ZoneInfo(zone)

    def local(self, value: datetime | str) -> datetime:
        return aware(value).astimezone(self._tz)

    def _hm(self, local: datetime) -> str:
        # Indonesian writes 14.05 (PUEBI); English 14:05.
        separator = ":" if self.lang == "en" else "."
        return f"{local.hour:02d}{separator}{local.minute:02d}"

    def time(self, value: datetime | str | None, *, seconds: bool = False) -> str:
        """14.05 WITA (14.05.09 WITA with seconds)."""
        if value is None:
            return "—"
        local = self.local(value)
        text = self._hm(local)
        if seconds:
            text += f"{':' if self.lang == 'en' else '.'}{local.second:02d}"
        return f"{text} {zone_label(self.zone, local)}"

    def date(self, value: datetime | str | None) -> str:
        """2 Desember 2026 (the local date)."""
        return spelled_date(self.local(value).date(), self.lang) if value is not None else "—"

    def moment(self, value: datetime | str | None) -> str:
        """2 Desember 2026 14.05 WITA."""
        if value is None:
            return "—"
        return f"{self.date(value)} {self.time(value)}"

    def short(self, value: datetime | str | None) -> str:
        """2 Des 14.05 WITA: for lines that repeat a day the reader already knows."""
        if value is None:
            return "—"
        local = self.local(value)
        month = MONTHS[self.lang][local.month - 1][:3]
        return f"{local.day} {month} {self.time(value)}"


def duration(seconds: float, lang: str, *, with_seconds: bool = False) -> str:
    """1 jam 5 menit; 29 menit 27 detik (with seconds); kurang dari 1 menit."""
    units = _UNITS["en" if lang == "en" else "id"]
    left = int(abs(seconds))
    days, left = divmod(left, 86_400)
    hours, left = divmod(left, 3_600)
    minutes, secs = divmod(left, 60)
    parts = [(days, units[0]), (hours, units[1]), (minutes, units[2])]
    if with_seconds:
        parts.append((secs, units[3]))
    shown = [f"{n} {unit}" for n, unit in parts if n]
    if shown:
        return " ".join(shown)
    if with_seconds:
        return f"0 {units[3]}"
    return "under 1 min" if lang == "en" else "kurang dari 1 menit"


_COUNTDOWN = {"id": ("sisa {}", "lewat {}"), "en": ("{} left", "{} overdue")}


def countdown_words(lang: str) -> dict[str, object]:
    """What the pages' live countdown script says, the same words as `countdown`."""
    lang = "en" if lang == "en" else "id"
    ahead, late = _COUNTDOWN[lang]
    return {"units": list(_UNITS[lang]), "ahead": ahead, "late": late}


def countdown(due: datetime | str, now: datetime, lang: str, *, with_seconds: bool = False) -> str:
    """ "sisa 29 menit" before the deadline, "lewat 1 jam 5 menit" after it."""
    left = (aware(due) - now).total_seconds()
    ahead, late = _COUNTDOWN["en" if lang == "en" else "id"]
    return (ahead if left >= 0 else late).format(duration(left, lang, with_seconds=with_seconds))
