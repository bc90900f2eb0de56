"""Severity tiers: the Sigma level, raised by the qradar.severity attribute."""

from __future__ import annotations

import pytest
from sigma.collection import SigmaCollection

import sigmaqr

BASE = """
title: Net Use Delete
status: test
logsource:
    product: windows
    category: process_creation
detection:
    sel:
        CommandLine|contains: '/delete'
    bulk:
        CommandLine|contains: '\\* /delete'
    condition: sel
level: {level}
"""


def severity(extra: str = "", level: str = "medium") -> str:
    """The Severity column of the rule's query."""
    result = sigmaqr.convert(SigmaCollection.from_yaml(BASE.format(level=level) + extra))
    assert result.rules[0].status == "converted", result.rules[0].error
    line = next(line for line in result.output[0].splitlines() if "AS Severity" in line)
    return line.strip()


LEVEL_CASES = {
    "informational": "'INFO - Net Use Delete' AS Severity,",
    "low": "'LOW - Net Use Delete' AS Severity,",
    "medium": "'MEDIUM - Net Use Delete' AS Severity,",
    "high": "'HIGH - Net Use Delete' AS Severity,",
    "critical": "'CRITICAL - Net Use Delete' AS Severity,",
}


@pytest.mark.parametrize(("level", "expected"), LEVEL_CASES.items(), ids=list(LEVEL_CASES))
def test_level_names_the_tier(level: str, expected: str) -> None:
    """Without the attribute, the tier is the Sigma level and the rule title."""
    assert severity(level=level) == expected


def test_label_replaces_title() -> None:
    """qradar.severity.label names the rule's own tier."""
    assert severity("qradar:\n    severity:\n        label: Targeted\n") == (
        "'MEDIUM - Targeted' AS Severity,"
    )


def test_raise_by_selection() -> None:
    """A raise entry names a selection whose match raises the tier."""
    extra = (
        "qradar:\n    severity:\n        label: Targeted Share Removal\n        raise:\n"
        "            - when: bulk\n              level: high\n"
        "              label: Bulk Share Removal\n"
    )
    assert severity(extra) == (
        "CASE WHEN \"Command\" ILIKE '%* /delete%' THEN 'HIGH - Bulk Share Removal' "
        "ELSE 'MEDIUM - Targeted Share Removal' END AS Severity,"
    )


def test_raise_with_condition_expression() -> None:
    """A raise condition may be any Sigma condition over the rule's detections."""
    extra = (
        "qradar:\n    severity:\n        raise:\n            - when: sel and not bulk\n"
        "              level: low\n"
    )
    assert severity(extra).startswith(
        "CASE WHEN \"Command\" ILIKE '%/delete%' AND (NOT (\"Command\" ILIKE '%* /delete%')) "
        "THEN 'LOW - Net Use Delete'"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("qradar:\n    severity: high\n", "must be a mapping"),
        (
            "qradar:\n    severity:\n        raise:\n            - when: bulk\n",
            "'when' and 'level'",
        ),
        (
            "qradar:\n    severity:\n        raise:\n            - when: bulk\n"
            "              level: extreme\n",
            "unknown severity level 'extreme'",
        ),
        (
            "qradar:\n    severity:\n        raise:\n            - when: nosuch\n"
            "              level: high\n",
            "nosuch",
        ),
    ],
    ids=["not_mapping", "missing_level", "bad_level", "unknown_selection"],
)
def test_malformed_attribute_fails_the_rule(extra: str, message: str) -> None:
    """A malformed severity attribute fails only that rule, with a message saying why."""
    result = sigmaqr.convert(SigmaCollection.from_yaml(BASE.format(level="medium") + extra))
    assert result.rules[0].status != "converted"
    assert message in str(result.rules[0].error)
