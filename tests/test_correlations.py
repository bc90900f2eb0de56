"""Correlation rules: aggregate searches with GROUP BY, HAVING and time buckets."""

from __future__ import annotations

from pathlib import Path

import pytest
from sigma.collection import SigmaCollection

import sigmaqr

BASE = """
title: Failed logon
name: failed_logon
status: test
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
---
title: Successful logon
name: ok_logon
status: test
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4624
    condition: selection
---
"""
FAILED = "devicetype = 12 AND (qideventcategory ILIKE 'Security' AND qideventid = 4625)"
OK = "devicetype = 12 AND (qideventcategory ILIKE 'Security' AND qideventid = 4624)"


def convert(correlation: str, fmt: str = "query") -> sigmaqr.Conversion:
    """Convert the two base rules and one correlation over them."""
    return sigmaqr.convert(SigmaCollection.from_yaml(BASE + correlation), format=fmt)


def test_event_count() -> None:
    """event_count counts events per group and time bucket, HAVING the threshold."""
    result = convert(
        "title: Many failed logons\ncorrelation:\n    type: event_count\n"
        "    rules: [failed_logon]\n    group-by: [TargetUserName, IpAddress]\n"
        "    timespan: 5m\n    condition:\n        gte: 10\nlevel: high\n"
    )
    assert result.output[-1] == (
        "SELECT\n"
        '    "Target Username" AS TargetUsername,\n'
        "    sourceip AS sourceip,\n"
        "    COUNT(*) AS EventCount,\n"
        "    MIN(starttime) AS FirstSeen,\n"
        "    MAX(starttime) AS LastSeen,\n"
        "    'HIGH - Many failed logons' AS Severity,\n"
        "    LONG(starttime / 300000) AS TimeBucket\n"
        "FROM events\n"
        f"WHERE ({FAILED})\n"
        "GROUP BY TimeBucket, TargetUsername, sourceip\n"
        "HAVING EventCount >= 10\n"
        "ORDER BY FirstSeen DESC\n"
        "LAST 24 HOURS"
    )


def test_value_count() -> None:
    """value_count counts distinct values of the condition's field with UNIQUECOUNT."""
    result = convert(
        "title: Spray\ncorrelation:\n    type: value_count\n    rules: [failed_logon]\n"
        "    group-by: [IpAddress]\n    timespan: 1h\n    condition:\n"
        "        field: TargetUserName\n        gt: 20\n"
    )
    query = result.output[-1]
    assert '    UNIQUECOUNT("Target Username") AS ValueCount,\n' in query
    assert "LONG(starttime / 3600000) AS TimeBucket" in query
    assert "HAVING ValueCount > 20\n" in query


def test_temporal_requires_every_rule() -> None:
    """temporal flags each referenced rule per group and requires all of them by default."""
    result = convert(
        "title: Both\ncorrelation:\n    type: temporal\n    rules: [failed_logon, ok_logon]\n"
        "    group-by: [TargetUserName]\n    timespan: 10m\n"
    )
    query = result.output[-1]
    assert f"    MAX(CASE WHEN {FAILED} THEN 1 ELSE 0 END) AS Rule1,\n" in query
    assert f"    MAX(CASE WHEN {OK} THEN 1 ELSE 0 END) AS Rule2,\n" in query
    assert f"WHERE ({FAILED}) OR ({OK})\n" in query
    assert "HAVING Rule1 + Rule2 >= 2\n" in query


def test_temporal_ordered_two_rules() -> None:
    """temporal_ordered also requires the first rule's first event before the second's last."""
    result = convert(
        "title: Brute force then success\ncorrelation:\n    type: temporal_ordered\n"
        "    rules: [failed_logon, ok_logon]\n    group-by: [TargetUserName]\n    timespan: 10m\n"
    )
    query = result.output[-1]
    assert (
        f"    MIN(CASE WHEN {FAILED} THEN starttime ELSE 9223372036854775807 END) AS FirstStart,\n"
        in query
    )
    assert f"    MAX(CASE WHEN {OK} THEN starttime ELSE 0 END) AS LastEnd,\n" in query
    assert "HAVING Rule1 + Rule2 >= 2 AND FirstStart < LastEnd\n" in query


def test_aliases_pick_the_field_per_rule() -> None:
    """A group-by alias reads each rule's own field, chosen per row."""
    result = convert(
        "title: Aliased\ncorrelation:\n    type: temporal\n    rules: [failed_logon, ok_logon]\n"
        "    aliases:\n        user:\n            failed_logon: TargetUserName\n"
        "            ok_logon: SubjectUserName\n"
        "    group-by: [user]\n    timespan: 10m\n"
    )
    assert (
        f'    CASE WHEN {FAILED} THEN "Target Username" WHEN {OK} THEN "Subject Username" '
        "ELSE '' END AS user,\n" in result.output[-1]
    )


def test_base_rules_are_not_output() -> None:
    """A referenced rule produces no search of its own; an unreferenced one does."""
    result = convert(
        "title: Many\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n"
        "    group-by: [TargetUserName]\n    timespan: 5m\n    condition:\n        gte: 3\n"
    )
    standalone = [q for q in result.output if "GROUP BY" not in q]
    assert len(result.output) == 2
    assert len(standalone) == 1
    assert "qideventid = 4624" in standalone[0]
    assert [r.status for r in result.rules] == ["converted"] * 3


REFUSALS = {
    "ordered_chain_of_three": (
        "title: Chain\nname: chain\ncorrelation:\n    type: temporal_ordered\n"
        "    rules: [failed_logon, ok_logon, failed_logon]\n    group-by: [TargetUserName]\n"
        "    timespan: 10m\n",
        "more than two rules",
    ),
    "unmapped_group_field": (
        "title: Unmapped\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n"
        "    group-by: [NoSuchField]\n    timespan: 5m\n    condition:\n        gte: 3\n",
        "'NoSuchField'",
    ),
    "value_sum": (
        "title: Sum\ncorrelation:\n    type: value_sum\n    rules: [failed_logon]\n"
        "    group-by: [TargetUserName]\n    timespan: 5m\n    condition:\n"
        "        field: LogonType\n        gte: 3\n",
        "value_sum",
    ),
}


@pytest.mark.parametrize(("correlation", "reason"), REFUSALS.values(), ids=list(REFUSALS))
def test_inexpressible_correlation_is_unsupported(correlation: str, reason: str) -> None:
    """What AQL cannot express fails that rule with a clear reason."""
    result = convert(correlation)
    assert result.rules[-1].status == "unsupported"
    assert reason in str(result.rules[-1].error)


def test_filter_format_refuses_correlations() -> None:
    """A correlation cannot be a bare filter: it is refused, with the reason."""
    result = convert(
        "title: Many\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n"
        "    group-by: [TargetUserName]\n    timespan: 5m\n    condition:\n        gte: 3\n",
        fmt="filter",
    )
    assert result.rules[-1].status == "unsupported"
    assert "query format" in str(result.rules[-1].error)


def test_correlation_file_converts_from_cli_path() -> None:
    """A file holding base rules and correlations converts with references resolved."""
    path = Path(__file__).parent / "files" / "correlations.yml"
    result = sigmaqr.convert(path)
    assert [r.status for r in result.rules] == ["converted"] * 5
    assert len(result.output) == 3


def test_results_follow_input_order_with_correlations_first(tmp_path: Path) -> None:
    """Each result names its own rule even when correlations come before other rules."""
    source = Path(__file__).parent / "files" / "correlations.yml"
    (tmp_path / "a_correlations.yml").write_text(source.read_text())
    (tmp_path / "b_rule.yml").write_text(
        BASE.split("---")[0].replace("failed_logon", "other").replace("Failed logon", "Other")
    )
    result = sigmaqr.convert(tmp_path)
    assert [(Path(str(r.path)).name, r.title) for r in result.rules][-1] == ("b_rule.yml", "Other")
    assert all(r.status == "converted" for r in result.rules)
    assert len({r.title for r in result.rules}) == 6


def _logon(event_id: int, user: str, time: str, ip: str) -> dict[str, object]:
    return {
        "Event": {
            "System": {
                "Provider": {"#attributes": {"Name": "Microsoft-Windows-Security-Auditing"}},
                "EventID": event_id,
                "Channel": "Security",
                "Computer": "dc01",
                "TimeCreated": {"#attributes": {"SystemTime": time}},
            },
            "EventData": {"TargetUserName": user, "IpAddress": ip, "LogonType": 3},
        }
    }


def test_replay_counts_the_groups_that_fire(tmp_path: Path) -> None:
    """Each correlation type, replayed, matches the number of groups meeting its condition."""
    import json

    from sigmaqr.engine import replay

    events = [_logon(4625, "bob", f"2026-11-30T10:00:{i:02d}Z", "10.0.0.5") for i in range(12)]
    events += [_logon(4624, "bob", "2026-11-30T10:01:00Z", "10.0.0.5")]
    events += [_logon(4624, "carol", "2026-11-30T10:01:00Z", "10.0.0.5")]
    events += [_logon(4625, f"u{i}", f"2026-11-30T10:02:{i:02d}Z", "10.0.0.9") for i in range(25)]
    path = tmp_path / "logons.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in events))
    report = replay([Path(__file__).parent / "files" / "correlations.yml"], [path])
    matches = {r.title: r.matches for r in report.rules}
    assert matches["Many failed logons"] == 1  # bob from 10.0.0.5: 12 >= 10
    assert matches["Brute force then success"] == 1  # bob failed, then succeeded
    assert matches["Spray"] == 1  # 25 users from 10.0.0.9 >= 20
