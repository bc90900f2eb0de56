"""Replay Sigma rules over recorded events: convert each rule to AQL, run it, count matches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs
from sigma.correlations import SigmaCorrelationRule

from sigmaqr.api import CONVERTED, ERROR, RuleConversion, convert
from sigmaqr.engine.errors import EngineError
from sigmaqr.engine.execute import Now, resolve_now, run
from sigmaqr.engine.store import EventStore
from sigmaqr.options import SearchOptions
from sigmaqr.rules import LoadedRule, load_rules

__all__ = ["OK", "ReplayReport", "RuleReplay", "replay", "replay_rule", "replay_store"]

OK = "ok"
"""Status of a rule that converted and ran (``unsupported`` and ``error`` are the others)."""

FULL_RANGE = "all"
"""``time_window`` value that replaces each search's time range by one covering every event."""

_PROFILE_PIPELINES = {"legacy": ("sigmaqr_legacy",)}
_FORMATS = ("query", "filter", "union", "combined")


@attrs.frozen
class RuleReplay:
    """One rule's replay: its identity, status, number of matches, or why it did not run."""

    path: str | None
    id: str
    title: str
    status: str
    matches: int | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: path, id, title, status, matches, error."""
        return attrs.asdict(self)


@attrs.frozen
class ReplayReport:
    """A replay run: events loaded, each rule's outcome, unreadable event files, and ``now``."""

    events: int
    rules: list[RuleReplay]
    load_errors: list[str] = attrs.field(factory=list)
    now: int = 0
    time_window: str = ""
    events_in_window: int | None = None

    @property
    def ok(self) -> bool:
        """True when every event file loaded and no rule failed with an error."""
        return not self.load_errors and all(r.status != ERROR for r in self.rules)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: ``{"events": N, "rules": [...]}`` plus load errors and now."""
        return {
            "events": self.events,
            "rules": [r.to_dict() for r in self.rules],
            "load_errors": list(self.load_errors),
            "now": self.now,
            "time_window": self.time_window,
        }


def _minute(millis: int) -> str:
    moment = datetime.fromtimestamp(millis / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M")


def covering_window(store: EventStore) -> str:
    """Return a ``START .. STOP ..`` clause (whole minutes, UTC) covering every stored event."""
    span = store.time_range()
    if span is None:
        return SearchOptions().time_window
    return f"START '{_minute(span[0])}' STOP '{_minute(span[1] + 60_000)}'"


def _queries(
    entry: LoadedRule,
    fmt: str,
    pipelines: Sequence[str],
    options: dict[str, Any],
    converted: RuleConversion | None,
) -> tuple[RuleConversion, list[str]]:
    if converted is not None:
        return converted, [str(q) for q in converted.queries]
    conversion = convert([entry], format=fmt, pipelines=pipelines, **options)
    result = conversion.rules[0]
    if result.status != CONVERTED:
        return result, []
    if fmt in ("union", "combined"):
        return result, [conversion.output] if conversion.output else []
    return result, [str(q) for q in result.queries]


def _rule_key(rule: Any) -> tuple[str, str]:
    return (str(rule.id or ""), str(rule.title or "")) if rule is not None else ("", "")


def _correlations(
    entries: list[LoadedRule], fmt: str, pipelines: Sequence[str], options: dict[str, Any]
) -> dict[int, RuleConversion]:
    """Convert the whole batch when it holds correlations: they need their referenced rules.

    Results are matched to entries by rule id and title: the collection may reorder rules.
    """
    if not any(isinstance(e.rule, SigmaCorrelationRule) for e in entries):
        return {}
    batch = convert(entries, format=fmt, pipelines=pipelines, **options)
    by_key = {_rule_key(result.rule): result for result in batch.rules}
    return {
        index: by_key[_rule_key(entry.rule)]
        for index, entry in enumerate(entries)
        if isinstance(entry.rule, SigmaCorrelationRule) and _rule_key(entry.rule) in by_key
    }


def replay_rule(
    entry: LoadedRule,
    store: EventStore,
    now: int,
    fmt: str = "query",
    pipelines: Sequence[str] = (),
    options: dict[str, Any] | None = None,
    converted: RuleConversion | None = None,
) -> RuleReplay:
    """Convert one loaded rule and run its queries over the store.

    Args:
        entry: The rule (or the reason it failed to load).
        store: The events.
        now: Epoch milliseconds the searches' time windows refer to.
        fmt: Output format to convert to (query, filter, union, combined).
        pipelines: Extra pipelines for the conversion.
        options: Backend options (``time_window``, ...).
        converted: The rule's conversion when already done (correlations are converted with
            the rules they reference).

    Returns:
        The outcome; ``matches`` counts result rows (groups, for GROUP BY searches).
    """
    rule_id = str(entry.rule.id) if entry.rule is not None and entry.rule.id else ""
    title = entry.rule.title if entry.rule is not None else ""
    if not entry.ok:
        return RuleReplay(entry.path, rule_id, title, ERROR, error=entry.error)
    try:
        result, queries = _queries(entry, fmt, pipelines, dict(options or {}), converted)
        if result.status != CONVERTED:
            return RuleReplay(entry.path, rule_id, title, result.status, error=result.error)
        matches = sum(len(run(query, store, now)) for query in queries)
    except EngineError as error:
        return RuleReplay(entry.path, rule_id, title, ERROR, error=str(error))
    except Exception as error:  # one rule never stops the batch
        return RuleReplay(
            entry.path, rule_id, title, ERROR, error=f"{type(error).__name__}: {error}"
        )
    return RuleReplay(entry.path, rule_id, title, OK, matches)


def _events_in_window(store: EventStore, window: str, now: int) -> int | None:
    try:
        return len(run(f"SELECT starttime FROM events {window}", store, now))
    except EngineError:
        return None


def replay(
    rule_paths: Iterable[str | Path],
    event_paths: Iterable[str | Path],
    now: Now = None,
    format: str = "query",
    profile: str = "default",
    pipelines: Sequence[str] = (),
    time_window: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReplayReport:
    """Replay Sigma rules over event files: convert, run, and count matches per rule.

    Args:
        rule_paths: Rule files and directories.
        event_paths: ``.evtx`` / ``.json`` / ``.jsonl`` files and directories.
        now: The time the searches run at; the newest event by default.
        format: Conversion format: ``query``, ``filter``, ``union`` or ``combined``.
        profile: Field profile for normalising events (``default`` or ``legacy``); ``legacy``
            also converts with the ``sigmaqr_legacy`` pipeline unless pipelines are given.
        pipelines: Conversion pipelines (names or YAML files).
        time_window: The searches' time range (``LAST 7 DAYS``, ``START '..' STOP '..'``); the
            backend default when None; ``all`` covers every loaded event.
        progress: Called as ``progress(done, total)`` after each rule.

    Returns:
        The report: events loaded, per-rule outcomes, unreadable files.

    Raises:
        EngineError: Unknown format or profile.
        RulePathError: A rule path does not exist.
    """
    if format not in _FORMATS:
        raise EngineError(f"unknown format {format!r} (use {', '.join(_FORMATS)})")
    store = EventStore(profile)
    loaded = store.load(event_paths)
    report = replay_store(rule_paths, store, now, format, pipelines, time_window, progress)
    return attrs.evolve(report, load_errors=[str(e) for e in loaded.errors])


def replay_store(
    rule_paths: Iterable[str | Path],
    store: EventStore,
    now: Now = None,
    format: str = "query",
    pipelines: Sequence[str] = (),
    time_window: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReplayReport:
    """Replay Sigma rules over the events already in a store (see :func:`replay`).

    The store's profile chooses the default pipelines as in :func:`replay`; ``load_errors``
    of the report is empty.

    Raises:
        EngineError: Unknown format.
        RulePathError: A rule path does not exist.
    """
    if format not in _FORMATS:
        raise EngineError(f"unknown format {format!r} (use {', '.join(_FORMATS)})")
    now_ms = resolve_now(now, store)
    window = covering_window(store) if time_window == FULL_RANGE else time_window
    options = {"time_window": window} if window else {}
    chosen = tuple(pipelines) or _PROFILE_PIPELINES.get(store.profile, ())
    entries = load_rules(rule_paths)
    batch = _correlations(entries, format, chosen, options)
    outcomes = []
    for index, entry in enumerate(entries):
        converted = batch.get(index)
        outcomes.append(replay_rule(entry, store, now_ms, format, chosen, options, converted))
        if progress is not None:
            progress(len(outcomes), len(entries))
    effective = window or SearchOptions().time_window
    return ReplayReport(
        events=len(store),
        rules=outcomes,
        now=now_ms,
        time_window=effective,
        events_in_window=_events_in_window(store, effective, now_ms),
    )
