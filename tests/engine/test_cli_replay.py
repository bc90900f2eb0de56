"""``sigmaqr replay``: text and JSON reports, exit status, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sigmaqr.commands.replay import replay
from tests.engine.conftest import DATA

RULE = """
title: Net Use Delete
id: 5b2d4b35-6b54-4d38-9a0b-7d9a47c1e101
status: test
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\net.exe'
    condition: selection
level: low
"""


@pytest.fixture
def rule(tmp_path: Path) -> Path:
    """One process-creation rule file."""
    path = tmp_path / "net_use.yml"
    path.write_text(RULE, encoding="utf-8")
    return path


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(replay, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_report(rule: Path) -> None:
    """Each rule gets a line with its match count, then a summary."""
    code, out, _ = _invoke("--events", str(DATA / "sysmon_1.json"), str(rule))
    assert code == 0
    assert out.splitlines()[0].split()[0] == "1"
    assert "1 events, 1 rules: 1 ran (1 matched)" in out


def test_json_report(rule: Path) -> None:
    """--json prints the documented keys."""
    code, out, _ = _invoke("--json", "--events", str(DATA / "sysmon_1.json"), str(rule))
    data = json.loads(out)
    assert code == 0
    assert data["events"] == 1
    assert data["rules"][0]["matches"] == 1
    assert set(data["rules"][0]) == {"path", "id", "title", "status", "matches", "error"}


def test_several_event_files(rule: Path) -> None:
    """--events may be repeated."""
    code, out, _ = _invoke(
        "--json",
        "--events",
        str(DATA / "sysmon_1.json"),
        "--events",
        str(DATA / "security_5140.json"),
        str(rule),
    )
    assert (code, json.loads(out)["events"]) == (0, 2)


@pytest.mark.parametrize("fmt", ["filter", "union", "combined"])
def test_formats(rule: Path, fmt: str) -> None:
    """Every format can be replayed."""
    code, out, _ = _invoke("--json", "-f", fmt, "--events", str(DATA / "sysmon_1.json"), str(rule))
    assert (code, json.loads(out)["rules"][0]["matches"]) == (0, 1)


def test_now_outside_the_window_warns(rule: Path) -> None:
    """A --now far from the events finds nothing and says why on stderr."""
    code, out, err = _invoke(
        "--now", "2030-01-01 00:00", "--events", str(DATA / "sysmon_1.json"), str(rule)
    )
    assert code == 0
    assert out.splitlines()[0].split()[0] == "0"
    assert "outside LAST 24 HOURS" in err


def test_time_window_all(rule: Path) -> None:
    """--time-window all ignores how old the events are."""
    code, out, _ = _invoke(
        "--json", "--now", "2030-01-01 00:00", "--time-window", "all",
        "--events", str(DATA / "sysmon_1.json"), str(rule),
    )  # fmt: skip
    assert (code, json.loads(out)["rules"][0]["matches"]) == (0, 1)


def test_unreadable_event_file_exits_1(rule: Path, tmp_path: Path) -> None:
    """A damaged event file is reported on stderr, the rules still run, the exit status is 1."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"Event": ', encoding="utf-8")
    code, out, err = _invoke(
        "--events", str(bad), "--events", str(DATA / "sysmon_1.json"), str(rule)
    )
    assert code == 1
    assert "bad.json: invalid JSON" in err
    assert "1 ran (1 matched)" in out


def test_rule_error_exits_1(tmp_path: Path) -> None:
    """A rule that fails to load makes the exit status 1, without a traceback."""
    broken = tmp_path / "broken.yml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    code, out, err = _invoke("--events", str(DATA / "sysmon_1.json"), str(broken))
    assert code == 1
    assert "Traceback" not in out + err


def test_bad_now_is_a_clean_error(rule: Path) -> None:
    """An unreadable --now is one error line, not a traceback."""
    code, _, err = _invoke("--now", "soon", "--events", str(DATA / "sysmon_1.json"), str(rule))
    assert code == 1
    assert "unrecognised time 'soon'" in err
    assert "Traceback" not in err


def test_registered_on_the_cli() -> None:
    """The command is found by the CLI's command registry."""
    from sigmaqr.commands import registered

    assert "replay" in [command.name for command in registered()]


def test_progress_bar_on_long_runs(tmp_path: Path) -> None:
    """Twenty rules or more show a progress bar on stderr."""
    for number in range(20):
        text = RULE.replace("c1e101", f"c1e{number:03d}").replace(
            "Net Use Delete", f"Rule {number}"
        )
        (tmp_path / f"rule_{number}.yml").write_text(text, encoding="utf-8")
    code, out, err = _invoke("--events", str(DATA / "sysmon_1.json"), str(tmp_path))
    assert code == 0
    assert "replaying rules" in err
    assert "20 rules: 20 ran" in out
