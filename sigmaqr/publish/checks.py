"""The gate before publishing: a rule must parse, convert, validate and pass its replay tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from sigma.rule import SigmaRule

from sigmaqr.api import CONVERTED, convert
from sigmaqr.aql import validate
from sigmaqr.engine import replay
from sigmaqr.publish.attack import rule_attack
from sigmaqr.publish.model import PROFILES, QRADAR_FORMATS, ReplayedTest, RuleContent, TargetQuery
from sigmaqr.rules import AnyRule, LoadedRule
from sigmaqr.target_list import target_info
from sigmaqr.targets import default_pipelines

RULES_DIR_NAME = "sigma_rules"
TIME_WINDOW_ALL = "all"
CORRELATION_REFUSED = (
    "correlation rules are not published: a QRadar custom rule's AQL filter test sees one event "
    "at a time; publish the rules it references and run the correlation as a search"
)


def check_rule(
    entry: LoadedRule, slug: str, targets: Sequence[str]
) -> tuple[RuleContent | None, list[str]]:
    """Convert, validate and replay one rule, and convert it for the other targets.

    Args:
        entry: The loaded rule (or the reason it failed to load).
        slug: The rule's name in the published repository.
        targets: The other targets (not qradar) to convert for; their failures are recorded on
            the page, never a reason to refuse.

    Returns:
        The rule's content and no problems, or None and each problem as ``path: problem``.
    """
    where = entry.path or "<rule>"
    if not entry.ok or entry.rule is None:
        return None, [f"{where}: {entry.error}"]
    if not isinstance(entry.rule, SigmaRule):
        return None, [f"{where}: {CORRELATION_REFUSED}"]
    aql, problems = qradar_queries(entry)
    problems += validation_problems(aql)
    tests = replay_tests(entry.rule, where) if not problems else ()
    problems += [f"test '{t.name}': {failure(t)}" for t in tests if not t.passed]
    problems += [f"ATT&CK tag names nothing: {tag}" for tag in rule_attack(tags(entry)).unknown]
    if problems:
        return None, [f"{where}: {p}" for p in problems]
    others = tuple(other_query(entry, t) for t in targets)
    source = Path(where).read_text(encoding="utf-8") if entry.path else ""
    attack = rule_attack(tags(entry))
    return RuleContent(slug, where, source, entry.rule, aql, others, attack, tests), []


def tags(entry: LoadedRule) -> list[str]:
    """The rule's tags as text."""
    return [str(t) for t in entry.rule.tags] if entry.rule is not None else []


def qradar_queries(entry: LoadedRule) -> tuple[dict[str, str], list[str]]:
    """Convert the rule to every QRadar format.

    Args:
        entry: The rule.

    Returns:
        The AQL text per format, and a problem per format that did not convert.
    """
    aql: dict[str, str] = {}
    problems: list[str] = []
    for fmt in QRADAR_FORMATS:
        conversion = convert([entry], format=fmt)
        result = conversion.rules[0]
        if result.status != CONVERTED:
            problems.append(f"does not convert ({fmt}): {result.error}")
        else:
            aql[fmt] = conversion.text
    return aql, problems


def validation_problems(aql: dict[str, str]) -> list[str]:
    """Validate each format's AQL with its profile; errors (not warnings) are problems."""
    problems = []
    for fmt, text in aql.items():
        for issue in validate(text, profile=PROFILES[fmt]).issues:
            if issue.severity == "error":
                where = f"{issue.line}:{issue.col}"
                problems.append(f"invalid AQL ({fmt}, {PROFILES[fmt]}) at {where}: {issue.message}")
    return problems


def repository_root(rule_path: str) -> Path:
    """Where a rule's test files are relative to: the parent of its ``sigma_rules`` folder.

    Args:
        rule_path: The rule file.

    Returns:
        That folder, or the current directory when the rule is not under ``sigma_rules``.
    """
    for parent in Path(rule_path).resolve().parents:
        if parent.name == RULES_DIR_NAME:
            return parent.parent
    return Path.cwd()


def replay_tests(rule: AnyRule, path: str) -> tuple[ReplayedTest, ...]:
    """Replay each of the rule's ``qradar.tests`` in every QRadar format.

    Args:
        rule: The rule.
        path: The file it was loaded from.

    Returns:
        One outcome per test entry.
    """
    qradar = rule.custom_attributes.get("qradar") or {}
    root = repository_root(path)
    return tuple(replay_one(rule, path, spec, root) for spec in qradar.get("tests") or [])


def replay_one(rule: AnyRule, path: str, spec: dict[str, Any], root: Path) -> ReplayedTest:
    """Replay one test entry through the rule in every QRadar format."""
    test = ReplayedTest(
        name=str(spec.get("name", "")),
        signal=str(spec.get("signal", "")),
        events=str(spec.get("events", "")),
        expected=int(spec.get("matches", 0)),
        severity=spec.get("severity"),
    )
    events = root / test.events
    if not test.events or not events.is_file():
        return attrs.evolve(test, error=f"events file not found: {events}")
    matches: dict[str, int | None] = {}
    for fmt in QRADAR_FORMATS:
        outcome, error = replay_format(rule, path, events, fmt)
        if error:
            return attrs.evolve(test, matches=matches, error=f"{fmt}: {error}")
        matches[fmt] = outcome
    return attrs.evolve(test, matches=matches)


def replay_format(
    rule: AnyRule, path: str, events: Path, fmt: str
) -> tuple[int | None, str | None]:
    """Replay the rule over one events file in one format: (matches, error)."""
    report = replay([path], [events], format=fmt, time_window=TIME_WINDOW_ALL)
    if report.load_errors:
        return None, "; ".join(report.load_errors)
    rule_id = str(rule.id) if rule.id else ""
    mine = [r for r in report.rules if r.id == rule_id and r.title == rule.title]
    if len(mine) != 1:
        return None, "the engine did not report this rule"
    return mine[0].matches, mine[0].error


def failure(test: ReplayedTest) -> str:
    """Why a test failed, in words."""
    if test.error:
        return test.error
    wrong = [f"{fmt} {n}" for fmt, n in test.matches.items() if n != test.expected]
    return f"expected {test.expected} matches, got " + ", ".join(wrong)


def other_query(entry: LoadedRule, target: str) -> TargetQuery:
    """Convert the rule for another target with its default pipelines."""
    info = target_info(target)
    product = entry.rule.logsource.product if isinstance(entry.rule, SigmaRule) else None
    pipelines = default_pipelines(target, [product])
    result = convert([entry], target=target).rules[0]
    if result.status != CONVERTED:
        return TargetQuery(target, info.name, pipelines, error=result.error or result.status)
    text = "\n\n".join(str(q) for q in result.queries)
    return TargetQuery(target, info.name, pipelines, text=text)
