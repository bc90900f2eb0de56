"""Run AQL against an :class:`EventStore`: parse, compile to SQLite, execute."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timezone
from typing import Any, TypeAlias

import attrs

from sigmaqr.aql import AQLSyntaxError, parse
from sigmaqr.aql import ast as a
from sigmaqr.engine.errors import EngineError
from sigmaqr.engine.fastparse import parse_fast
from sigmaqr.engine.normalize import parse_time
from sigmaqr.engine.sql import compile_query
from sigmaqr.engine.store import EventStore
from sigmaqr.engine.timewindow import parse_time_literal

__all__ = ["Now", "Result", "parse_aql", "resolve_now", "run"]

Now: TypeAlias = int | float | str | datetime | None
"""A point in time: epoch milliseconds, a datetime (naive means UTC), an ISO 8601 or AQL
``yyyy-MM-dd HH:mm[:ss]`` string, or None for "the newest stored event"."""


@attrs.frozen
class Result:
    """The rows a query returned, with the AQL names of its columns."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    sql: str = attrs.field(repr=False, default="")
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Any]]:
        """Return the rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def parse_aql(text: str) -> a.Statement | a.Condition:
    """Parse a query (text starting with SELECT) or a bare filter condition.

    Raises:
        EngineError: The text is not valid AQL (the message gives line and column).
    """
    words = text.split(None, 1)
    statement = bool(words) and words[0].upper() == "SELECT"
    fast = parse_fast(text, statement)
    if fast is not None:
        return fast
    try:
        return parse(text, "extended" if statement else "filter")
    except AQLSyntaxError as error:
        raise EngineError(
            f"AQL syntax error at {error.line}:{error.col}: {error.message}"
        ) from None


def resolve_now(now: Now, store: EventStore) -> int:
    """Return ``now`` as epoch milliseconds; None means the newest event's ``starttime``
    (or the wall clock when the store is empty).

    Raises:
        EngineError: ``now`` is a string that is not a time.
    """
    if now is None:
        span = store.time_range()
        return span[1] if span else int(time.time() * 1000)
    if isinstance(now, datetime):
        moment = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
        return int(moment.timestamp() * 1000)
    if isinstance(now, int | float):
        return int(now)
    try:
        return parse_time(now)
    except EngineError:
        return parse_time_literal(now)


def run(query: str | a.Statement | a.Condition, store: EventStore, now: Now = None) -> Result:
    """Run an AQL query (or bare filter condition) over the events in a store.

    Args:
        query: AQL text, or an already parsed statement or condition.
        store: The events.
        now: The time that ``LAST n HOURS``, ``STOP`` defaults and ``NOW()`` refer to; the
            newest stored event by default (replayed events are old).

    Returns:
        The result rows and column names.

    Raises:
        EngineError: The query is invalid or uses something the engine does not support.
    """
    node = parse_aql(query) if isinstance(query, str) else query
    now_ms = resolve_now(now, store)
    compiled = compile_query(node, store, now_ms)
    context = store.function_context(now_ms)
    try:
        rows = store.connection.execute(compiled.sql).fetchall()
    except sqlite3.Error as error:
        if isinstance(context.error, EngineError):
            raise context.error from None
        cause = context.error or error
        raise EngineError(f"query failed: {cause}") from None
    return Result(compiled.columns, rows, compiled.sql, compiled.warnings)
