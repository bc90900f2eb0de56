"""GROUP BY, HAVING, aggregate functions, ORDER BY and LIMIT."""

from __future__ import annotations

import pytest

from sigmaqr.engine import EngineError, EventStore, run
from tests.engine.conftest import EVENT_TIME, event, make_store


@pytest.fixture(scope="module")
def store() -> EventStore:
    """Five logons: alice three times (two sources), bob twice (one source), one without a user."""
    rows = [
        ("alice", "10.0.0.1", 10),
        ("alice", "10.0.0.2", 20),
        ("alice", "10.0.0.1", 30),
        ("bob", "10.0.0.9", 5),
        ("bob", "10.0.0.9", 7),
        (None, "10.0.0.5", 1),
    ]
    return make_store(
        *(
            event({"Bytes": str(size)}, username=user, sourceip=ip, starttime=EVENT_TIME + i)
            for i, (user, ip, size) in enumerate(rows)
        )
    )


def _rows(store: EventStore, query: str) -> list[tuple[object, ...]]:
    return run(query, store).rows


def test_count_per_group(store: EventStore) -> None:
    """COUNT(*) counts the events of each group; NULL forms its own group."""
    rows = _rows(store, "SELECT username, COUNT(*) FROM events GROUP BY username ORDER BY username")
    assert rows == [(None, 1), ("alice", 3), ("bob", 2)]


def test_having_filters_groups(store: EventStore) -> None:
    """HAVING keeps the groups whose aggregate passes."""
    query = "SELECT username, COUNT(*) AS n FROM events GROUP BY username HAVING n >= 3"
    assert _rows(store, query) == [("alice", 3)]


def test_uniquecount(store: EventStore) -> None:
    """UNIQUECOUNT counts distinct non-null values."""
    query = "SELECT UNIQUECOUNT(sourceip) FROM events WHERE username = 'alice'"
    assert _rows(store, query) == [(2,)]


AGGREGATES: dict[str, tuple[str, object]] = {
    "MIN": ("MIN(Bytes)", "10"),
    "MAX": ("MAX(LONG(Bytes))", 30),
    "SUM of numeric text": ("SUM(Bytes)", 60),
    "AVG": ("AVG(Bytes)", 20.0),
    "FIRST by starttime": ("FIRST(sourceip)", "10.0.0.1"),
    "LAST by starttime": ("LAST(sourceip)", "10.0.0.1"),
    "STDEVP": ("STDEVP(Bytes)", pytest.approx(8.1649658)),
    "STDEV": ("STDEV(Bytes)", pytest.approx(10.0)),
    "COUNT of a column skips NULL": ("COUNT(destinationip)", 0),
}


@pytest.mark.parametrize(("expression", "expected"), AGGREGATES.values(), ids=list(AGGREGATES))
def test_aggregate(store: EventStore, expression: str, expected: object) -> None:
    """Each aggregate over alice's three events."""
    query = f"SELECT {expression} FROM events WHERE username = 'alice'"
    assert _rows(store, query)[0][0] == expected


def test_order_by_alias_descending(store: EventStore) -> None:
    """ORDER BY can use a quoted alias, descending."""
    query = (
        "SELECT username, COUNT(*) AS 'Event Count' FROM events WHERE username IS NOT NULL "
        'GROUP BY username ORDER BY "Event Count" DESC'
    )
    assert _rows(store, query) == [("alice", 3), ("bob", 2)]


def test_limit(store: EventStore) -> None:
    """LIMIT caps the number of rows."""
    assert len(run("SELECT * FROM events ORDER BY starttime LIMIT 2", store)) == 2


def test_alias_in_where(store: EventStore) -> None:
    """A SELECT alias can be used in WHERE (IBM's LIKE-clause example)."""
    query = (
        "SELECT QIDNAME(qid) AS test FROM events WHERE test LIKE 'Process%' AND username = 'bob'"
    )
    assert len(run(query, store)) == 2


def test_group_count_is_a_match_count(store: EventStore) -> None:
    """A correlation-style search returns one row per firing group."""
    query = (
        "SELECT username, UNIQUECOUNT(sourceip) AS sources FROM events "
        "GROUP BY username HAVING sources >= 1"
    )
    assert len(run(query, store)) == 3


def test_nested_aggregate_is_rejected(store: EventStore) -> None:
    """COUNT(MAX(x)) is an error naming the function."""
    with pytest.raises(EngineError, match="cannot be nested"):
        run("SELECT COUNT(MAX(sourceport)) FROM events", store)


def test_star_only_in_count(store: EventStore) -> None:
    """SUM(*) is rejected."""
    with pytest.raises(EngineError, match=r"SUM\(\*\) is not allowed"):
        run("SELECT SUM(*) FROM events", store)
