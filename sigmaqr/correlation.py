"""Sigma correlation rules as AQL aggregate searches: GROUP BY, HAVING, time buckets.

Sigma's ``timespan`` is a sliding window. An Ariel search has no sliding windows, so each
correlation groups its events into tumbling buckets of the timespan's length
(``LONG(starttime / <ms>)``, aligned to the epoch) within the search's time window, and fires for
every (bucket, group-by values) that meets the condition. docs/correlations.md says what this
means for bursts that straddle a bucket boundary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs
from sigma.correlations import (
    SigmaCorrelationCondition,
    SigmaCorrelationConditionOperator,
    SigmaCorrelationRule,
    SigmaCorrelationType,
)
from sigma.exceptions import SigmaFeatureNotSupportedByBackendError

from sigmaqr.aqltext import quote_string
from sigmaqr.search import RuleSearch

OPERATORS: dict[SigmaCorrelationConditionOperator, str] = {
    SigmaCorrelationConditionOperator.LT: "<",
    SigmaCorrelationConditionOperator.LTE: "<=",
    SigmaCorrelationConditionOperator.GT: ">",
    SigmaCorrelationConditionOperator.GTE: ">=",
    SigmaCorrelationConditionOperator.EQ: "=",
    SigmaCorrelationConditionOperator.NEQ: "!=",
}
LATEST_TIME = 9223372036854775807  # a starttime later than any event


@attrs.frozen
class GroupColumn:
    """A group-by column: its alias and, per member rule, the expression it reads."""

    alias: str
    expressions: tuple[str, ...]


@attrs.frozen
class CorrelationSearch:
    """The parts of a correlation's aggregate search."""

    title: str
    kind: SigmaCorrelationType
    members: tuple[RuleSearch, ...]
    group_by: tuple[GroupColumn, ...]
    operator: str
    count: int
    bucket_ms: int
    severity: str
    value_field: str | None = None


def member_alias(index: int) -> str:
    """The column alias of the index-th referenced rule (1-based)."""
    return f"Rule{index}"


def condition_of(rule: SigmaCorrelationRule) -> tuple[str, int]:
    """The correlation's threshold as an AQL operator and a count.

    Args:
        rule: The correlation rule.

    Returns:
        The operator and the count.

    Raises:
        SigmaFeatureNotSupportedByBackendError: The condition is an extended (boolean) one.
    """
    condition = rule.condition
    if not isinstance(condition, SigmaCorrelationCondition):
        raise SigmaFeatureNotSupportedByBackendError(
            "extended correlation conditions cannot be expressed as an AQL HAVING clause",
            source=rule.source,
        )
    return OPERATORS[condition.op], condition.count


def alias_name(expression: str) -> str:
    """A bare alias for a property: ``"Target Username"`` gives ``TargetUsername``."""
    return re.sub(r"[^A-Za-z0-9_]", "", expression) or "GroupValue"


def check_ordered(rule: SigmaCorrelationRule, members: Sequence[RuleSearch]) -> None:
    """Refuse temporal_ordered correlations of more than two rules.

    Args:
        rule: The correlation rule.
        members: Its referenced rules' searches.

    Raises:
        SigmaFeatureNotSupportedByBackendError: More than two rules must be ordered.
    """
    if len(members) > 2:
        raise SigmaFeatureNotSupportedByBackendError(
            "temporal_ordered over more than two rules cannot be expressed in AQL: aggregates "
            "can test that one rule's first event precedes another's last, not an ordered chain",
            source=rule.source,
        )


def render_correlation(search: CorrelationSearch, time_window: str, conditional: str) -> str:
    """Render a correlation as one aggregate Ariel search.

    Args:
        search: The correlation's parts.
        time_window: The search's time clause.
        conditional: ``case`` or ``if`` for conditional expressions.

    Returns:
        The AQL search.
    """
    columns = [
        *(f"{_pick(search, c.expressions, conditional)} AS {c.alias}" for c in search.group_by),
        *_measure_columns(search, conditional),
        "MIN(starttime) AS FirstSeen",
        "MAX(starttime) AS LastSeen",
        f"{quote_string(search.severity)} AS Severity",
        f"LONG(starttime / {search.bucket_ms}) AS TimeBucket",
    ]
    groups = ", ".join(["TimeBucket", *(c.alias for c in search.group_by)])
    return "\n".join(
        [
            "SELECT\n" + ",\n".join("    " + c for c in columns),
            "FROM events",
            "WHERE " + " OR ".join(f"({m.where})" for m in search.members),
            f"GROUP BY {groups}",
            f"HAVING {_having(search)}",
            "ORDER BY FirstSeen DESC",
            time_window,
        ]
    )


def _pick(search: CorrelationSearch, expressions: Sequence[str], conditional: str) -> str:
    if len(set(expressions)) == 1:
        return expressions[0]
    branches = list(zip((m.where for m in search.members), expressions, strict=True))
    if conditional == "if":
        return "".join(f"IF {c} THEN {v} ELSE " for c, v in branches) + "''"
    return "CASE " + " ".join(f"WHEN {c} THEN {v}" for c, v in branches) + " ELSE '' END"


def _flag(search: CorrelationSearch, index: int, then: str, other: str, conditional: str) -> str:
    where = search.members[index].where
    if conditional == "if":
        return f"IF {where} THEN {then} ELSE {other}"
    return f"CASE WHEN {where} THEN {then} ELSE {other} END"


def _measure_columns(search: CorrelationSearch, conditional: str) -> list[str]:
    if search.kind == SigmaCorrelationType.EVENT_COUNT:
        return ["COUNT(*) AS EventCount"]
    if search.kind == SigmaCorrelationType.VALUE_COUNT:
        return [f"UNIQUECOUNT({search.value_field}) AS ValueCount"]
    columns = [
        f"MAX({_flag(search, i, '1', '0', conditional)}) AS {member_alias(i + 1)}"
        for i in range(len(search.members))
    ]
    if search.kind == SigmaCorrelationType.TEMPORAL_ORDERED:
        last = len(search.members) - 1
        columns += [
            f"MIN({_flag(search, 0, 'starttime', str(LATEST_TIME), conditional)}) AS FirstStart",
            f"MAX({_flag(search, last, 'starttime', '0', conditional)}) AS LastEnd",
        ]
    return columns


def _having(search: CorrelationSearch) -> str:
    if search.kind == SigmaCorrelationType.EVENT_COUNT:
        return f"EventCount {search.operator} {search.count}"
    if search.kind == SigmaCorrelationType.VALUE_COUNT:
        return f"ValueCount {search.operator} {search.count}"
    seen = " + ".join(member_alias(i + 1) for i in range(len(search.members)))
    having = f"{seen} {search.operator} {search.count}"
    if search.kind == SigmaCorrelationType.TEMPORAL_ORDERED:
        having += " AND FirstStart < LastEnd"
    return having
