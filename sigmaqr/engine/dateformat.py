"""Java ``SimpleDateFormat`` formatting, for AQL ``DATEFORMAT(time, 'pattern')``.

Times are epoch milliseconds, formatted in UTC (or the zone given as DATEFORMAT's optional
third argument) with the US-English locale (week starts on
Sunday, week 1 is the week holding January 1st). Pattern letters follow the Java documentation;
text in single quotes is literal and ``''`` is a quote. An unknown letter raises
:class:`EngineError`, as Java raises ``IllegalArgumentException``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sigmaqr.engine.errors import EngineError

__all__ = ["format_time"]

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+|'")

_Field = Callable[[datetime, int], str]


def _number(value: int, width: int) -> str:
    return str(value).zfill(width)


def _sunday_week(day: datetime) -> tuple[int, int]:
    """Week-based year and week of year, US rules (Sunday first, minimal days 1)."""
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    if saturday.year != day.year:
        return saturday.year, 1
    jan1 = day.replace(month=1, day=1)
    offset = (jan1.weekday() + 1) % 7
    return day.year, (day.timetuple().tm_yday - 1 + offset) // 7 + 1


def _week_of_month(day: datetime) -> int:
    first = day.replace(day=1)
    return (day.day - 1 + (first.weekday() + 1) % 7) // 7 + 1


def _year(value: int, count: int) -> str:
    return _number(value % 100, 2) if count == 2 else _number(value, count)


def _month(day: datetime, count: int) -> str:
    if count >= 4:
        return _MONTHS[day.month - 1]
    return _MONTHS[day.month - 1][:3] if count == 3 else _number(day.month, count)


def _offset(day: datetime, colon: bool) -> str:
    offset = day.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{mins:02d}"


def _zone(day: datetime, letter: str, count: int) -> str:
    if letter == "z":
        name = day.tzname() or "UTC"
        return "Coordinated Universal Time" if count >= 4 and name == "UTC" else name
    if letter == "Z":
        return _offset(day, colon=False)
    if not day.utcoffset():
        return "Z"
    text = _offset(day, colon=count >= 3)
    return text[:3] if count == 1 else text


_FIELDS: dict[str, _Field] = {
    "G": lambda d, n: "AD",
    "y": lambda d, n: _year(d.year, n),
    "Y": lambda d, n: _year(_sunday_week(d)[0], n),
    "M": _month,
    "L": _month,
    "w": lambda d, n: _number(_sunday_week(d)[1], n),
    "W": lambda d, n: _number(_week_of_month(d), n),
    "D": lambda d, n: _number(d.timetuple().tm_yday, n),
    "d": lambda d, n: _number(d.day, n),
    "F": lambda d, n: _number((d.day - 1) // 7 + 1, n),
    "E": lambda d, n: _DAYS[d.weekday()] if n >= 4 else _DAYS[d.weekday()][:3],
    "u": lambda d, n: _number(d.isoweekday(), n),
    "a": lambda d, n: "AM" if d.hour < 12 else "PM",
    "H": lambda d, n: _number(d.hour, n),
    "k": lambda d, n: _number(d.hour or 24, n),
    "K": lambda d, n: _number(d.hour % 12, n),
    "h": lambda d, n: _number(d.hour % 12 or 12, n),
    "m": lambda d, n: _number(d.minute, n),
    "s": lambda d, n: _number(d.second, n),
    "S": lambda d, n: _number(d.microsecond // 1000, n),
    "z": lambda d, n: _zone(d, "z", n),
    "Z": lambda d, n: _zone(d, "Z", n),
    "X": lambda d, n: _zone(d, "X", n),
}


@functools.lru_cache(maxsize=256)
def _compile(pattern: str) -> tuple[tuple[str, str | None, int], ...]:
    parts: list[tuple[str, str | None, int]] = []
    for match in _TOKEN.finditer(pattern):
        text = match.group()
        if text == "'":
            raise EngineError(f"DATEFORMAT pattern {pattern!r}: unterminated quote")
        if text.startswith("'"):
            parts.append(("'" if text == "''" else text[1:-1].replace("''", "'"), None, 0))
        elif match.group(1):
            if match.group(1) not in _FIELDS:
                raise EngineError(f"DATEFORMAT pattern {pattern!r}: illegal letter {text[0]!r}")
            parts.append(("", match.group(1), len(text)))
        else:
            parts.append((text, None, 0))
    return tuple(parts)


@functools.lru_cache(maxsize=64)
def _timezone(name: str) -> tzinfo:
    if name.upper() in ("UTC", "GMT", "Z"):
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise EngineError(f"DATEFORMAT: unknown time zone {name!r}") from None


def format_time(millis: int, pattern: str, zone: str = "UTC") -> str:
    """Format epoch milliseconds with a Java ``SimpleDateFormat`` pattern.

    Args:
        millis: Milliseconds since 1970-01-01T00:00:00Z.
        pattern: e.g. ``yyyy-MM-dd HH:mm:ss`` or ``EEE, d MMM yyyy hh:mm a``.
        zone: IANA time zone name (``Europe/Paris``); UTC by default.

    Raises:
        EngineError: The pattern has an unknown letter or an unterminated quote, or the zone
            is unknown.
    """
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=millis)
    moment = moment.astimezone(_timezone(zone))
    return "".join(
        text if letter is None else _FIELDS[letter](moment, count)
        for text, letter, count in _compile(pattern)
    )
