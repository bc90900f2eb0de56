"""Output formats: query, filter, union and combined, and the options that shape them."""

from __future__ import annotations

import pytest
from sigma.collection import SigmaCollection
from sigma.exceptions import SigmaConfigurationError

import sigmaqr
from sigmaqr.backend import QRadarAQLBackend

RULE = """
title: Share Removed
status: test
logsource:
    product: windows
    service: security
detection:
    sel:
        ShareName|endswith: '\\IPC$'
    condition: sel
fields:
    - ShareName
level: low
"""
WHERE = "devicetype = 12 AND (qideventcategory ILIKE 'Security' AND \"Share Name\" ILIKE '%\\IPC$')"


def collection(text: str = RULE) -> SigmaCollection:
    """A fresh collection (pySigma rules are processed in place, so one per conversion)."""
    return SigmaCollection.from_yaml(text)


def test_filter() -> None:
    """The filter format is the WHERE expression with the log source type test."""
    assert QRadarAQLBackend().convert(collection(), "filter") == [WHERE]


def test_query() -> None:
    """The query format is one complete search shaped like the reference query."""
    assert QRadarAQLBackend().convert(collection(), "query") == [
        "SELECT\n"
        "    DATEFORMAT(starttime, 'yyyy-MM-dd HH:mm:ss') AS EventTime,\n"
        "    sourceip AS SourceIP,\n"
        "    username AS Username,\n"
        "    QIDNAME(qid) AS EventName,\n"
        '    "Share Name" AS ShareName,\n'
        "    LOGSOURCENAME(logsourceid) AS LogSource,\n"
        "    CATEGORYNAME(category) AS Category,\n"
        "    'LOW - Share Removed' AS Severity,\n"
        "    starttime\n"
        "FROM events\n"
        f"WHERE {WHERE}\n"
        "ORDER BY starttime DESC\n"
        "LAST 24 HOURS"
    ]


def test_default_format_is_query() -> None:
    """Without a format the backend renders complete searches."""
    assert QRadarAQLBackend().convert(collection()) == QRadarAQLBackend().convert(
        collection(), "query"
    )


def test_time_window_option() -> None:
    """The time window is a backend option; shorthands become AQL time clauses."""
    query = QRadarAQLBackend(time_window="7d").convert(collection())[0]
    assert query.endswith("ORDER BY starttime DESC\nLAST 7 DAYS")


def test_limit_comes_before_time_clause() -> None:
    """LIMIT is placed before the time clause, as AQL requires."""
    query = QRadarAQLBackend(limit="100").convert(collection())[0]
    assert query.endswith("ORDER BY starttime DESC\nLIMIT 100\nLAST 24 HOURS")


def test_start_stop_window() -> None:
    """A START/STOP time clause is accepted as the window."""
    window = "START '2026-01-01 00:00' STOP '2026-01-02 00:00'"
    assert QRadarAQLBackend(time_window=window).convert(collection())[0].endswith(window)


def test_bad_time_window_is_refused() -> None:
    """A time window that is not an AQL time clause is a configuration error."""
    with pytest.raises(SigmaConfigurationError, match="not an AQL time clause"):
        QRadarAQLBackend(time_window="yesterday")


def test_union_joins_rules_with_one_order_by() -> None:
    """The union format joins each rule's SELECT with UNION and orders once, at the end."""
    two = RULE + "---\n" + RULE.replace("Share Removed", "Other").replace("IPC$", "C$")
    output = sigmaqr.convert(collection(two), format="union").output
    assert output.count("\nUNION\n") == 1
    assert output.count("ORDER BY") == 1
    assert output.endswith("ORDER BY starttime DESC\nLAST 24 HOURS")
    assert "'Share Removed' AS RuleName" in output
    assert "'Other' AS RuleName" in output


def test_union_uses_qidmap_for_event_ids() -> None:
    """Event IDs in the union format use the qidmap subquery users asked for."""
    rule = RULE.replace("ShareName|endswith: '\\IPC$'", "EventID: [5140, 5142]")
    output = sigmaqr.convert(collection(rule), format="union").output
    assert "qid IN (SELECT qid FROM qidmap WHERE eventid IN (5140, 5142))" in output


def test_combined_is_one_select() -> None:
    """The combined format ORs the rules in one SELECT, choosing columns per rule."""
    two = RULE + "---\n" + RULE.replace("Share Removed", "Other").replace("IPC$", "C$")
    output = sigmaqr.convert(collection(two), format="combined").output
    assert output.count("SELECT") == 1
    assert "UNION" not in output
    assert (
        "CASE WHEN qideventcategory ILIKE 'Security' AND \"Share Name\" ILIKE '%\\IPC$' "
        "THEN 'Share Removed' WHEN" in output
    )
    assert "WHERE devicetype = 12 AND ((qideventcategory" in output


def test_conditional_if_option() -> None:
    """conditional=if renders severity with IF ... THEN ... ELSE instead of CASE."""
    rule = (
        RULE + "qradar:\n    severity:\n        raise:\n            - when: sel\n"
        "              level: high\n              label: Raised\n"
    )
    query = QRadarAQLBackend(conditional="if").convert(collection(rule))[0]
    assert (
        "IF \"Share Name\" ILIKE '%\\IPC$' THEN 'HIGH - Raised' ELSE 'LOW - Share Removed' "
        "AS Severity" in query
    )


def test_matches_find_option() -> None:
    """matches=find emits Sigma regexes without the whole-value padding."""
    rule = RULE.replace("ShareName|endswith: '\\IPC$'", "ShareName|re: 'IPC'")
    assert QRadarAQLBackend(matches="find").convert(collection(rule), "filter") == [
        "devicetype = 12 AND (qideventcategory ILIKE 'Security' AND \"Share Name\" MATCHES 'IPC')"
    ]


def test_converting_twice_gives_the_same_output() -> None:
    """One backend converts the same rule twice identically: no state leaks between rules."""
    backend = QRadarAQLBackend()
    assert backend.convert(collection()) == backend.convert(collection())
