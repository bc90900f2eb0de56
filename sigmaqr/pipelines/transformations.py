"""Transformations sigmaqr's pipelines need beyond pySigma's own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from sigma.correlations import SigmaCorrelationRule
from sigma.processing.pipeline import ProcessingPipeline
from sigma.processing.transformations import (
    FieldMappingTransformation,
    PreprocessingTransformation,
    ValueListPlaceholderTransformation,
)
from sigma.processing.transformations.failure import StrictFieldMappingFailure
from sigma.rule import SigmaDetection, SigmaRule
from sigma.types import Placeholder, SigmaString

from sigmaqr.exceptions import (
    UnmappedFieldError,
    UnresolvedPlaceholderError,
    UnsupportedLogsourceError,
)
from sigmaqr.pipelines.logsource_types import DOCUMENTED
from sigmaqr.pipelines.logsource_types import VARIABLE as TYPES_VARIABLE
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, Value, matching

DEVICE_TYPES_STATE = "qradar_device_types"
KEY_FIELDS_STATE = "qradar_key_fields"
FAMILY_STATE = "qradar_family"
TYPE_NAME_FIELD = "LOGSOURCETYPENAME(devicetype)"


@attrs.define
class KeyFieldsTransformation(PreprocessingTransformation):
    """Remember the rule's ``fields`` with their QRadar properties, for the search's columns."""

    mapping: Mapping[str, str] = attrs.field(factory=dict)

    def apply(self, rule: SigmaRule | SigmaCorrelationRule) -> None:
        """Store ``[(sigma_field, qradar_property)]`` for every mapped field in ``fields``."""
        super().apply(rule)
        pipeline = self._pipeline
        if pipeline is not None:
            pipeline.state[KEY_FIELDS_STATE] = [
                (name, self.mapping[name]) for name in rule.fields if name in self.mapping
            ]


@attrs.define
class UnmappedFieldFailure(StrictFieldMappingFailure):
    """Fail a rule that uses a field no pipeline mapped to a QRadar property."""

    def apply(self, rule: SigmaRule | SigmaCorrelationRule) -> None:
        """Raise UnmappedFieldError naming every unmapped field and the rule's log source."""
        PreprocessingTransformation.apply(self, rule)
        if not isinstance(rule, SigmaRule) or self._pipeline is None:
            return
        mappings = self._pipeline.field_mappings
        unmapped = sorted(
            field
            for field in self._get_all_field_names(rule)
            if field not in mappings and field not in mappings.target_fields
        )
        if unmapped:
            names = ", ".join(f"'{name}'" for name in unmapped)
            raise UnmappedFieldError(
                f"field {names} has no QRadar property mapping for log source "
                f"{_describe_logsource(rule)}; map it in a pipeline (-p) to convert this rule",
                source=rule.source,
            )


@attrs.define
class UnsupportedLogsourceFailure(PreprocessingTransformation):
    """Fail a rule whose log source no pipeline recognised (no QRadar log source type)."""

    def apply(self, rule: SigmaRule | SigmaCorrelationRule) -> None:
        """Raise UnsupportedLogsourceError unless a pipeline set the rule's log source types."""
        super().apply(rule)
        if not isinstance(rule, SigmaRule) or self._pipeline is None:
            return
        if DEVICE_TYPES_STATE not in self._pipeline.state:
            raise UnsupportedLogsourceError(
                f"log source {_describe_logsource(rule)} has no QRadar log source type in the "
                "active pipelines",
                source=rule.source,
            )


def _describe_logsource(rule: SigmaRule) -> str:
    parts: dict[str, Any] = {
        "product": rule.logsource.product,
        "category": rule.logsource.category,
        "service": rule.logsource.service,
    }
    return "/".join(f"{k}={v}" for k, v in parts.items() if v) or "(empty)"


class PlaceholderValuesTransformation(ValueListPlaceholderTransformation):
    """Resolve ``|expand`` placeholders from pipeline variables, or refuse the rule."""

    def placeholder_replacements(self, p: Placeholder) -> list[SigmaString]:
        """Return the values of the pipeline variable named like the placeholder."""
        pipeline = self._pipeline
        if pipeline is None or p.name not in pipeline.vars:
            raise UnresolvedPlaceholderError(
                f"placeholder '%{p.name}%' (|expand) has no value: define '{p.name}' under "
                "'vars:' in a pipeline YAML passed with -p, or the rule cannot be converted"
            )
        return list(super().placeholder_replacements(p))


def mapped_targets(pipeline: ProcessingPipeline) -> frozenset[str]:
    """Every QRadar name a pipeline's field mappings produce.

    Args:
        pipeline: The processing pipeline.

    Returns:
        The mapped-to names.
    """
    targets: set[str] = set()
    for item in pipeline.items:
        transformation = item.transformation
        if isinstance(transformation, FieldMappingTransformation):
            for value in transformation.mapping.values():
                targets.update([value] if isinstance(value, str) else value)
    return frozenset(targets)


@attrs.define
class LogsourceTableTransformation(PreprocessingTransformation):
    """Recognise a rule's log source in a family's table: log source types and conditions.

    The first family whose table knows the rule's log source claims it (``FAMILY_STATE``); later
    families leave it alone, so product-specific tables must come before generic ones.
    """

    family: str = ""
    table: Mapping[LogsourceKey, LogSource] = attrs.field(factory=dict)
    order: dict[LogsourceKey, int] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.order = {key: index for index, key in enumerate(self.table)}

    def apply(self, rule: SigmaRule | SigmaCorrelationRule) -> None:
        """Claim the rule, set its log source types and add the narrowing conditions."""
        pipeline = self._pipeline
        if pipeline is None or FAMILY_STATE in pipeline.state:
            return
        if isinstance(rule, SigmaCorrelationRule):
            if any(self._entries(base) for base in _referenced(rule)):
                pipeline.state[FAMILY_STATE] = self.family  # its fields map like its rules'
            return
        entries = self._entries(rule)
        if not entries:
            return
        super().apply(rule)
        pipeline.state[FAMILY_STATE] = self.family
        device_types: set[int] = set()
        conditions: list[dict[str, list[Value]]] = []
        for entry in entries:
            ids, names = _resolve_types(entry.types, pipeline.vars.get(TYPES_VARIABLE) or {})
            device_types.update(ids)
            if names:
                conditions.append({TYPE_NAME_FIELD: list(names)})
                pipeline.field_mappings.add_mapping(TYPE_NAME_FIELD, TYPE_NAME_FIELD)
            if entry.conditions:
                conditions.append({k: list(v) for k, v in entry.conditions.items()})
        pipeline.state[DEVICE_TYPES_STATE] = sorted(device_types)
        for index, condition in enumerate(conditions):
            _add_condition(rule, f"_qradar_{self.family}_{index}", condition)


    def _entries(self, rule: SigmaRule) -> list[LogSource]:
        source = rule.logsource
        return matching(self.table, self.order, source.product, source.category, source.service)


def _referenced(rule: SigmaCorrelationRule) -> list[SigmaRule]:
    rules = (getattr(reference, "rule", None) for reference in rule.referenced_rules)
    return [base for base in rules if isinstance(base, SigmaRule)]


def _resolve_types(
    names: tuple[str, ...], configured: Mapping[str, Any]
) -> tuple[list[int], list[str]]:
    """Split type names into devicetype ids and names matched with LOGSOURCETYPENAME."""
    ids: list[int] = []
    unresolved: list[str] = []
    for name in names:
        if name in DOCUMENTED:
            ids.append(DOCUMENTED[name])
        elif name in configured:
            ids.append(int(configured[name]))
        else:
            unresolved.append(name)
    return ids, unresolved


def _add_condition(rule: SigmaRule, name: str, conditions: Mapping[str, list[Value]]) -> None:
    """AND a detection onto every condition of the rule (as AddConditionTransformation does)."""
    rule.detection.detections[name] = SigmaDetection.from_definition(dict(conditions))
    for condition in rule.detection.parsed_condition:
        condition.condition = f"{name} and ({condition.condition})"
