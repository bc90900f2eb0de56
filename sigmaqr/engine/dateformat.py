"""Java ``SimpleDateFormat`` formatting, for AQL ``DATEFORMAT(time, 'pattern')``.

Times are epoch milliseconds, formatted in UTC with the US-English locale (week starts on
Sunday, week 1 is the week holding January 1st). Pattern letters follow the Java documentation;
text in single quotes is literal and ``''`` is a quote. An unknown letter raises
:class:`EngineError`, as Java raises ``IllegalArgumentException``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

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


def _zone(letter: str, count: int) -> str:
    if letter == "z":
        return "Coordinated Universal Time" if count >= 4 else "UTC"
    if letter == "Z":
        return "+0000"
    return "Z"


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
    "z": lambda d, n: _zone("z", n),
    "Z": lambda d, n: _zone("Z", n),
    "X": lambda d, n: _zone("X", n),
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


def format_time(millis: int, pattern: str) -> str:
    """Format epoch milliseconds with a Java ``SimpleDateFormat`` pattern, in UTC.

    Args:
        millis: Milliseconds since 1970-01-01T00:00:00Z.
        pattern: e.g. ``yyyy-MM-dd HH:mm:ss`` or ``EEE, d MMM yyyy hh:mm a``.

    Raises:
        EngineError: The pattern has an unknown letter or an unterminated quote.
    """
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=millis)
    return "".join(
        text if letter is None else _FIELDS[letter](moment, count)
        for text, letter, count in _compile(pattern)
    )
