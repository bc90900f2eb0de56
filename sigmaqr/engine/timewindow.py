"""AQL time ranges: ``LAST n MINUTES|HOURS|DAYS``, ``START .. STOP ..`` and ``PARSEDATETIME``.

Times are epoch milliseconds and UTC. ``LAST n UNIT`` covers ``(now - n UNIT, now]``.
``START a STOP b`` covers ``[a, b)``; a literal written to the minute covers whole minutes
(IBM: ``START '2014-04-25 15:51' STOP '2014-04-25 17:00'`` returns 15:51:00 to 16:59:59).
STOP defaults to now.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from sigmaqr.engine.errors import EngineError

__all__ = ["last_window", "parse_datetime_reference", "parse_time_literal"]

_UNIT_MS = {
    "SECOND": 1000,
    "MINUTE": 60_000,
    "HOUR": 3_600_000,
    "DAY": 86_400_000,
    "WEEK": 604_800_000,
}
_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d-%H:%M:%S",
    "%Y:%m:%d-%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)
_AGO = re.compile(r"^(\d+)\s*(second|minute|hour|day|week)s?\s+ago$", re.IGNORECASE)


def last_window(amount: int, unit: str, now: int) -> tuple[int, int]:
    """Return the exclusive start and inclusive end of ``LAST amount unit``.

    Raises:
        EngineError: The unit is not MINUTES, HOURS or DAYS (singular and SECONDS accepted too).
    """
    scale = _UNIT_MS.get(unit.upper().removesuffix("S"))
    if scale is None or unit.upper().startswith("WEEK"):
        raise EngineError(f"unsupported time unit in LAST clause: {unit!r}")
    return now - amount * scale, now


def parse_time_literal(text: str) -> int:
    """Parse a START/STOP literal (``yyyy-MM-dd HH:mm[:ss]`` and the other documented forms).

    A trailing ``Z`` or ``z`` (UTC) is accepted; all times are UTC.

    Raises:
        EngineError: The text matches none of the documented formats.
    """
    cleaned = text.strip().removesuffix("Z").removesuffix("z").strip()
    if re.fullmatch(r"\d{10,}", cleaned):
        return int(cleaned)
    for fmt in _FORMATS:
        try:
            moment = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        return int(moment.replace(tzinfo=timezone.utc).timestamp() * 1000)
    raise EngineError(f"unrecognised time {text!r} (expected e.g. 'yyyy-MM-dd HH:mm:ss')")


def parse_datetime_reference(text: str, now: int) -> int:
    """Evaluate ``PARSEDATETIME('...')``: ``now``, ``n units ago`` or an absolute time.

    Raises:
        EngineError: The reference is not understood.
    """
    cleaned = text.strip()
    if cleaned.lower() == "now":
        return now
    ago = _AGO.match(cleaned)
    if ago:
        return now - int(ago.group(1)) * _UNIT_MS[ago.group(2).upper()]
    return parse_time_literal(cleaned)
