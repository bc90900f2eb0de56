"""The event store: property columns, log sources and reference sets."""

from __future__ import annotations

from sigmaqr.engine import EventStore, run
from tests.engine.conftest import event, make_store


def test_property_names_resolve_in_any_case() -> None:
    """A bare or quoted property name finds the property whatever its case."""
    store = make_store(event({"Process Path": "C:\\x.exe"}))
    assert run('SELECT "process path", "Process Path" FROM events', store).rows == [
        ("C:\\x.exe", "C:\\x.exe")
    ]


def test_properties_differing_in_case_stay_apart() -> None:
    """Two properties whose names differ only in case are different columns; quoting picks."""
    store = make_store(event({"Hostname": "upper"}), event({"hostname": "lower"}))
    rows = run('SELECT "Hostname", "hostname" FROM events ORDER BY starttime', store).rows
    assert sorted(rows, key=str) == sorted([("upper", None), (None, "lower")], key=str)


def test_property_cannot_shadow_a_column() -> None:
    """A custom property named like a built-in column is stored apart from it."""
    store = make_store(event({"Category": "mine"}))
    assert run("SELECT category FROM events", store).rows == [(8110,)]


def test_log_sources_per_computer() -> None:
    """Each computer becomes one WindowsAuthServer log source."""
    store = make_store(
        event(logsourceidentifier="WKS-1"),
        event(logsourceidentifier="WKS-2"),
        event(logsourceidentifier="WKS-1"),
    )
    rows = run(
        "SELECT LOGSOURCENAME(logsourceid), COUNT(*) FROM events GROUP BY logsourceid", store
    )
    assert sorted(rows.rows) == [("WindowsAuthServer @ WKS-1", 2), ("WindowsAuthServer @ WKS-2", 1)]


def test_reference_set_replaced() -> None:
    """Loading a reference set again replaces its members."""
    store = make_store(event(username="bob"))
    store.add_reference_set("watch", ["bob"])
    store.add_reference_set("watch", ["alice"])
    assert (
        run("SELECT * FROM events WHERE REFERENCESETCONTAINS('watch', username)", store).rows == []
    )


def test_time_range_and_len() -> None:
    """The store knows how many events it holds and their time span."""
    store = make_store(event(starttime=5), event(starttime=9))
    assert (len(store), store.time_range()) == (2, (5, 9))


def test_on_disk_database(tmp_path: object) -> None:
    """A store can live in a database file instead of memory."""
    from pathlib import Path

    path = Path(str(tmp_path)) / "events.sqlite"
    store = EventStore(path=path)
    store.add([event()])
    assert path.exists()
    assert len(store) == 1
