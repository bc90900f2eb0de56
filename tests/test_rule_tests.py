"""The shipped rules' own tests: each `qradar.tests` entry replayed in every output format."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import sigmaqr
from sigmaqr.engine import EventStore, replay, run
from tests.conftest import ROOT, RULES_DIR

FORMATS = ("query", "filter", "union", "combined")
EVENTS_DIR = ROOT / "tests" / "events" / "t1070_005"


def rule_tests() -> list[tuple[Path, dict[str, Any]]]:
    """Every (rule file, test entry) pair of the shipped rules."""
    pairs = []
    for loaded in sigmaqr.load_rules([RULES_DIR]):
        assert loaded.rule is not None
        assert loaded.path is not None
        for entry in loaded.rule.custom_attributes["qradar"]["tests"]:
            pairs.append((Path(loaded.path), entry))
    return pairs


CASES = rule_tests()
IDS = [f"{path.stem}: {entry['name']}" for path, entry in CASES]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("rule_file", "entry"), CASES, ids=IDS)
def test_rule_test_matches(rule_file: Path, entry: dict[str, Any], fmt: str) -> None:
    """Replaying the test's events through the rule gives the expected number of matches."""
    report = replay([rule_file], [ROOT / entry["events"]], format=fmt, time_window="all")
    assert report.events > 0
    (outcome,) = report.rules
    assert outcome.error is None
    assert outcome.matches == entry["matches"]


@pytest.mark.parametrize(
    ("rule_file", "entry"),
    [(p, e) for p, e in CASES if "severity" in e],
    ids=[i for i, (_, e) in zip(IDS, CASES, strict=True) if "severity" in e],
)
def test_rule_test_severity(rule_file: Path, entry: dict[str, Any]) -> None:
    """A positive test's events get the expected Severity label from the query format."""
    store = EventStore()
    store.load([ROOT / entry["events"]])
    (query,) = sigmaqr.convert(rule_file, time_window="LAST 3650 DAYS").output
    rows = run(query, store).dicts()
    assert {row["Severity"] for row in rows} == {entry["severity"]}


@pytest.mark.parametrize("fmt", ["union", "combined"])
def test_all_rules_in_one_search_over_all_events(fmt: str) -> None:
    """One union/combined search over every test event attributes each match to its rule."""
    store = EventStore()
    store.load([EVENTS_DIR])
    search = sigmaqr.convert(RULES_DIR, format=fmt, time_window="LAST 3650 DAYS").output
    counts = Counter(row["RuleName"] for row in run(search, store).dicts())
    expected: Counter[str] = Counter()
    for loaded in sigmaqr.load_rules([RULES_DIR]):
        assert loaded.rule is not None
        for entry in loaded.rule.custom_attributes["qradar"]["tests"]:
            expected[loaded.rule.title] += entry["matches"]
    assert counts == +expected


def test_every_rule_has_a_positive_and_a_negative_test() -> None:
    """Each shipped rule has at least one test expecting matches and one expecting none."""
    for loaded in sigmaqr.load_rules([RULES_DIR]):
        assert loaded.rule is not None
        expected = [t["matches"] for t in loaded.rule.custom_attributes["qradar"]["tests"]]
        assert any(m > 0 for m in expected), loaded.path
        assert 0 in expected, loaded.path
