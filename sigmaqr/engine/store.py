"""The event store: normalised events in an embedded SQLite database.

Built-in columns are real, typed SQLite columns. Each custom property gets its own TEXT column
(``p1``, ``p2``, ... added with ``ALTER TABLE`` when first seen); the ``properties`` table maps
property names to columns. docs/engine.md explains the choice (measured against a JSON column,
an entity-attribute-value table and DuckDB).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

import attrs

from sigmaqr.engine import qids
from sigmaqr.engine.errors import EngineError, IngestError
from sigmaqr.engine.functions import Context, fold_unsafe, register
from sigmaqr.engine.ingest import expand_paths, read_records
from sigmaqr.engine.normalize import NormalizedEvent, Normalizer
from sigmaqr.engine.schema import COLUMNS, QIDMAP_COLUMNS, ColumnType

__all__ = ["EventStore", "LoadReport"]

_SQL_TYPES: dict[ColumnType, str] = {
    "int": "INTEGER",
    "text": "TEXT",
    "ip": "TEXT",
    "bytes": "BLOB",
}
_BATCH = 5000
_INTERNAL = frozenset({"eventrow", "eventflags"})
"""Columns of the events table that are not event fields: the row number, and ``eventflags``,
1 when a text of the event holds NUL or a character SQLite's ``LIKE`` cannot fold as Python does
(the compiler then falls back to the Python pattern functions for that row), else NULL."""
_FIRST_LOGSOURCE_ID = 100


@attrs.define
class LoadReport:
    """What loading a batch of files did: events added, and one error per unreadable file."""

    events: int = 0
    files: int = 0
    errors: list[IngestError] = attrs.field(factory=list)


class EventStore:
    """Normalised QRadar events in SQLite, with log sources, the QID map and reference sets."""

    def __init__(self, profile: str = "default", path: str | Path = ":memory:") -> None:
        """Create an empty store.

        Args:
            profile: Field profile used to normalise Windows events (``default``, ``legacy``).
            path: SQLite database file; ``:memory:`` (the default) keeps everything in memory.
        """
        self.normalizer = Normalizer(profile)
        self.connection = sqlite3.connect(str(path))
        self.reference_sets: dict[str, frozenset[str]] = {}
        self._properties: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._logsources: dict[tuple[int, str], int] = {}
        self._logsource_names: dict[int, str] = {}
        self._qids: set[int] = set()
        self._qid_names: dict[int, tuple[str, str]] | None = None
        self._context: Context | None = None
        self._count = 0
        self._create_schema()

    @property
    def profile(self) -> str:
        """The field profile events are normalised with."""
        return self.normalizer.profile

    def __len__(self) -> int:
        return self._count

    def _create_schema(self) -> None:
        columns = ", ".join(f"{name} {_SQL_TYPES[kind]}" for name, kind in COLUMNS.items())
        qidmap = ", ".join(f"{name} {_SQL_TYPES[kind]}" for name, kind in QIDMAP_COLUMNS.items())
        self.connection.executescript(
            f"CREATE TABLE events (eventrow INTEGER PRIMARY KEY, {columns}, eventflags INTEGER);"
            "CREATE INDEX events_starttime ON events (starttime);"
            "CREATE INDEX events_qideventid ON events (qideventid, starttime);"
            f"CREATE TABLE qidmap ({qidmap});"
            "CREATE TABLE properties (name TEXT PRIMARY KEY, col TEXT NOT NULL);"
        )
        self._add_qid_records(qids.shipped_records())

    def _add_qid_records(self, records: Iterable[qids.QidRecord]) -> None:
        rows = [
            (
                r.qid,
                r.eventid,
                r.channel,
                r.channel,
                r.name,
                r.description,
                r.lowlevelcategory,
                r.highlevelcategory,
                r.severity,
                r.source,
            )
            for r in records
            if r.qid not in self._qids
        ]
        self._qids.update(row[0] for row in rows)
        if rows:
            self._qid_names = None
        marks = ", ".join("?" * len(QIDMAP_COLUMNS))
        self.connection.executemany(f"INSERT INTO qidmap VALUES ({marks})", rows)

    # -- loading ---------------------------------------------------------------------------

    def load(self, paths: Iterable[str | Path]) -> LoadReport:
        """Load event files and directories; a bad file is reported, the others still load.

        Args:
            paths: ``.evtx``, ``.json``, ``.jsonl`` files or directories holding them.

        Returns:
            The number of events added and the error of each file that failed.
        """
        report = LoadReport()
        for path in expand_paths(paths):
            report.files += 1
            before = len(self)
            try:
                self.load_file(path)
            except IngestError as error:
                report.errors.append(error)
            report.events += len(self) - before
        return report

    def load_file(self, path: str | Path) -> int:
        """Load one event file and return the number of events added.

        Raises:
            IngestError: The file is unreadable, truncated or holds a record that is not an
                event; the events before the damage stay loaded.
        """
        before = len(self)
        records = read_records(path)
        try:
            self.add(records)
        except IngestError:
            raise
        except EngineError as error:
            raise IngestError(str(path), f"event {len(self) - before + 1}: {error}") from None
        return len(self) - before

    def add(self, records: Iterable[Mapping[str, Any]]) -> int:
        """Normalise and add raw or normalised event records (see :meth:`Normalizer.normalize`).

        Returns:
            The number of events added.
        """
        return self.add_normalized(self.normalizer.normalize(r) for r in records)

    def add_normalized(self, events: Iterable[NormalizedEvent]) -> int:
        """Add events that are already normalised; returns how many were added.

        When the iterable raises part-way, the events before the failure are kept.
        """
        added = 0
        iterator = iter(events)
        while True:
            batch: list[NormalizedEvent] = []
            try:
                batch.extend(islice(iterator, _BATCH))
            finally:
                if batch:
                    self._insert(batch)
                    added += len(batch)
            if len(batch) < _BATCH:
                return added

    def _insert(self, batch: list[NormalizedEvent]) -> None:
        for event in batch:
            for name in event.properties:
                self._property_column(name)
        names = list(COLUMNS)
        prop_names = list(self._properties)
        targets = [*names, *(self._properties[n] for n in prop_names), "eventflags"]
        rows = [self._row(event, names, prop_names) for event in batch]
        marks = ", ".join("?" * len(targets))
        self.connection.executemany(
            f"INSERT INTO events ({', '.join(targets)}) VALUES ({marks})", rows
        )
        self._count += len(batch)

    def _row(self, event: NormalizedEvent, names: list[str], props: list[str]) -> list[Any]:
        columns = dict(event.columns)
        self._assign_logsource(columns)
        if columns.get("qid") is not None and columns["qid"] not in self._qids:
            self._remember_qid(columns)
        row = [*(columns.get(n) for n in names), *(event.properties.get(p) for p in props)]
        row.append(1 if fold_unsafe(row) else None)
        return row

    def _assign_logsource(self, columns: dict[str, Any]) -> None:
        if columns.get("logsourceid") is not None:
            return
        devicetype = int(columns.get("devicetype") or 0)
        identifier = str(columns.get("logsourceidentifier") or "unknown")
        key = (devicetype, identifier)
        if key not in self._logsources:
            number = _FIRST_LOGSOURCE_ID + len(self._logsources)
            self._logsources[key] = number
            kind = "WindowsAuthServer" if devicetype == 12 else f"LogSourceType{devicetype}"
            self._logsource_names[number] = f"{kind} @ {identifier}"
        columns["logsourceid"] = self._logsources[key]

    def _remember_qid(self, columns: Mapping[str, Any]) -> None:
        channel, eventid = columns.get("qideventcategory"), columns.get("qideventid")
        if channel is not None and eventid is not None:
            record = qids.lookup(str(channel), int(eventid))
            if record.qid == columns["qid"]:
                self._add_qid_records([record])

    def _property_column(self, name: str) -> str:
        column = self._properties.get(name)
        if column is None:
            column = f"p{len(self._properties) + 1}"
            self.connection.execute(f"ALTER TABLE events ADD COLUMN {column} TEXT")
            self.connection.execute("INSERT INTO properties VALUES (?, ?)", (name, column))
            self._properties[name] = column
            self._folded.setdefault(name.lower(), name)
        return column

    # -- reference data and lookups --------------------------------------------------------

    def add_reference_set(self, name: str, values: Iterable[object]) -> None:
        """Load (or replace) a reference set for ``REFERENCESETCONTAINS``.

        Args:
            name: The set's name (matched exactly).
            values: Its elements; compared as text.
        """
        self.reference_sets[name] = frozenset(str(v) for v in values)

    def property_column(self, name: str) -> str | None:
        """Return the SQLite column of a custom property: exact name first, then any case."""
        exact = self._properties.get(name)
        if exact is not None:
            return exact
        folded = self._folded.get(name.lower())
        return self._properties[folded] if folded is not None else None

    def qid_names(self) -> dict[int, tuple[str, str]]:
        """Return the name and description of every QID in ``qidmap``."""
        if self._qid_names is None:
            rows = self.connection.execute("SELECT qid, name, description FROM qidmap")
            self._qid_names = {int(qid): (name, description) for qid, name, description in rows}
        return self._qid_names

    def function_context(self, now: int) -> Context:
        """Return the context of the AQL functions on this store's connection, set for one run.

        The functions are registered on the first call; later calls only update ``now``, the
        reference sets, the QID names and the recorded error.
        """
        context = self._context
        if context is None:
            context = Context(self.logsource_name, self.reference_sets, self.qid_names(), now)
            register(self.connection, context)
            self._context = context
        context.now = now
        context.reference_sets = self.reference_sets
        context.qid_names = self.qid_names()
        context.error = None
        return context

    @property
    def property_names(self) -> list[str]:
        """Names of the custom properties present in at least one event, in order seen."""
        return list(self._properties)

    def logsource_name(self, logsourceid: int) -> str | None:
        """Return the name of a log source the store created (``WindowsAuthServer @ host``)."""
        return self._logsource_names.get(logsourceid)

    def time_range(self) -> tuple[int, int] | None:
        """Return the smallest and largest ``starttime`` (epoch ms), or None when empty."""
        low, high = self.connection.execute(
            "SELECT min(starttime), max(starttime) FROM events"
        ).fetchone()
        return None if low is None else (int(low), int(high))

    def rows(self) -> Iterator[dict[str, Any]]:
        """Yield every event as a dictionary of non-null columns and properties (for debugging)."""
        cursor = self.connection.execute("SELECT * FROM events ORDER BY eventrow")
        by_column = {col: name for name, col in self._properties.items()}
        names = [by_column.get(d[0], d[0]) for d in cursor.description]
        for row in cursor:
            pairs = zip(names, row, strict=True)
            yield {n: v for n, v in pairs if v is not None and n not in _INTERNAL}
