"""Replay engine: run AQL over real Windows/Sysmon events without a QRadar console.

Typical use::

    from sigmaqr.engine import EventStore, replay, run

    store = EventStore()
    store.load(["events/"])
    result = run("SELECT username, COUNT(*) AS n FROM events GROUP BY username", store)
    report = replay(["sigma_rules/"], ["events/"])

See docs/engine.md for the event model, normalisation table and AQL semantics.
"""

from sigmaqr.engine.errors import EngineError, IngestError
from sigmaqr.engine.execute import Now, Result, run
from sigmaqr.engine.normalize import NormalizedEvent, Normalizer
from sigmaqr.engine.replay import ReplayReport, RuleReplay, replay, replay_rule, replay_store
from sigmaqr.engine.store import EventStore, LoadReport

__all__ = [
    "EngineError",
    "EventStore",
    "IngestError",
    "LoadReport",
    "NormalizedEvent",
    "Normalizer",
    "Now",
    "ReplayReport",
    "Result",
    "RuleReplay",
    "replay",
    "replay_rule",
    "replay_store",
    "run",
]
