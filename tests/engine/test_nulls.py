"""Three-valued logic: a missing property is NULL, tests on NULL are unknown, and only TRUE
rows are returned."""

from __future__ import annotations

import pytest

from tests.engine.conftest import count, event, make_store

NULL_CASES: dict[str, tuple[str, bool]] = {
    "LIKE": ("Missing LIKE '%'", False),
    "NOT LIKE": ("Missing NOT LIKE 'x'", False),
    "NOT (LIKE)": ("NOT (Missing LIKE 'x')", False),
    "ILIKE": ("Missing ILIKE '%'", False),
    "MATCHES": ("Missing MATCHES '.*'", False),
    "NOT MATCHES": ("NOT (Missing IMATCHES 'x')", False),
    "equals": ("Missing = 'x'", False),
    "not equals": ("Missing != 'x'", False),
    "NOT equals": ("NOT (Missing = 'x')", False),
    "number comparison": ("Missing > 5", False),
    "IN": ("Missing IN ('a', 'b')", False),
    "NOT IN": ("Missing NOT IN ('a', 'b')", False),
    "BETWEEN": ("Missing BETWEEN 'a' AND 'z'", False),
    "IS NULL": ("Missing IS NULL", True),
    "IS NOT NULL": ("Missing IS NOT NULL", False),
    "present IS NOT NULL": ("Present IS NOT NULL", True),
    "unknown OR true is true": ("Missing = 'x' OR Present = 'here'", True),
    "unknown OR false is unknown": ("Missing = 'x' OR Present = 'gone'", False),
    "unknown AND true is unknown": ("Missing = 'x' AND Present = 'here'", False),
    "NOT (unknown AND false) is true": ("NOT (Missing = 'x' AND Present = 'gone')", True),
    "NOT (unknown OR false) is unknown": ("NOT (Missing = 'x' OR Present = 'gone')", False),
    "function of NULL": ("LOWER(Missing) = 'x'", False),
    "INCIDR on NULL address": ("INCIDR('10.0.0.0/8', sourceip)", False),
    "NOT INCIDR on NULL address": ("NOT INCIDR('10.0.0.0/8', sourceip)", False),
    "NULL built-in column": ("username = 'bob'", False),
    "empty string is not NULL": ("Empty IS NOT NULL", True),
    "empty string equals ''": ("Empty = ''", True),
}


@pytest.mark.parametrize(("condition", "expected"), NULL_CASES.values(), ids=list(NULL_CASES))
def test_three_valued_logic(condition: str, expected: bool) -> None:
    """The row is returned only when the condition is TRUE."""
    store = make_store(event({"Present": "here", "Empty": ""}))
    assert (count(store, condition) == 1) is expected


def test_unknown_property_warns() -> None:
    """A property no event has is NULL and the result says so."""
    from sigmaqr.engine import run

    result = run("SELECT * FROM events WHERE Nowhere = 'x'", make_store(event()))
    assert result.rows == []
    assert any("Nowhere" in w for w in result.warnings)
