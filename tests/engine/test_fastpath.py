"""SQLite's own LIKE/GLOB stand in for the Python pattern functions only where they agree.

``LIKE`` on a column of the events row compiles to ``GLOB`` and ``ILIKE`` with an ASCII pattern
to SQLite's ``LIKE``; rows whose texts hold NUL or a character SQLite cannot fold as Python does
(``eventflags``) fall back to the Python functions. These tests compare the engine with the
documented semantics (whole value, ``%`` any run, ``_`` one character, no escape, ILIKE
lower-cases both sides with ``str.lower``) over random values and patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigmaqr.engine import EventStore, run
from sigmaqr.engine.functions import FOLD_UNSAFE, caseless_folded, fold_unsafe, like_glob
from tests.engine.conftest import event, make_store, q

StoreOf = Callable[[Any], EventStore]

ALPHABET = [
    *"aAbBkKsSiI09 '\\%_*?[]^-.\n",
    *[
        "\u0130",
        "\u212a",
        "\u017f",
        "\u0307",
        "ß",
        "ẞ",
        "Σ",
        "\u03c3",
        "é",
        "É",
        "\u0410",
        "\u0430",
        "\u2013",
        "🦆",
    ],
]
PATTERN_ALPHABET = st.sampled_from([*ALPHABET, "%", "%", "_"])
VALUE_ALPHABET = st.sampled_from([*ALPHABET, "\x00"])


def reference(value: str, pattern: str, ignore_case: bool) -> bool:
    """AQL LIKE/ILIKE as documented, written independently of the engine."""
    if ignore_case:
        value, pattern = value.lower(), pattern.lower()
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL) is not None


def selected(store: EventStore, condition: str) -> list[str]:
    rows = run(f'SELECT "Value" FROM events WHERE {condition}', store).rows
    return sorted(str(row[0]) for row in rows)


def test_fold_unsafe_lists_every_character() -> None:
    """FOLD_UNSAFE holds exactly the non-ASCII characters whose lower case is ASCII or longer
    than one character, in the running Python's Unicode tables."""
    found = {
        c
        for c in map(chr, range(0x80, 0x110000))
        if not 0xD800 <= ord(c) < 0xE000 and (len(c.lower()) != 1 or c.lower().isascii())
    }
    assert found == set(FOLD_UNSAFE)


def test_caseless_characters_match_only_themselves() -> None:
    """No character lower-cases to a caseless character (its own upper and lower case) other
    than that character itself: an ILIKE pattern of such characters matches them exactly."""
    clashes = [
        (c, c.lower())
        for c in map(chr, range(0x80, 0x110000))
        if not 0xD800 <= ord(c) < 0xE000
        and c.lower() != c
        and any(not d.isascii() and d == d.upper() == d.lower() for d in c.lower())
        and c != "\u0130"  # lowers to i + U+0307; FOLD_UNSAFE sends its rows to Python
    ]
    assert clashes == []


@pytest.mark.parametrize(
    ("pattern", "caseless"),
    [
        ("%\\cmd.exe", True),
        ("%🦆%", True),
        ("% \u2013s cmd%", True),
        ("%\u0410%", False),
        ("ß", False),
    ],
)
def test_caseless_folded(pattern: str, caseless: bool) -> None:
    """Emoji and dashes are caseless; Cyrillic capitals and sharp s are not."""
    assert caseless_folded(pattern) is caseless


@pytest.mark.parametrize(
    ("texts", "unsafe"),
    [
        (["abc", "C:\\x"], False),
        (["é", "Ж字"], False),
        (["a\x00b"], True),
        (["\u0130stanbul"], True),
        (["10 \u212a"], True),
        ([None, 5, b"\x00"], False),
    ],
)
def test_fold_unsafe(texts: list[Any], unsafe: bool) -> None:
    """NUL and the fold-unsafe characters flag an event; numbers and bytes are not looked at."""
    assert fold_unsafe(texts) is unsafe


@pytest.mark.parametrize(
    ("pattern", "glob"),
    [("%\\cmd.exe", "*\\cmd.exe"), ("a_b", "a?b"), ("[x]*?", "[[]x][*][?]"), ("", "")],
)
def test_like_glob(pattern: str, glob: str) -> None:
    """LIKE wildcards become GLOB wildcards; GLOB's own become bracketed literals."""
    assert like_glob(pattern) == glob


@pytest.mark.parametrize(
    ("value", "pattern", "op", "expected"),
    [
        ("a\x00b", "a", "LIKE", False),
        ("a\x00b", "a%", "LIKE", True),
        ("a\x00b", "a_b", "LIKE", True),
        ("A\x00B", "a%", "ILIKE", True),
        ("A\x00B", "a", "ILIKE", False),
        ("\u212a", "k", "ILIKE", True),
        ("\u0130", "i%", "ILIKE", True),
        ("\u0130", "i_", "ILIKE", True),
        ("\u0130", "_", "ILIKE", False),
        ("\u017f", "s", "ILIKE", False),
        ("x[1]", "x[1]", "LIKE", True),
        ("x1", "x[1]", "LIKE", False),
        ("a*c", "a*c", "LIKE", True),
        ("abc", "a*c", "LIKE", False),
        ("a?c", "a?c", "LIKE", True),
        ("abc", "a?c", "LIKE", False),
    ],
)
def test_rows_sqlite_cannot_match(
    value_store: StoreOf, value: str, pattern: str, op: str, expected: bool
) -> None:
    """NUL, the Kelvin sign, dotted capital I and GLOB's own wildcards give AQL's answers."""
    store = value_store(value)
    assert bool(selected(store, f'"Value" {op} {q(pattern)}')) is expected
    assert bool(selected(store, f'"Value" NOT {op} {q(pattern)}')) is not expected


def test_native_sql_is_used() -> None:
    """LIKE and ASCII ILIKE on event columns are SQLite's; other patterns stay Python's."""
    store = make_store(event({"Value": "x"}))
    assert "GLOB" in run("\"Value\" LIKE 'a%'", store).sql
    assert " LIKE 'a%'" in run("\"Value\" ILIKE 'a%'", store).sql
    assert "aql_ilike" in run("username ILIKE 'a%'", store).sql  # the fallback arm
    assert "LIKE 'ä%'" not in run("\"Value\" ILIKE 'ä%'", store).sql
    assert " LIKE '%🦆%'" in run("\"Value\" ILIKE '%🦆%'", store).sql
    assert "GLOB" not in run("LOWER(\"Value\") LIKE 'a%'", store).sql
    inner = 'SELECT "Value" AS v FROM events'
    assert "GLOB" not in run(f"SELECT v FROM ({inner}) WHERE v LIKE 'x'", store).sql


def test_eventflags_is_not_an_event_field() -> None:
    """The flag column is neither a result column of SELECT * nor part of rows()."""
    store = make_store(event({"Value": "a\x00b"}))
    assert "eventflags" not in run("SELECT * FROM events", store).columns
    assert "eventflags" not in next(store.rows())


def test_typical_search_uses_the_event_id_index() -> None:
    """A converted search finds its events through the (qideventid, starttime) index."""
    store = make_store(event({"Command": "whoami"}))
    sql = run(
        'SELECT * FROM events WHERE devicetype = 12 AND qideventid = 1 AND "Command" '
        "ILIKE '%whoami%' ORDER BY starttime DESC LAST 24 HOURS",
        store,
    ).sql
    plan = " ".join(str(row[-1]) for row in store.connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "events_qideventid" in plan


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(st.text(VALUE_ALPHABET, max_size=8), min_size=1, max_size=8),
    pattern=st.text(PATTERN_ALPHABET, max_size=6),
    ignore_case=st.booleans(),
)
def test_like_and_ilike_match_the_documented_semantics(
    values: list[str], pattern: str, ignore_case: bool
) -> None:
    """Over random values (NUL, fold-unsafe and GLOB characters included) and patterns, the
    engine selects exactly the values the documented semantics select; NOT selects the rest
    and a missing property is never selected."""
    store = make_store(*(event({"Value": v}) for v in values), event({}))
    op = "ILIKE" if ignore_case else "LIKE"
    expected = sorted(v for v in values if reference(v, pattern, ignore_case))
    assert selected(store, f'"Value" {op} {q(pattern)}') == expected
    rest = sorted(v for v in values if not reference(v, pattern, ignore_case))
    assert selected(store, f'"Value" NOT {op} {q(pattern)}') == rest
