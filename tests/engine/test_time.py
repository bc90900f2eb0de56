"""Time ranges: LAST n UNITS and START/STOP relative to a settable ``now``."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sigmaqr.engine import EngineError, EventStore, run
from tests.engine.conftest import event, make_store

NOW = "2024-01-02 12:00:00"
MINUTE = 60_000


def _at(text: str) -> int:
    moment = datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)


@pytest.fixture(scope="module")
def store() -> EventStore:
    """Events at 11:59:59, 11:30, 10:00 on Jan 2 and 12:00 on Jan 1 (UTC)."""
    times = [
        "2024-01-02 11:59:59",
        "2024-01-02 11:30:00",
        "2024-01-02 10:00:00",
        "2024-01-01 12:00:00",
    ]
    return make_store(*(event(starttime=_at(t)) for t in times))


WINDOWS: dict[str, tuple[str, int]] = {
    "last minutes": ("LAST 10 MINUTES", 1),
    "last hours": ("LAST 1 HOURS", 2),
    "an event exactly 24 hours old is outside": ("LAST 24 HOURS", 3),
    "last days": ("LAST 2 DAYS", 4),
    "start and stop": ("START '2024-01-02 10:00' STOP '2024-01-02 11:30'", 1),
    "stop is exclusive, whole minutes": ("START '2024-01-02 10:00' STOP '2024-01-02 11:31'", 2),
    "start only runs to now": ("START '2024-01-02 11:00'", 2),
    "slash format": ("START '2024/01/02 10:00:00' STOP '2024/01/02 12:00:00'", 3),
    "epoch milliseconds": (f"START {_at('2024-01-02 11:00:00')} STOP {_at(NOW)}", 2),
    "PARSEDATETIME": ("START PARSEDATETIME('1 hour ago') STOP PARSEDATETIME('now')", 2),
}


@pytest.mark.parametrize(("clause", "expected"), WINDOWS.values(), ids=list(WINDOWS))
def test_window(store: EventStore, clause: str, expected: int) -> None:
    """Each time clause selects the events in its range, relative to NOW."""
    assert len(run(f"SELECT * FROM events {clause}", store, now=NOW)) == expected


def test_no_time_clause_means_all_events(store: EventStore) -> None:
    """Without a time clause every stored event is searched."""
    assert len(run("SELECT * FROM events", store, now=NOW)) == 4


def test_default_now_is_the_newest_event(store: EventStore) -> None:
    """Replayed events are old: by default ``now`` is the newest event's starttime."""
    assert len(run("SELECT * FROM events LAST 1 MINUTES", store)) == 1


@pytest.mark.parametrize(
    "now",
    [NOW, "2024-01-02T12:00:00Z", datetime(2024, 1, 2, 12, tzinfo=timezone.utc), _at(NOW)],
    ids=["aql", "iso", "datetime", "millis"],
)
def test_now_forms(store: EventStore, now: object) -> None:
    """``now`` may be AQL or ISO text, a datetime or epoch milliseconds."""
    assert len(run("SELECT * FROM events LAST 1 HOURS", store, now=now)) == 2  # type: ignore[arg-type]


def test_now_function_follows_now(store: EventStore) -> None:
    """NOW() returns the run's now."""
    assert run("SELECT NOW() FROM events LIMIT 1", store, now=NOW).rows == [(_at(NOW),)]


def test_bad_start_literal(store: EventStore) -> None:
    """A START value in no documented format is an error."""
    with pytest.raises(EngineError, match="unrecognised time"):
        run("SELECT * FROM events START 'yesterday-ish'", store, now=NOW)


def test_bad_now(store: EventStore) -> None:
    """An unreadable ``now`` is an error."""
    with pytest.raises(EngineError, match="unrecognised time"):
        run("SELECT * FROM events", store, now="soon")
