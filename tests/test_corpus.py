"""Corpus conversion: one bad rule, crash or dead worker never stops the run; reports and exits."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sigma.rule import SigmaRule

from sigmaqr.cli import cli
from sigmaqr.commands.corpus import corpus as corpus_command
from sigmaqr.corpus import convert_corpus, run, summary_table
from sigmaqr.corpus.worker import Converter
from sigmaqr.pipelines import transformations
from tests.corpus_rules import UUIDS, write_rule


def crash_on(monkeypatch: pytest.MonkeyPatch, title: str, action: str = "raise") -> None:
    """Make sigmaqr's mapping crash (or kill its process) on the rule with this title."""
    original = transformations.FamilyKeyFieldsTransformation.apply

    def apply(self: transformations.FamilyKeyFieldsTransformation, rule: SigmaRule) -> None:
        if rule.title == title:
            if action == "exit":
                os._exit(7)
            if action == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("boom")
        original(self, rule)

    monkeypatch.setattr(transformations.FamilyKeyFieldsTransformation, "apply", apply)


def statuses(report: run.CorpusReport) -> dict[str, str]:
    """Each rule file's name and status."""
    return {Path(rule.path).stem: rule.status for rule in report.rules}


def test_converts_every_rule(rules: Path, cache: Path) -> None:
    """Every rule of a clean folder converts, in file order, with its id, title and query."""
    report = convert_corpus(rules, jobs=1, cache_directory=cache)
    assert [(r.title, r.status) for r in report.rules] == [
        ("Rule 0", "converted"),
        ("Rule 1", "converted"),
        ("Rule 2", "converted"),
    ]
    assert report.rules[0].id == UUIDS[0]
    assert report.rules[0].query is not None
    assert "\"Command\" ILIKE 'x'" in report.rules[0].query


def test_corrupt_rule_file_is_an_error(rules: Path, cache: Path) -> None:
    """A file that is not YAML is that file's error; the other rules still convert."""
    (rules / "rule_1.yml").write_text("title: [unclosed\n", encoding="utf-8")
    report = convert_corpus(rules, jobs=1, cache_directory=cache)
    assert statuses(report) == {"rule_0": "converted", "rule_1": "error", "rule_2": "converted"}
    assert "malformed YAML" in str(report.rules[1].reason)


def test_undecodable_file_is_an_error(rules: Path, cache: Path) -> None:
    """A file that is not UTF-8 is that file's error."""
    (rules / "rule_1.yml").write_bytes(b"title: \xff\xfe\n")
    report = convert_corpus(rules, jobs=1, cache_directory=cache)
    assert statuses(report)["rule_1"] == "error"
    assert str(report.rules[1].reason).startswith("cannot read file")


def test_unmapped_field_is_unsupported_with_the_field(rules: Path, cache: Path) -> None:
    """A field without a QRadar property is unsupported, and the reason names it."""
    write_rule(rules, "rule_3", "Unmapped", "NoSuchField: 'x'")
    report = convert_corpus(rules, jobs=1, cache_directory=cache)
    assert report.rules[3].status == "unsupported"
    assert "'NoSuchField'" in str(report.rules[3].reason)
    assert report.ok


def test_pipeline_crash_is_that_rules_error(
    rules: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A non-Sigma exception inside a pipeline fails that rule only."""
    crash_on(monkeypatch, "Rule 1")
    report = convert_corpus(rules, jobs=1, cache_directory=cache)
    assert statuses(report) == {"rule_0": "converted", "rule_1": "error", "rule_2": "converted"}
    assert "RuntimeError: boom" in str(report.rules[1].reason)


def test_pipeline_crash_in_a_worker_process(
    rules: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same crash inside a worker process fails that rule only."""
    monkeypatch.setattr(run, "SERIAL_BELOW", 0)
    crash_on(monkeypatch, "Rule 1")
    report = convert_corpus(rules, jobs=2, cache_directory=cache)
    assert statuses(report) == {"rule_0": "converted", "rule_1": "error", "rule_2": "converted"}


@pytest.mark.skipif(sys.platform != "linux", reason="workers inherit the patch only when forked")
def test_dead_worker_is_that_rules_error(
    rules: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker process that dies fails the rule it was converting; the rest still convert."""
    for n in range(3, 12):
        write_rule(rules, f"rule_{n}", f"Rule {n}")
    monkeypatch.setattr(run, "SERIAL_BELOW", 0)
    crash_on(monkeypatch, "Rule 4", action="exit")
    report = convert_corpus(rules, jobs=2, cache_directory=cache)
    outcome = statuses(report)
    assert outcome.pop("rule_4") == "error"
    assert set(outcome.values()) == {"converted"}
    dead = next(rule for rule in report.rules if rule.path.endswith("rule_4.yml"))
    assert "worker process died" in str(dead.reason)
    assert "exit code 7" in str(dead.reason)


@pytest.mark.skipif(sys.platform != "linux", reason="workers inherit the patch only when forked")
def test_killed_worker_names_the_signal(
    rules: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed by a signal fails its rule, naming the signal."""
    monkeypatch.setattr(run, "SERIAL_BELOW", 0)
    crash_on(monkeypatch, "Rule 0", action="kill")
    report = convert_corpus(rules, jobs=2, cache_directory=cache)
    assert statuses(report) == {"rule_0": "error", "rule_1": "converted", "rule_2": "converted"}
    assert "killed by signal 9" in str(report.rules[0].reason)


def test_directory_without_rules(tmp_path: Path, cache: Path) -> None:
    """A folder without rule files gives an empty report."""
    (tmp_path / "empty").mkdir()
    report = convert_corpus(tmp_path / "empty", jobs=1, cache_directory=cache)
    assert (report.total, report.ok) == (0, True)


def test_interrupted_run_leaves_no_report_or_cache(
    rules: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of a run writes neither the report nor the cache."""
    calls = []
    original = Converter.convert

    def convert(self: Converter, unit: run.Unit, texts: list[str] | None = None) -> object:
        calls.append(unit)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(self, unit, texts)

    monkeypatch.setattr(Converter, "convert", convert)
    report = tmp_path / "report.json"
    with pytest.raises(KeyboardInterrupt):
        convert_corpus(rules, jobs=1, cache_directory=cache, report=report)
    assert not report.exists()
    assert not cache.exists() or not list(cache.iterdir())


def test_interrupted_write_leaves_the_old_file(
    rules: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the report is being written keeps the previous report, and no temp file."""
    report = tmp_path / "out" / "report.json"
    convert_corpus(rules, jobs=1, cache_directory=cache, report=report)
    before = report.read_text(encoding="utf-8")

    def replace(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        convert_corpus(rules, jobs=1, cache=False, report=report)
    assert report.read_text(encoding="utf-8") == before
    assert [p.name for p in report.parent.iterdir()] == ["report.json"]


def test_report_json_shape(rules: Path, cache: Path, tmp_path: Path) -> None:
    """The JSON report has the totals, the seconds and one record per rule."""
    write_rule(rules, "rule_3", "Unmapped", "NoSuchField: 'x'")
    path = tmp_path / "report.json"
    convert_corpus(rules, jobs=1, cache_directory=cache, report=path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["total", "converted", "unsupported", "errors", "seconds", "rules"]
    assert (data["total"], data["converted"], data["unsupported"], data["errors"]) == (4, 3, 1, 0)
    assert isinstance(data["seconds"], float)
    assert [list(rule) for rule in data["rules"]] == [
        ["path", "id", "title", "status", "reason", "query"]
    ] * 4
    assert data["rules"][3]["query"] is None
    assert data["rules"][0]["reason"] is None


def test_correlation_across_files(tmp_path: Path, cache: Path) -> None:
    """A correlation rule converts with the rules it references from other files."""
    (tmp_path / "base.yml").write_text(
        "title: Failed logon\nname: failed_logon\nlogsource:\n    product: windows\n"
        "    service: security\ndetection:\n    selection:\n        EventID: 4625\n"
        "    condition: selection\n",
        encoding="utf-8",
    )
    (tmp_path / "count.yml").write_text(
        "title: Many failed logons\ncorrelation:\n    type: event_count\n"
        "    rules: [failed_logon]\n    group-by: [TargetUserName]\n    timespan: 5m\n"
        "    condition:\n        gte: 10\n",
        encoding="utf-8",
    )
    report = convert_corpus([tmp_path / "base.yml", tmp_path / "count.yml"], jobs=1, cache=False)
    assert [r.status for r in report.rules] == ["converted", "converted"]
    assert "COUNT(*) AS EventCount" in str(report.rules[1].query)


def test_cli_summary_and_exit_code_zero(rules: Path, cache: Path, tmp_path: Path) -> None:
    """The command prints the summary and exits 0 when no rule errored."""
    write_rule(rules, "rule_3", "Unmapped", "NoSuchField: 'x'")
    result = CliRunner().invoke(
        corpus_command,
        ["-j", "1", "--report", str(tmp_path / "r.json"), str(rules)],
        env={"SIGMAQR_CACHE_DIR": str(cache)},
    )
    assert result.exit_code == 0, result.output
    assert "4 rules: 3 converted (75.0%), 1 unsupported, 0 errors" in result.output
    assert "windows/process_creation" in result.output
    assert "top unsupported reasons:" in result.output


def test_cli_exit_code_one_on_error(rules: Path, cache: Path) -> None:
    """The command exits 1 when any rule errored."""
    (rules / "rule_1.yml").write_text("title: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(
        corpus_command, ["-j", "1", str(rules)], env={"SIGMAQR_CACHE_DIR": str(cache)}
    )
    assert result.exit_code == 1
    assert "top error reasons:" in result.output


def test_cli_directory_without_rules(tmp_path: Path) -> None:
    """The command refuses a folder without rule files."""
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(
        corpus_command, [str(tmp_path / "empty")], env={"SIGMAQR_CACHE_DIR": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert "no rule files" in result.output


def test_cli_registers_the_command() -> None:
    """``sigmaqr corpus`` is a command of the CLI group."""
    from sigmaqr.commands import registered

    assert "corpus" in {command.name for command in registered()}
    assert cli is not None


def test_cli_unknown_format(rules: Path) -> None:
    """An unknown format is a usage error, before any work."""
    result = CliRunner().invoke(corpus_command, ["-f", "nope", "--no-cache", str(rules)])
    assert result.exit_code == 2
    assert "unknown format 'nope'" in result.output


def test_progress_bar_counts_files(
    rules: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """progress=True draws the bar on stderr and clears it at the end."""
    convert_corpus(rules, jobs=1, cache_directory=cache, progress=True)
    err = capsys.readouterr().err
    assert "3/3 files 100%" in err
    assert err.endswith("\r")


def test_summary_folds_small_log_sources(rules: Path, cache: Path) -> None:
    """The summary table shows the largest log sources and folds the rest into one row."""
    (rules / "linux.yml").write_text(
        "title: L\nlogsource:\n    product: linux\n    category: process_creation\n"
        "detection:\n    sel:\n        Image: '/bin/x'\n    condition: sel\n",
        encoding="utf-8",
    )
    report = convert_corpus(rules, jobs=1, cache_directory=cache)
    lines = summary_table(report, rows=1).splitlines()
    assert lines[0].startswith("4 rules: 4 converted (100.0%)")
    assert lines[3].split() == ["windows/process_creation", "3", "3", "0", "0", "100.0%"]
    assert lines[4].split() == ["(1", "more)", "1", "1", "0", "0", "100.0%"]
