"""Statements: SELECT *, bare filters, UNION, IN subqueries (qidmap too), FROM subqueries."""

from __future__ import annotations

import pytest

from sigmaqr.engine import EngineError, EventStore, run
from tests.engine.conftest import SYSMON, event, make_store


@pytest.fixture(scope="module")
def store() -> EventStore:
    """A Sysmon 1, a Sysmon 3 and a Security 4624 event."""
    return make_store(
        event({"Command": "whoami /all"}, username="alice", payload="<Data>whoami /all</Data>"),
        event({"Command": "curl x"}, qideventid=3, username="bob", sourceip="10.0.0.1"),
        event({}, qideventcategory="Security", qideventid=4624, username="alice"),
    )


def test_select_star_names_columns_and_properties(store: EventStore) -> None:
    """SELECT * returns the built-in columns and every custom property by name."""
    result = run("SELECT * FROM events", store)
    assert {"starttime", "qid", "username", "payload", "Command"} <= set(result.columns)
    assert len(result) == 3


def test_bare_filter(store: EventStore) -> None:
    """A bare condition (the filter format) runs as SELECT * FROM events WHERE ..."""
    assert len(run("username = 'alice' AND qideventid = 1", store)) == 1


def test_union_keeps_rows_of_every_member(store: EventStore) -> None:
    """UNION returns the rows of each SELECT."""
    query = (
        "SELECT username, 'one' AS rule FROM events WHERE qideventid = 1 "
        "UNION SELECT username, 'three' AS rule FROM events WHERE qideventid = 3"
    )
    assert sorted(run(query, store).rows) == [("alice", "one"), ("bob", "three")]


def test_union_removes_duplicates(store: EventStore) -> None:
    """UNION drops duplicate rows; UNION ALL keeps them."""
    select = "SELECT username FROM events WHERE username = 'alice'"
    assert len(run(f"{select} UNION {select}", store)) == 1
    assert len(run(f"{select} UNION ALL {select}", store)) == 4


def test_union_trailing_clauses_apply_to_the_whole(store: EventStore) -> None:
    """ORDER BY and LIMIT after the last SELECT apply to the union."""
    query = (
        "SELECT username FROM events WHERE qideventid = 1 "
        "UNION SELECT username FROM events WHERE qideventid = 3 ORDER BY username DESC LIMIT 1"
    )
    assert run(query, store).rows == [("bob",)]


def test_union_width_mismatch(store: EventStore) -> None:
    """UNION members must select the same number of columns."""
    with pytest.raises(EngineError, match="different numbers of columns"):
        run("SELECT username FROM events UNION SELECT username, qid FROM events", store)


def test_qidmap_subquery(store: EventStore) -> None:
    """``qid IN (SELECT qid FROM qidmap WHERE eventid IN (...))`` selects by Event ID."""
    query = (
        f"SELECT * FROM events WHERE qideventcategory = '{SYSMON}' "
        "AND qid IN (SELECT qid FROM qidmap WHERE eventid IN (1, 3))"
    )
    assert len(run(query, store)) == 2


def test_qidmap_table(store: EventStore) -> None:
    """The qidmap table lists QIDs with their channel, Event ID and name."""
    query = "SELECT qid, name FROM qidmap WHERE channel = 'Security' AND eventid = 4624"
    assert run(query, store).rows == [(5000830, "An account was successfully logged on")]


def test_events_subquery(store: EventStore) -> None:
    """IN (SELECT ... FROM events) uses another search's values."""
    query = (
        "SELECT * FROM events "
        "WHERE username IN (SELECT username FROM events WHERE qideventid = 4624)"
    )
    assert len(run(query, store)) == 2


def test_subquery_must_select_one_column(store: EventStore) -> None:
    """An IN subquery with two columns is rejected."""
    with pytest.raises(EngineError, match="must select one column"):
        run("SELECT * FROM events WHERE qid IN (SELECT qid, name FROM qidmap)", store)


def test_from_subquery(store: EventStore) -> None:
    """FROM (SELECT ...) reads the inner result by column name."""
    query = (
        "SELECT username FROM (SELECT * FROM events WHERE username IS NOT NULL) "
        "WHERE qideventid = 3"
    )
    assert run(query, store).rows == [("bob",)]


def test_text_search(store: EventStore) -> None:
    """TEXT SEARCH looks for the words in the payload, ignoring case."""
    assert (
        len(run("SELECT * FROM events WHERE TEXT SEARCH 'WHOAMI' AND username = 'alice'", store))
        == 1
    )


UNSUPPORTED: dict[str, tuple[str, str]] = {
    "flows": ("SELECT * FROM flows", "table 'flows' is not supported"),
    "GLOBALVIEW": ("SELECT * FROM GLOBALVIEW('Top Log Sources', 'DAILY')", "GLOBALVIEW"),
    "syntax": ("SELECT FROM events", "AQL syntax error"),
    "time clause on qidmap": ("SELECT * FROM qidmap LAST 1 HOURS", "time clause needs"),
}


@pytest.mark.parametrize(("query", "message"), UNSUPPORTED.values(), ids=list(UNSUPPORTED))
def test_unsupported(store: EventStore, query: str, message: str) -> None:
    """Constructs outside the engine's subset raise EngineError naming them."""
    with pytest.raises(EngineError, match=message):
        run(query, store)
