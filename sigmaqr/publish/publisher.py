"""Publish rules into a content repository: check every rule, then write all files or none."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
from sigma.exceptions import SigmaConfigurationError

from sigmaqr.api import CONVERTED, convert
from sigmaqr.aql import validate
from sigmaqr.publish.checks import check_rule
from sigmaqr.publish.content import repository_files, slugs
from sigmaqr.publish.gitcommit import GitError, commit, rule_slugs
from sigmaqr.publish.layout import ALL_FORMATS, PAGE_FILE
from sigmaqr.publish.model import PROFILES, RuleContent
from sigmaqr.publish.writer import Plan, WriteError, write_tree
from sigmaqr.rules import load_rules
from sigmaqr.targets import QRADAR_TARGETS, installed_plugins

DEFAULT_TARGETS = ("qradar", "splunk", "lucene", "esql", "kusto")
"""Published by default: QRadar, and each of these other targets that is installed."""


@attrs.frozen
class PublishResult:
    """A publication: the rules, what changed, the commit, or why nothing was written."""

    out: Path
    rules: tuple[RuleContent, ...] = ()
    problems: tuple[str, ...] = ()
    plan: Plan | None = None
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    commit: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the repository was written (no rule refused, no write error)."""
        return not self.problems


def publish(
    paths: Iterable[str | Path],
    out: str | Path,
    targets: Sequence[str] | None = None,
    git_commit: bool = False,
) -> PublishResult:
    """Check the rules and publish them into a content repository.

    Every rule must parse, convert to every QRadar format, validate (query and combined:
    strict; union: extended; filter: filter) and pass each of its ``qradar.tests`` replays. If
    any rule fails, nothing in ``out`` changes and the result lists each ``path: problem``.

    Args:
        paths: Rule files and directories.
        out: The repository folder (created when missing).
        targets: Targets to publish queries for; ``qradar`` always. Default: qradar and the
            installed ones of splunk, lucene, esql and kusto.
        git_commit: Make one git commit in ``out`` (``git init`` when needed).

    Returns:
        The outcome.

    Raises:
        SigmaConfigurationError: A named target is not installed.
        RulePathError: A rule path does not exist.
    """
    out = Path(out)
    others = other_targets(targets)
    entries = load_rules(paths)
    ids = [str(e.rule.id) if e.rule is not None and e.rule.id else "" for e in entries]
    names = slugs([e.path for e in entries], ids)
    rules, problems = [], []
    for entry, slug in zip(entries, names, strict=True):
        try:
            content, found = check_rule(entry, slug, others)
        except Exception as error:  # one rule's bug is a refusal, never a traceback
            content, found = None, [f"{entry.path}: {type(error).__name__}: {error}"]
        problems += found
        if content is not None:
            rules.append(content)
    if not entries:
        problems.append(f"{', '.join(map(str, paths))}: no rules")
    all_rules, found = all_rules_searches(rules) if not problems else ({}, [])
    problems += found
    if problems:
        return PublishResult(out, tuple(rules), tuple(problems))
    return write(out, rules, all_rules, git_commit)


def other_targets(targets: Sequence[str] | None) -> list[str]:
    """The non-QRadar targets to convert for, checked to be installed."""
    installed = installed_plugins().backends
    if targets is None:
        return [t for t in DEFAULT_TARGETS if t not in QRADAR_TARGETS and t in installed]
    missing = [t for t in targets if t not in installed and t not in QRADAR_TARGETS]
    if missing:
        raise SigmaConfigurationError(f"target not installed: {', '.join(missing)}")
    chosen = [t for t in targets if t not in QRADAR_TARGETS]
    return list(dict.fromkeys(chosen))


def all_rules_searches(rules: Sequence[RuleContent]) -> tuple[dict[str, str], list[str]]:
    """All rules in one search per format (union, combined), validated."""
    searches: dict[str, str] = {}
    problems: list[str] = []
    for fmt in ALL_FORMATS:
        conversion = convert([r.rule for r in rules], format=fmt)
        failed = [r.message for r in conversion.rules if r.status != CONVERTED]
        problems += [f"all rules ({fmt}): {m}" for m in failed]
        issues = validate(conversion.text, profile=PROFILES[fmt]).issues
        problems += [f"all rules ({fmt}): {i.message}" for i in issues if i.severity == "error"]
        searches[fmt] = conversion.text
    return searches, problems


def pages(paths: Iterable[str]) -> list[str]:
    """The rule pages among the paths (a rule is added or removed with its page)."""
    return [p for p in paths if p.endswith("/" + PAGE_FILE)]


def write(
    out: Path, rules: Sequence[RuleContent], all_rules: dict[str, str], git_commit: bool
) -> PublishResult:
    """Write the repository, then commit when asked."""
    files = repository_files(rules, all_rules)
    try:
        plan = write_tree(files, out)
    except WriteError as error:
        return PublishResult(out, tuple(rules), (str(error),))
    added = tuple(rule_slugs(pages(plan.added)))
    removed = tuple(rule_slugs(pages(plan.removed)))
    touched = rule_slugs(plan.changed + plan.added + plan.removed)
    changed = tuple(s for s in touched if s not in added and s not in removed)
    result = PublishResult(out, tuple(rules), (), plan, added, changed, removed)
    if not git_commit:
        return result
    try:
        made = commit(out, len(rules))
    except (GitError, OSError) as error:
        return attrs.evolve(result, problems=(f"{out}: {error}",))
    return attrs.evolve(result, commit=made)
