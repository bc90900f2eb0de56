"""Replay: Sigma rules converted, run over recorded events, matches counted per rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigmaqr.engine import EngineError, replay
from sigmaqr.engine.replay import OK
from tests.engine.conftest import DATA

NET_USE_RULE = """
title: Net Use Delete
id: 5b2d4b35-6b54-4d38-9a0b-7d9a47c1e001
status: test
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\net.exe'
        CommandLine|contains|all:
            - ' use '
            - '/delete'
    condition: selection
level: low
"""

SHARE_RULE = """
title: Admin Share Access
id: 5b2d4b35-6b54-4d38-9a0b-7d9a47c1e002
status: test
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 5140
        ShareName|endswith: 'ADMIN$'
    condition: selection
level: medium
"""

COUNT_RULE = """
title: Many Net Use Deletes
id: 5b2d4b35-6b54-4d38-9a0b-7d9a47c1e003
name: many_net_use
status: test
correlation:
    type: event_count
    rules:
        - 5b2d4b35-6b54-4d38-9a0b-7d9a47c1e001
    group-by:
        - User
    timespan: 1h
    condition:
        gte: 2
level: high
"""

BROKEN_RULE = "title: [unclosed\n"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A folder with a process-creation rule and a Security 5140 rule."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "net_use.yml").write_text(NET_USE_RULE, encoding="utf-8")
    (folder / "share.yml").write_text(SHARE_RULE, encoding="utf-8")
    return folder


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """Both sample events, plus a second net use event an hour later, as JSON Lines."""
    sysmon = json.loads((DATA / "sysmon_1.json").read_text(encoding="utf-8"))
    later = json.loads(json.dumps(sysmon))
    later["Event"]["System"]["TimeCreated"]["#attributes"]["SystemTime"] = "2024-05-06T07:38:09Z"
    share = json.loads((DATA / "security_5140.json").read_text(encoding="utf-8"))
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in (sysmon, later, share)), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["query", "filter", "union", "combined"])
def test_every_format_counts_the_same(rules: Path, events: Path, fmt: str) -> None:
    """Each output format finds the same matches."""
    report = replay([rules], [events], format=fmt)
    assert report.events == 3
    assert [(r.title, r.status, r.matches) for r in report.rules] == [
        ("Net Use Delete", OK, 2),
        ("Admin Share Access", OK, 1),
    ]


def test_time_window_relative_to_now(rules: Path, events: Path) -> None:
    """With ``now`` a day later, LAST 24 HOURS still sees the events; a week later it does not."""
    near = replay([rules], [events], now="2024-05-07 06:00")
    far = replay([rules], [events], now="2024-05-14 06:00")
    assert [r.matches for r in near.rules] == [2, 1]
    assert [r.matches for r in far.rules] == [0, 0]
    assert far.events_in_window == 0


def test_time_window_all_covers_every_event(rules: Path, events: Path) -> None:
    """``time_window='all'`` replaces the window by one spanning the loaded events."""
    report = replay([rules], [events], now="2030-01-01 00:00", time_window="all")
    assert [r.matches for r in report.rules] == [2, 1]
    assert report.time_window.startswith("START '2024-05-06 07:08'")


def test_correlation_counts_groups(rules: Path, events: Path) -> None:
    """An event_count correlation's match count is the number of groups that fire."""
    (rules / "count.yml").write_text(COUNT_RULE, encoding="utf-8")
    report = replay([rules], [events])
    outcome = next(r for r in report.rules if r.title == "Many Net Use Deletes")
    assert (outcome.status, outcome.matches) == (OK, 1), outcome.error


def test_broken_rule_is_an_error_not_an_exception(rules: Path, events: Path) -> None:
    """A rule file that does not load is reported as an error; the others still run."""
    (rules / "broken.yml").write_text(BROKEN_RULE, encoding="utf-8")
    report = replay([rules], [events])
    statuses = {Path(r.path or "").name: r.status for r in report.rules}
    assert statuses == {"broken.yml": "error", "net_use.yml": OK, "share.yml": OK}
    assert not report.ok


def test_legacy_profile(rules: Path, events: Path) -> None:
    """The legacy profile normalises and converts with the legacy names, consistently."""
    report = replay([rules], [events], profile="legacy")
    assert [r.matches for r in report.rules] == [2, 1]


def test_unknown_format(rules: Path, events: Path) -> None:
    """An unknown format is an EngineError."""
    with pytest.raises(EngineError, match="unknown format"):
        replay([rules], [events], format="xml")


def test_report_json_shape(rules: Path, events: Path) -> None:
    """The JSON form has events and one entry per rule with the documented keys."""
    data = replay([rules], [events]).to_dict()
    assert data["events"] == 3
    assert set(data["rules"][0]) == {"path", "id", "title", "status", "matches", "error"}
