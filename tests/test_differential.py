"""Differential property test: converted AQL on the engine matches what the Sigma spec means.

Random Sigma values (quotes, backslashes, ``%``, ``_``, ``*``, ``?``, regex metacharacters,
unicode) under each string modifier are converted by sigmaqr, run by the embedded engine over
random event values, and must select exactly the events the independent reference matcher
(tests/sigma_reference.py) selects.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sigma.collection import SigmaCollection

import sigmaqr
from sigmaqr.engine import EventStore, run
from tests import sigma_reference

VALUE_ALPHABET = st.sampled_from(list("aAbBzZ09 '\"\\%_*?.()[]$^|+-/:éÉЖж字—"))
EVENT_ALPHABET = st.sampled_from(list("aAbBzZ09 '\"\\%_*?.()[]$^|+-/:éÉЖж字—\n\t"))
MODIFIERS = ("exact", "contains", "startswith", "endswith")


def rule(value: str, modifier: str, cased: bool) -> SigmaCollection:
    """A process_creation rule testing CommandLine against one value."""
    key = (
        "CommandLine"
        + ("" if modifier == "exact" else f"|{modifier}")
        + ("|cased" if cased else "")
    )
    return SigmaCollection.from_dicts(
        [
            {
                "title": "Differential",
                "logsource": {"product": "windows", "category": "process_creation"},
                "detection": {"sel": {key: value}, "condition": "sel"},
            }
        ]
    )


def event(index: int, command: str) -> dict[str, Any]:
    """A raw Sysmon process creation event with the given command line."""
    return {
        "Event": {
            "System": {
                "Provider": {"#attributes": {"Name": "Microsoft-Windows-Sysmon"}},
                "EventID": 1,
                "Channel": "Microsoft-Windows-Sysmon/Operational",
                "Computer": "host",
                "EventRecordID": index,
                "TimeCreated": {"#attributes": {"SystemTime": "2026-01-01T00:00:00Z"}},
            },
            "EventData": {"CommandLine": command},
        }
    }


def usable(text: str) -> bool:
    """Event values QRadar keeps as text: not empty, not '-', no surrounding blanks."""
    return text.strip() == text and text not in ("", "-")


@settings(
    max_examples=int(os.environ.get("SIGMAQR_DIFF_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    value=st.text(VALUE_ALPHABET, min_size=1, max_size=12),
    modifier=st.sampled_from(MODIFIERS),
    cased=st.booleans(),
    data=st.data(),
)
def test_engine_matches_reference(
    value: str, modifier: str, cased: bool, data: st.DataObject
) -> None:
    """The converted filter selects exactly the events the Sigma spec says the value matches."""
    fills = st.text(EVENT_ALPHABET, max_size=6)
    derived = st.builds(
        sigma_reference.instance, st.just(value), st.just(modifier), fills, st.booleans()
    )
    commands = [
        c
        for c in data.draw(
            st.lists(st.one_of(derived, st.text(EVENT_ALPHABET, max_size=14)), max_size=8)
        )
        if usable(c)
    ]
    result = sigmaqr.convert(rule(value, modifier, cased), format="filter")
    assert result.rules[0].status == "converted", result.rules[0].error
    store = EventStore()
    store.add(event(i, c) for i, c in enumerate(commands))
    rows = run(result.output[0], store).dicts() if commands else []
    got = sorted(str(r["Command"]) for r in rows)
    expected = sorted(c for c in commands if sigma_reference.matches(value, modifier, cased, c))
    assert got == expected, result.output[0]
