"""DATEFORMAT: Java SimpleDateFormat patterns, UTC."""

from __future__ import annotations

import pytest

from sigmaqr.engine import EngineError
from sigmaqr.engine.dateformat import format_time

MOMENT = 1_764_229_210_165
"""2025-11-27T07:40:10.165Z, a Thursday."""

PATTERNS: dict[str, tuple[str, str]] = {
    "IBM example (12-hour clock)": ("yyyy-MM-dd hh:mm:ss", "2025-11-27 07:40:10"),
    "24-hour clock and millis": ("yyyy-MM-dd HH:mm:ss.SSS", "2025-11-27 07:40:10.165"),
    "compact date": ("yyyyMMdd", "20251127"),
    "two-digit year": ("yy", "25"),
    "month names": ("MMM MMMM", "Nov November"),
    "day names": ("EEE EEEE", "Thu Thursday"),
    "day of year and week": ("D w W F u", "331 48 5 4 4"),
    "am/pm and hour forms": ("a h K k H", "AM 7 7 7 7"),
    "zones": ("z Z X", "UTC +0000 Z"),
    "quoted text": ("'at' HH 'o''clock'", "at 07 o'clock"),
    "lone doubled quote": ("''", "'"),
    "unpadded fields": ("M/d/y H:m:s", "11/27/2025 7:40:10"),
}


@pytest.mark.parametrize(("pattern", "expected"), PATTERNS.values(), ids=list(PATTERNS))
def test_pattern(pattern: str, expected: str) -> None:
    """Each pattern formats the reference moment as Java would (US locale, UTC)."""
    assert format_time(MOMENT, pattern) == expected


def test_week_year_at_year_end() -> None:
    """December 31st 2024 (a Tuesday) is in week 1 of week-year 2025."""
    assert format_time(1_735_603_200_000, "YYYY w yyyy") == "2025 1 2024"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("yyyy-bb", "illegal letter 'b'"), ("'open", "unterminated quote")],
    ids=["unknown letter", "unterminated quote"],
)
def test_bad_pattern(pattern: str, message: str) -> None:
    """Patterns Java rejects raise EngineError."""
    with pytest.raises(EngineError, match=message):
        format_time(MOMENT, pattern)


ZONES: dict[str, tuple[str, str, str]] = {
    "named zone": ("Europe/Paris", "yyyy-MM-dd HH:mm z Z", "2025-11-27 08:40 CET +0100"),
    "ISO offsets": ("Europe/Paris", "X XX XXX", "+01 +0100 +01:00"),
    "UTC is Z": ("UTC", "X XXX", "Z Z"),
    "negative offset": ("America/New_York", "HH:mm Z", "02:40 -0500"),
}


@pytest.mark.parametrize(("zone", "pattern", "expected"), ZONES.values(), ids=list(ZONES))
def test_time_zone(zone: str, pattern: str, expected: str) -> None:
    """DATEFORMAT's optional third argument names the time zone."""
    assert format_time(MOMENT, pattern, zone) == expected


def test_unknown_zone() -> None:
    """An unknown zone name is an EngineError."""
    with pytest.raises(EngineError, match="unknown time zone"):
        format_time(MOMENT, "HH", "Mars/Olympus")
