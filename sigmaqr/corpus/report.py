"""Corpus reports: each rule's outcome, the totals, and the JSON report file."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from sigmaqr.corpus.atomic import atomic_write_text
from sigmaqr.status import CONVERTED, ERROR, UNSUPPORTED

STATUSES = (CONVERTED, UNSUPPORTED, ERROR)

Record = tuple[str, str, str, str | None, str | None, str, str, str]


@attrs.frozen
class RuleLogSource:
    """A rule's Sigma log source, for grouping the summary."""

    product: str = ""
    category: str = ""
    service: str = ""

    @property
    def label(self) -> str:
        """``product/category`` (or the service when there is no category); ``-`` for none."""
        return f"{self.product or '-'}/{self.category or self.service or '-'}"


@attrs.frozen
class RuleOutcome:
    """One rule's outcome in a corpus run."""

    path: str
    id: str = ""
    title: str = ""
    status: str = ERROR
    reason: str | None = None
    query: str | None = None
    logsource: RuleLogSource = RuleLogSource()

    def record(self) -> Record:
        """The outcome without its path, as plain data (for the cache and worker pipes)."""
        source = self.logsource
        return (
            self.id,
            self.title,
            self.status,
            self.reason,
            self.query,
            source.product,
            source.category,
            source.service,
        )

    @classmethod
    def from_record(cls, path: str, record: Sequence[Any]) -> RuleOutcome:
        """Rebuild an outcome from :meth:`record`'s data.

        Args:
            path: The rule file.
            record: The data.

        Returns:
            The outcome.

        Raises:
            ValueError: The record does not have the expected shape.
        """
        rule_id, title, status, reason, query, product, category, service = record
        source = RuleLogSource(product, category, service)
        return cls(path, rule_id, title, status, reason, query, source)

    def to_json(self) -> dict[str, str | None]:
        """The rule's record in the JSON report."""
        return {
            "path": self.path,
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "reason": self.reason,
            "query": self.query,
        }


@attrs.frozen
class CorpusReport:
    """A corpus run: every rule's outcome in file order, and how long it took."""

    rules: tuple[RuleOutcome, ...]
    seconds: float
    from_cache: int = 0

    @property
    def total(self) -> int:
        """How many rules (or unreadable files) the run saw."""
        return len(self.rules)

    @property
    def converted(self) -> int:
        """How many rules converted."""
        return self.count(CONVERTED)

    @property
    def unsupported(self) -> int:
        """How many rules the target cannot express."""
        return self.count(UNSUPPORTED)

    @property
    def errors(self) -> int:
        """How many rules failed for any other reason (each one a bug to fix)."""
        return self.count(ERROR)

    @property
    def ok(self) -> bool:
        """Whether no rule errored (unsupported rules are fine)."""
        return self.errors == 0

    def count(self, status: str) -> int:
        """How many rules have this status."""
        return sum(1 for rule in self.rules if rule.status == status)

    def with_status(self, status: str) -> list[RuleOutcome]:
        """The rules with this status, in file order."""
        return [rule for rule in self.rules if rule.status == status]

    def to_json(self) -> dict[str, Any]:
        """The JSON report: totals, seconds and one record per rule."""
        return {
            "total": self.total,
            "converted": self.converted,
            "unsupported": self.unsupported,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "rules": [rule.to_json() for rule in self.rules],
        }


def write_report(report: CorpusReport, path: str | Path) -> None:
    """Write the JSON report atomically: the file is complete or untouched.

    Args:
        report: The corpus report.
        path: Where to write it.
    """
    atomic_write_text(Path(path), report_json(report))


def report_json(report: CorpusReport) -> str:
    """The JSON report as text: the totals, then one line per rule (easy to grep and diff).

    Args:
        report: The corpus report.

    Returns:
        The JSON text.
    """
    data = report.to_json()
    rules = data.pop("rules")
    head = json.dumps(data, ensure_ascii=False)[:-1]
    lines = [json.dumps(rule, ensure_ascii=False) for rule in rules]
    body = ",\n  ".join(lines)
    return f'{head}, "rules": [\n  {body}\n]}}\n' if lines else f'{head}, "rules": []}}\n'


def ordered(outcomes: Iterable[tuple[int, list[RuleOutcome]]]) -> tuple[RuleOutcome, ...]:
    """Flatten per-file outcomes into file order.

    Args:
        outcomes: ``(file index, outcomes)`` pairs in any order.

    Returns:
        The outcomes, files in index order, rules in file order.
    """
    return tuple(rule for _, rules in sorted(outcomes, key=lambda pair: pair[0]) for rule in rules)
