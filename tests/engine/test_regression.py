"""SigmaHQ regression data: each rule, replayed over its own events, matches the expected count.

Misses are listed in MISSES and OVERRIDES with their reasons (see docs/engine.md).
"""

from __future__ import annotations

import pytest

from sigmaqr.engine.replay import OK
from tests.engine.regression import REGRESSION, Case, cases, replay_case

MIN_EXACT = 0.95

OVERRIDES: dict[str, tuple[int, str]] = {
    "rules/windows/file/file_event/file_event_win_cred_dump_tools_dropped_files": (
        3,
        "info.yml says 1, but procdump.exe, procdump64.exe and procdump64a.exe are each created "
        "once and each is in the rule's TargetFilename|endswith list",
    ),
    "rules/windows/registry/registry_set/registry_set_change_security_zones": (
        3,
        "info.yml says 1, but three registry values under ZoneMap\\Domains are set to "
        "DWORD (0x00000002), and each satisfies the rule",
    ),
    "rules/windows/registry/registry_set/registry_set_disable_administrative_share": (
        2,
        "info.yml says 1, but both AutoShareServer and AutoShareWks are set to "
        "DWORD (0x00000000), and the rule lists both",
    ),
}
"""Folders whose info.yml count disagrees with the events; the count the data supports."""

MISSES: dict[str, str] = {}
"""Folders the engine cannot replay to the expected count, with the reason."""

CASES = cases()


def _params() -> list[object]:
    return [pytest.param(case, id=case.name, marks=_marks(case.name)) for case in CASES]


def _marks(name: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.xfail(reason=MISSES[name])] if name in MISSES else []


def _check(case: Case) -> None:
    if not case.tested:
        pytest.skip(f"{case.name}: info.yml has no regression test")
    if case.rule is None:
        pytest.skip(f"{case.name}: no rule with this folder name or id in the corpus")


@pytest.mark.skipif(not REGRESSION.exists(), reason=f"shared data not present: {REGRESSION}")
@pytest.mark.parametrize("case", _params())
def test_regression_case(case: Case) -> None:
    """The rule matches as many of its events as info.yml says (or at least one)."""
    _check(case)
    outcome = replay_case(case)
    assert outcome.status == OK, outcome.error
    expected = OVERRIDES[case.name][0] if case.name in OVERRIDES else case.expected
    if expected is None:
        assert outcome.matches is not None
        assert outcome.matches >= 1
    else:
        assert outcome.matches == expected


@pytest.mark.skipif(not REGRESSION.exists(), reason=f"shared data not present: {REGRESSION}")
@pytest.mark.parametrize("fmt", ["query", "filter", "union", "combined"])
def test_exact_match_rate(fmt: str) -> None:
    """At least 95 % of the folders with a match_count replay to exactly that count."""
    counted = [c for c in CASES if c.tested and c.rule is not None and c.expected is not None]
    exact = [c for c in counted if replay_case(c, fmt).matches == c.expected]
    missed = sorted({c.name for c in counted} - {c.name for c in exact})
    assert set(missed) <= set(OVERRIDES) | set(MISSES), missed
    assert len(exact) / len(counted) >= MIN_EXACT
