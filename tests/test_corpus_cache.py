"""The corpus cache: hits on unchanged rules, misses on changed content or configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigmaqr.corpus import cache as cache_module
from sigmaqr.corpus import convert_corpus
from sigmaqr.corpus.cache import CACHE_ENV, cache_dir
from tests.corpus_rules import write_rule


def test_first_run_misses_second_run_hits(rules: Path, cache: Path) -> None:
    """An unchanged corpus is answered from the cache, with the same outcomes."""
    first = convert_corpus(rules, jobs=1, cache_directory=cache)
    second = convert_corpus(rules, jobs=1, cache_directory=cache)
    assert (first.from_cache, second.from_cache) == (0, 3)
    assert second.rules == first.rules


def test_changed_rule_is_converted_again(rules: Path, cache: Path) -> None:
    """Editing one rule re-converts that rule only."""
    convert_corpus(rules, jobs=1, cache_directory=cache)
    write_rule(rules, "rule_1", "Rule 1 edited", "CommandLine: 'y'")
    report = convert_corpus(rules, jobs=1, cache_directory=cache)
    assert report.from_cache == 2
    assert "\"Command\" ILIKE 'y'" in str(report.rules[1].query)


def test_format_change_misses(rules: Path, cache: Path) -> None:
    """Another output format is another configuration."""
    convert_corpus(rules, jobs=1, cache_directory=cache)
    report = convert_corpus(rules, format="filter", jobs=1, cache_directory=cache)
    assert report.from_cache == 0
    assert str(report.rules[0].query).startswith("devicetype = 12 AND")


def test_option_change_misses(rules: Path, cache: Path) -> None:
    """Another backend option is another configuration."""
    convert_corpus(rules, jobs=1, cache_directory=cache)
    report = convert_corpus(rules, jobs=1, cache_directory=cache, time_window="7d")
    assert report.from_cache == 0
    assert str(report.rules[0].query).endswith("LAST 7 DAYS")


def test_pipeline_change_misses(rules: Path, cache: Path, tmp_path: Path) -> None:
    """Editing a pipeline file passed with -p invalidates the cache."""
    pipeline = tmp_path / "extra.yml"
    pipeline.write_text("name: extra\npriority: 30\ntransformations: []\n", encoding="utf-8")
    convert_corpus(rules, pipelines=[str(pipeline)], jobs=1, cache_directory=cache)
    hit = convert_corpus(rules, pipelines=[str(pipeline)], jobs=1, cache_directory=cache)
    pipeline.write_text("name: extra\npriority: 31\ntransformations: []\n", encoding="utf-8")
    miss = convert_corpus(rules, pipelines=[str(pipeline)], jobs=1, cache_directory=cache)
    assert (hit.from_cache, miss.from_cache) == (3, 0)


def test_errors_are_not_cached(rules: Path, cache: Path) -> None:
    """A rule that errored is checked again on the next run."""
    (rules / "rule_1.yml").write_text("title: [unclosed\n", encoding="utf-8")
    convert_corpus(rules, jobs=1, cache_directory=cache)
    report = convert_corpus(rules, jobs=1, cache_directory=cache)
    assert report.from_cache == 2
    assert report.rules[1].status == "error"


def test_no_cache_neither_reads_nor_writes(rules: Path, cache: Path) -> None:
    """cache=False (--no-cache) converts everything and leaves no cache behind."""
    report = convert_corpus(rules, jobs=1, cache=False, cache_directory=cache)
    assert report.from_cache == 0
    assert not cache.exists()


def test_unreadable_cache_is_empty(rules: Path, cache: Path) -> None:
    """A damaged cache file is ignored and replaced."""
    convert_corpus(rules, jobs=1, cache_directory=cache)
    for path in cache.iterdir():
        path.write_text("{not json", encoding="utf-8")
    report = convert_corpus(rules, jobs=1, cache_directory=cache)
    assert report.from_cache == 0
    assert convert_corpus(rules, jobs=1, cache_directory=cache).from_cache == 3


def test_cache_directory_from_environment(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGMAQR_CACHE_DIR chooses the default cache directory."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "elsewhere"))
    convert_corpus(rules, jobs=1)
    assert cache_dir() == tmp_path / "elsewhere"
    assert [p.name[:7] for p in (tmp_path / "elsewhere").iterdir()] == ["corpus-"]


def test_old_configurations_are_pruned(
    rules: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the most recently used configurations keep a cache file."""
    monkeypatch.setattr(cache_module, "MAX_CONFIGURATIONS", 2)
    for window in ("1h", "2h", "3h"):
        convert_corpus(rules, jobs=1, cache_directory=cache, time_window=window)
    assert len(list(cache.glob("corpus-*.json"))) == 2
    assert convert_corpus(rules, jobs=1, cache_directory=cache, time_window="3h").from_cache == 3
    assert convert_corpus(rules, jobs=1, cache_directory=cache, time_window="1h").from_cache == 0
