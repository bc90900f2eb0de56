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


REGEX_ATOMS = st.one_of(
    st.sampled_from(list("aAbz0 '\\%_/")).map(lambda c: "\\\\" if c == "\\" else c),
    st.sampled_from([".", "\\d", "\\s", "[ab]", "[^a]", "\\.", "\\*", "\\("]),
)
EVENT_ASCII = st.sampled_from(list("aAbBz0 '\\%_/.*(\n"))


@st.composite
def regexes(draw: st.DrawFn, depth: int = 0) -> str:
    """A random regular expression over a subset on which Java and Python agree."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        atom = (
            draw(REGEX_ATOMS)
            if depth >= 2 or draw(st.booleans())
            else (
                "("
                + draw(regexes(depth + 1))
                + ("|" + draw(regexes(depth + 1)) if draw(st.booleans()) else "")
                + ")"
            )
        )
        parts.append(atom + draw(st.sampled_from(["", "", "*", "+", "?", "{1,2}"])))
    body = "".join(parts)
    if depth == 0:
        body = draw(st.sampled_from(["", "^"])) + body + draw(st.sampled_from(["", "$"]))
    return body


@settings(
    max_examples=int(os.environ.get("SIGMAQR_DIFF_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    pattern=regexes(),
    flags=st.sets(st.sampled_from("ims")),
    commands=st.lists(st.text(EVENT_ASCII, min_size=1, max_size=10), max_size=8),
)
def test_engine_matches_reference_regex(pattern: str, flags: set[str], commands: list[str]) -> None:
    """A converted |re (flags i, m, s) selects exactly the events Python's re.search selects."""
    import re

    modifiers = "".join(f"|{flag}" for flag in sorted(flags))
    rules = SigmaCollection.from_dicts(
        [
            {
                "title": "Differential regex",
                "logsource": {"product": "windows", "category": "process_creation"},
                "detection": {"sel": {f"CommandLine|re{modifiers}": pattern}, "condition": "sel"},
            }
        ]
    )
    commands = [c for c in commands if usable(c)]
    result = sigmaqr.convert(rules, format="filter")
    assert result.rules[0].status == "converted", result.rules[0].error
    store = EventStore()
    store.add(event(i, c) for i, c in enumerate(commands))
    rows = run(result.output[0], store).dicts() if commands else []
    py_flags = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}
    compiled = re.compile(pattern, sum((py_flags[f] for f in flags), 0))
    expected = sorted(c for c in commands if compiled.search(c))
    assert sorted(str(r["Command"]) for r in rows) == expected, result.output[0]
