"""The peer side of benchmarks/replay.py: pySigma's SQLite backend over the same events.

Runs inside the peer's own virtual environment (pySigma 2, pySigma-backend-sqlite and the
pySigma Sysmon and Windows pipelines; see replay.py), never imports sigmaqr, and prints one JSON
object on standard output.

What it does, as Zircolite (the backend's main user) does:

* loading (timed apart): each EVTX JSON record is flattened to one row of a ``logs`` table,
  ``System`` fields by path (``EventID``, ``Channel``, ``Computer``, ``Provider_Name``,
  ``TimeCreated_SystemTime``, ...) and ``EventData``/``UserData`` fields by name; a column is
  ``INTEGER`` when its first value is an integer and ``TEXT COLLATE NOCASE`` otherwise, so that
  ``=`` ignores case as Sigma requires;
* replay (timed): every rule file is read and parsed (``SigmaCollection.from_yaml``), converted
  with ``sqliteBackend(sysmon_pipeline() + windows_logsource_pipeline())``, and each query is
  executed and its rows counted. ``REGEXP`` is a Python function (``re.search``, false for
  NULL), as the backend's README prescribes; a column no event has is added as NULL before a
  query naming it runs (the README's "add missing columns as NULL first").

    python replay_peer.py --events EVENTS.jsonl RULE_PATH...
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from sigma.backends.sqlite import sqliteBackend  # type: ignore[import-untyped,unused-ignore]
from sigma.collection import SigmaCollection
from sigma.pipelines.sysmon import sysmon_pipeline  # type: ignore[import-untyped,unused-ignore]
from sigma.pipelines.windows import windows_logsource_pipeline  # type: ignore[import-untyped,unused-ignore]

_MISSING = re.compile(r"no such column: (.+)$")


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One EVTX JSON record as a flat row: System fields by path, event data fields by name."""
    event = record.get("Event", record)
    row: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                name = prefix if key == "#attributes" else f"{prefix}_{key}" if prefix else key
                walk(name, inner)
        elif value is not None:
            row[prefix] = value

    walk("", event.get("System") or {})
    for section in ("EventData", "UserData"):
        data = event.get(section)
        if isinstance(data, dict):
            for key, value in data.items():
                if key == "#attributes":
                    continue
                if isinstance(value, dict):
                    walk("", value)
                elif value is not None:
                    row[key] = value
    return row


def _sql_value(value: Any) -> Any:
    if isinstance(value, (bool, list, dict)):
        return json.dumps(value)
    return value


def load(connection: sqlite3.Connection, path: Path) -> int:
    """Create and fill the ``logs`` table from a JSONL file of EVTX JSON records."""
    rows = []
    columns: dict[str, str] = {}
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                row = flatten(json.loads(line))
                for key, value in row.items():
                    if key.lower() not in columns:
                        kind = "INTEGER" if type(value) is int else "TEXT COLLATE NOCASE"
                        columns[key.lower()] = f"{_quote(key)} {kind}"
                rows.append({key.lower(): value for key, value in row.items()})
    names = list(columns)
    definitions = ", ".join(columns.values())
    connection.execute(f"CREATE TABLE logs (row_id INTEGER PRIMARY KEY, {definitions})")
    marks = ", ".join("?" * len(names))
    connection.executemany(
        f"INSERT INTO logs ({', '.join(map(_quote, names))}) VALUES ({marks})",
        ([_sql_value(row.get(n)) for n in names] for row in rows),
    )
    connection.commit()
    return len(rows)


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@functools.lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _regexp(pattern: str | None, value: Any) -> bool:
    return (
        value is not None and pattern is not None and _regex(pattern).search(str(value)) is not None
    )


def execute(connection: sqlite3.Connection, query: str) -> int:
    """Run one query and count its rows, adding columns no event has as NULL first."""
    for _ in range(50):
        try:
            return len(connection.execute(query).fetchall())
        except sqlite3.OperationalError as error:
            missing = _MISSING.search(str(error))
            if missing is None:
                raise
            column = missing.group(1).strip('`"')
            connection.execute(f"ALTER TABLE logs ADD COLUMN {_quote(column)} TEXT COLLATE NOCASE")
    raise RuntimeError("too many missing columns")


def rule_files(paths: list[str]) -> list[Path]:
    """The .yml/.yaml files under the paths, sorted per directory (as sigmaqr orders them)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml")))
        else:
            files.append(path)
    return files


def main() -> None:
    """Load the events, then convert and run every rule; print the timings as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", required=True, type=Path)
    parser.add_argument("rules", nargs="+")
    args = parser.parse_args()
    connection = sqlite3.connect(":memory:")
    connection.create_function("regexp", 2, _regexp, deterministic=True)
    began = time.perf_counter()
    events = load(connection, args.events)
    load_seconds = time.perf_counter() - began

    began = time.perf_counter()
    backend = sqliteBackend(sysmon_pipeline() + windows_logsource_pipeline())
    ran = failed = matched = matches = 0
    per_rule: dict[str, int] = {}
    errors: dict[str, int] = {}
    for path in rule_files(args.rules):
        try:
            collection = SigmaCollection.from_yaml(path.read_text(encoding="utf-8"))
            queries = backend.convert(collection)
            count = sum(execute(connection, str(query)) for query in queries)
        except Exception as error:  # one rule never stops the run
            failed += 1
            kind = type(error).__name__
            errors[kind] = errors.get(kind, 0) + 1
            continue
        ran += 1
        matches += count
        matched += count > 0
        for rule in collection.rules:
            per_rule[str(rule.id or path.name)] = count
    replay_seconds = time.perf_counter() - began
    json.dump(
        {
            "events": events,
            "load_seconds": load_seconds,
            "replay_seconds": replay_seconds,
            "rules_ran": ran,
            "rules_failed": failed,
            "rules_matched": matched,
            "matches": matches,
            "errors": errors,
            "per_rule": per_rule,
            "sqlite": sqlite3.sqlite_version,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
