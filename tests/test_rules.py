"""The shipped content: every rule in sigma_rules/ loads, converts and equals its golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

import sigmaqr
from tests.conftest import GOLDEN_DIR, RULES_DIR, check_golden

RULE_FILES = sorted(RULES_DIR.rglob("*.yml"))
FORMATS = ("query", "filter", "union", "combined")


def golden_path(rule: Path, fmt: str) -> Path:
    """The golden file of a rule in a format, mirroring the rule's path."""
    return GOLDEN_DIR / rule.relative_to(RULES_DIR).with_suffix(f".{fmt}.aql")


@pytest.mark.parametrize(
    "rule_file", RULE_FILES, ids=[str(p.relative_to(RULES_DIR)) for p in RULE_FILES]
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_rule_matches_golden(rule_file: Path, fmt: str, update_golden: bool) -> None:
    """The rule converts in every format to exactly its golden AQL."""
    result = sigmaqr.convert(rule_file, format=fmt)
    assert [r.status for r in result.rules] == ["converted"]
    check_golden(golden_path(rule_file, fmt), result.text + "\n", update_golden)


@pytest.mark.parametrize("fmt", ["union", "combined"])
def test_all_rules_in_one_search(fmt: str, update_golden: bool) -> None:
    """All T1070.005 rules convert into one search equal to its golden file."""
    result = sigmaqr.convert(RULES_DIR, format=fmt)
    check_golden(GOLDEN_DIR / f"t1070_005.{fmt}.aql", result.text + "\n", update_golden)


@pytest.mark.parametrize(
    "rule_file", RULE_FILES, ids=[str(p.relative_to(RULES_DIR)) for p in RULE_FILES]
)
def test_rule_metadata(rule_file: Path) -> None:
    """Each rule is tagged for T1070.005, lists false positives and documents its tests."""
    (loaded,) = sigmaqr.load_rules([rule_file])
    assert loaded.ok
    assert loaded.rule is not None
    rule = loaded.rule
    tags = {str(t) for t in rule.tags}
    assert {"attack.defense-evasion", "attack.t1070.005"} <= tags
    assert rule.falsepositives
    tests = rule.custom_attributes["qradar"]["tests"]
    assert tests
    assert all({"name", "signal", "events", "matches"} <= t.keys() for t in tests)


def test_rule_ids_are_unique() -> None:
    """No two shipped rules share an id."""
    ids = [str(r.rule.id) for r in sigmaqr.load_rules([RULES_DIR]) if r.rule]
    assert len(ids) == len(set(ids)) == len(RULE_FILES)
