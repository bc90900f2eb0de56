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
