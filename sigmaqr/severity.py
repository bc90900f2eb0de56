"""Severity tiers of a rule: its Sigma level, raised where a named selection matches.

A rule may carry a custom attribute (see docs/rules.md)::

    qradar:
        severity:
            label: Targeted Share Removal        # text of the rule's own tier
            raise:
                - when: selection_bulk           # a Sigma condition over the rule's detections
                  level: high
                  label: Bulk Share Removal

which renders ``CASE WHEN <selection_bulk> THEN 'HIGH - Bulk Share Removal'
ELSE 'MEDIUM - Targeted Share Removal' END``. Without it the tier is ``LEVEL - title``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from sigma.conditions import ConditionItem, SigmaCondition
from sigma.correlations import SigmaCorrelationRule
from sigma.rule import SigmaRule

from sigmaqr.exceptions import SeverityError

LEVEL_WORDS: dict[str, str] = {
    "informational": "INFO",
    "low": "LOW",
    "medium": "MEDIUM",
    "high": "HIGH",
    "critical": "CRITICAL",
}


@attrs.frozen
class SeverityTier:
    """A severity label and the AQL condition that selects it (None: every other match)."""

    label: str
    condition: str | None = None


def severity_tiers(
    rule: SigmaRule | SigmaCorrelationRule, convert: Callable[[ConditionItem], str]
) -> tuple[SeverityTier, ...]:
    """Compute a rule's severity tiers, highest first, the rule's own tier last.

    Args:
        rule: The processed Sigma rule.
        convert: Converts a parsed Sigma condition into an AQL condition.

    Returns:
        The tiers; the last one has no condition.

    Raises:
        SeverityError: The ``qradar.severity`` attribute is malformed.
    """
    spec = _severity_spec(rule)
    level = rule.level.name.lower() if rule.level else "medium"
    base = SeverityTier(label_text(level, str(spec.get("label") or rule.title)))
    raises = spec.get("raise") or []
    if not isinstance(raises, list):
        raise SeverityError("qradar.severity.raise must be a list", source=rule.source)
    return (*(_raised_tier(rule, item, convert) for item in raises), base)


def label_text(level: str, label: str) -> str:
    """Format a tier label: ``HIGH - Bulk Share Removal``.

    Args:
        level: A Sigma level name.
        label: The tier's text.

    Returns:
        The label.
    """
    return f"{LEVEL_WORDS.get(level, level.upper())} - {label}"


def _severity_spec(rule: SigmaRule | SigmaCorrelationRule) -> dict[str, Any]:
    qradar = rule.custom_attributes.get("qradar") or {}
    spec = qradar.get("severity") if isinstance(qradar, dict) else None
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise SeverityError("qradar.severity must be a mapping", source=rule.source)
    return spec


def _raised_tier(
    rule: SigmaRule | SigmaCorrelationRule, item: Any, convert: Callable[[ConditionItem], str]
) -> SeverityTier:
    if not isinstance(item, dict) or not {"when", "level"} <= item.keys():
        raise SeverityError(
            "each qradar.severity.raise entry needs 'when' and 'level'", source=rule.source
        )
    level = str(item["level"]).lower()
    if level not in LEVEL_WORDS:
        raise SeverityError(f"unknown severity level '{level}'", source=rule.source)
    if not isinstance(rule, SigmaRule):
        raise SeverityError("severity raises need a detection", source=rule.source)
    parsed = SigmaCondition(str(item["when"]), rule.detection, rule.source).parsed
    if not isinstance(parsed, ConditionItem) and parsed is None:
        raise SeverityError(f"condition '{item['when']}' is empty", source=rule.source)
    return SeverityTier(
        label_text(level, str(item.get("label") or rule.title)),
        convert(parsed),  # type: ignore[arg-type]
    )
