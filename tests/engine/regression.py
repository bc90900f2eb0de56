"""SigmaHQ regression data replayed through the engine: helpers and a report script.

Each folder under ``regression_data/`` is named after a rule file and holds that rule's events
(``.evtx`` plus its ``.json`` rendering) and an ``info.yml`` whose ``match_count`` says how
many events the rule must match. Run ``python -m tests.engine.regression`` for a report.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import yaml

from sigmaqr.engine import EventStore, RuleReplay, replay_rule
from sigmaqr.engine.execute import resolve_now
from sigmaqr.rules import load_rules
from tests.conftest import SHARED

SIGMAHQ = SHARED / "sigmahq"
REGRESSION = SIGMAHQ / "regression_data"
_ID = re.compile(r"^id:\s*([0-9a-fA-F-]{36})\s*$", re.MULTILINE)


@attrs.frozen
class Case:
    """One regression folder: its rule, the expected count (None: at least one) and outcome."""

    name: str
    folder: Path
    rule: Path | None
    expected: int | None
    tested: bool


@cache
def _rules_by_id() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for top in sorted(SIGMAHQ.glob("rules*")):
        for path in sorted(top.rglob("*.yml")):
            match = _ID.search(path.read_text(encoding="utf-8", errors="replace"))
            if match:
                found.setdefault(match.group(1).lower(), path)
    return found


def _rule_path(folder: Path, info: dict[str, Any]) -> Path | None:
    relative = folder.relative_to(REGRESSION)
    direct = SIGMAHQ / relative.parent / f"{folder.name}.yml"
    if direct.exists():
        return direct
    rule_id = str((info.get("rule_metadata") or [{}])[0].get("id", "")).lower()
    return _rules_by_id().get(rule_id)


def cases() -> list[Case]:
    """Every regression folder, in path order (empty when the shared data is absent)."""
    found = []
    for info_path in sorted(REGRESSION.rglob("info.yml")):
        info = yaml.safe_load(info_path.read_text(encoding="utf-8")) or {}
        tests = info.get("regression_tests_info") or []
        folder = info_path.parent
        found.append(
            Case(
                name=str(folder.relative_to(REGRESSION)),
                folder=folder,
                rule=_rule_path(folder, info),
                expected=tests[0].get("match_count") if tests else None,
                tested=bool(tests),
            )
        )
    return found


def replay_case(case: Case, fmt: str = "query") -> RuleReplay:
    """Load the folder's events into a fresh store and replay its rule."""
    assert case.rule is not None
    store = EventStore()
    report = store.load([case.folder])
    assert not report.errors, report.errors
    entry = load_rules([case.rule])[0]
    return replay_rule(entry, store, resolve_now(None, store), fmt)


def main(fmt: str = "query") -> int:
    """Print one line per miss and the exact-match rate; return 0 when it reaches 95 %."""
    exact = counted = 0
    for case in cases():
        if not case.tested or case.rule is None:
            print(f"SKIP  {case.name}: {'no rule' if case.rule is None else 'no regression test'}")
            continue
        outcome = replay_case(case, fmt)
        if case.expected is None:
            ok = outcome.matches is not None and outcome.matches >= 1
            label = "ok  " if ok else "MISS"
            print(f"{label}  {case.name}: no match_count, {outcome.matches} matches")
            continue
        counted += 1
        if outcome.matches == case.expected:
            exact += 1
        else:
            why = outcome.error or f"{outcome.matches} matches"
            print(f"MISS  {case.name}: expected {case.expected}, {outcome.status}: {why}")
    rate = exact / counted if counted else 0.0
    print(f"{exact} of {counted} exact ({rate:.1%})")
    return 0 if rate >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
