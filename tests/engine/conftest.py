"""Fixtures for the replay engine tests: small stores built from normalised events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sigmaqr.aql import quote_string
from sigmaqr.engine import EventStore, run

DATA = Path(__file__).resolve().parent / "data"
EVENT_TIME = 1_700_000_000_000
"""2023-11-14T22:13:20Z, the default starttime of test events."""

SYSMON = "Microsoft-Windows-Sysmon/Operational"


def event(properties: dict[str, Any] | None = None, **columns: Any) -> dict[str, Any]:
    """A normalised Sysmon process-creation event; keyword arguments override columns."""
    return {
        "starttime": EVENT_TIME,
        "devicetype": 12,
        "qideventcategory": SYSMON,
        "qideventid": 1,
        "properties": properties or {},
        **columns,
    }


def make_store(*events: dict[str, Any]) -> EventStore:
    """A store holding the given normalised events."""
    store = EventStore()
    store.add(events)
    return store


@pytest.fixture
def value_store() -> Callable[[Any], EventStore]:
    """Build a store with one event whose property ``Value`` holds the given value."""

    def build(value: Any) -> EventStore:
        return make_store(event({"Value": value} if value is not None else {}))

    return build


def count(store: EventStore, condition: str, now: Any = None) -> int:
    """Number of events for which the AQL condition is TRUE."""
    return len(run(f"SELECT starttime FROM events WHERE {condition}", store, now))


def matches(store: EventStore, condition: str) -> bool:
    """Whether the store's single event satisfies the condition."""
    return count(store, condition) == 1


def scalar(expression: str, store: EventStore | None = None) -> Any:
    """Evaluate one AQL expression against a single default event."""
    store = store or make_store(event())
    return run(f"SELECT {expression} AS v FROM events", store).rows[0][0]


def q(text: str) -> str:
    """An AQL string literal."""
    return quote_string(text)
