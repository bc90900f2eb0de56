"""The SigmaHQ corpus (shared data): coverage per folder, no errors, valid AQL everywhere.

The whole corpus is converted once per test session (worker processes, no cache).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest

from sigmaqr.aql import validate
from sigmaqr.corpus import CorpusReport, RuleOutcome, convert_corpus
from tests.conftest import SHARED, shared_path

FOLDERS = ("rules", "rules-emerging-threats", "rules-threat-hunting")
MIN_WINDOWS = 0.95
MIN_OVERALL = 0.90


@pytest.fixture(scope="session")
def corpus_report() -> CorpusReport:
    """The three SigmaHQ rule folders, converted to complete searches."""
    folders = [shared_path("sigmahq", folder) for folder in FOLDERS]
    return convert_corpus(folders, cache=False)


def share(rules: list[RuleOutcome]) -> float:
    """The share of rules that converted."""
    return sum(rule.status == "converted" for rule in rules) / len(rules)


def under(report: CorpusReport, folder: str) -> list[RuleOutcome]:
    """The outcomes of the rules under a folder of the corpus."""
    prefix = str(SHARED / "sigmahq" / folder) + os.sep
    return [rule for rule in report.rules if rule.path.startswith(prefix)]


def test_no_rule_errors(corpus_report: CorpusReport) -> None:
    """Every rule converts or is unsupported with a reason; none errors."""
    errors = [f"{rule.path}: {rule.reason}" for rule in corpus_report.with_status("error")]
    assert errors == []


def test_windows_coverage(corpus_report: CorpusReport) -> None:
    """At least 95% of rules/windows converts."""
    assert share(under(corpus_report, "rules/windows")) >= MIN_WINDOWS


def test_overall_coverage(corpus_report: CorpusReport) -> None:
    """At least 90% of the three folders converts."""
    assert corpus_report.total > 3000
    assert share(list(corpus_report.rules)) >= MIN_OVERALL


@pytest.mark.parametrize("folder", FOLDERS)
def test_folder_coverage(corpus_report: CorpusReport, folder: str) -> None:
    """Each folder on its own converts at least 90%."""
    assert share(under(corpus_report, folder)) >= MIN_OVERALL


def test_every_unsupported_rule_has_a_reason(corpus_report: CorpusReport) -> None:
    """An unsupported rule names the field, modifier, placeholder or log source at fault."""
    for rule in corpus_report.with_status("unsupported"):
        assert rule.reason
        assert any(
            word in rule.reason
            for word in ("field", "log source", "placeholder", "modifier", "correlation")
        )


def _check(query: str) -> list[str]:
    result = validate(query, profile="strict")
    return [f"{issue.code}: {issue.message}" for issue in result.issues]


def _queries(report: CorpusReport) -> Iterator[tuple[str, str]]:
    for rule in report.rules:
        if rule.query is not None:
            yield rule.path, rule.query


def test_every_query_passes_the_strict_validator(corpus_report: CorpusReport) -> None:
    """Every emitted search is documented AQL: the strict validator finds nothing, not a warning."""
    paths, queries = zip(*_queries(corpus_report), strict=True)
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        issues = list(pool.map(_check, queries, chunksize=25))
    found = {path: found for path, found in zip(paths, issues, strict=True) if found}
    assert found == {}
