"""Transformations sigmaqr's pipelines need beyond pySigma's own."""

from __future__ import annotations

import dataclasses
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
    """Recognise a rule's log source in the families' tables: log source types and conditions.

    The first family whose table knows the rule's log source claims it (``FAMILY_STATE``), so
    product-specific tables must come before generic ones.
    """

    tables: Mapping[str, Mapping[LogsourceKey, LogSource]] = attrs.field(factory=dict)
    orders: dict[str, dict[LogsourceKey, int]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.orders = {
            family: {key: index for index, key in enumerate(table)}
            for family, table in self.tables.items()
        }

    def apply(self, rule: SigmaRule | SigmaCorrelationRule) -> None:
        """Claim the rule, set its log source types and add the narrowing conditions."""
        pipeline = self._pipeline
        if pipeline is None or FAMILY_STATE in pipeline.state:
            return
        if isinstance(rule, SigmaCorrelationRule):
            for base in _referenced(rule):
                if (claim := self._claim(base)) is not None:
                    pipeline.state[FAMILY_STATE] = claim[0]  # its fields map like its rules'
                    return
            return
        claim = self._claim(rule)
        if claim is None:
            return
        super().apply(rule)
        family, entries = claim
        pipeline.state[FAMILY_STATE] = family
        device_types: set[int] = set()
        conditions: list[dict[str, list[Value]]] = []
        for entry in entries:
            ids, names = _resolve_types(entry.types, pipeline.vars.get(TYPES_VARIABLE) or {})
            device_types.update(ids)
            condition = {k: list(v) for k, v in entry.conditions.items()}
            if names:  # a custom type: its name comes first, the cheapest test
                condition = {TYPE_NAME_FIELD: list(names), **condition}
                pipeline.field_mappings.add_mapping(TYPE_NAME_FIELD, TYPE_NAME_FIELD)
            if condition:
                conditions.append(condition)
        pipeline.state[DEVICE_TYPES_STATE] = sorted(device_types)
        for index, condition in reversed(list(enumerate(conditions))):  # the first leftmost
            _add_condition(rule, f"_qradar_logsource_{index}", condition)

    def _claim(self, rule: SigmaRule) -> tuple[str, list[LogSource]] | None:
        source = rule.logsource
        for family, table in self.tables.items():
            entries = matching(
                table, self.orders[family], source.product, source.category, source.service
            )
            if entries:
                return family, entries
        return None


@attrs.define
class FamilyKeyFieldsTransformation(PreprocessingTransformation):
    """Remember the rule's ``fields`` with their QRadar properties, in its family's table."""

    families: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)

    def apply(self, rule: SigmaRule | SigmaCorrelationRule) -> None:
        """Store ``[(sigma_field, qradar_property)]`` for every mapped field in ``fields``."""
        pipeline = self._pipeline
        mapping = self.families.get(pipeline.state.get(FAMILY_STATE, "")) if pipeline else None
        if pipeline is None or mapping is None:
            return
        super().apply(rule)
        pipeline.state[KEY_FIELDS_STATE] = [
            (name, mapping[name]) for name in rule.fields if name in mapping
        ]


@dataclasses.dataclass
class FamilyFieldMappingTransformation(FieldMappingTransformation):
    """Map field names with the table of the family that claimed the rule.

    ``mapping`` holds every family's mappings (for tools that list the QRadar names a pipeline
    produces); the rule's own family table decides each name.
    """

    families: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    _current: dict[str, str] = dataclasses.field(default_factory=dict, init=False, repr=False)

    @classmethod
    def of(cls, families: Mapping[str, Mapping[str, str]]) -> FamilyFieldMappingTransformation:
        """Build the transformation from each family's field table."""
        union: dict[str | None, str | list[str]] = {}
        for table in families.values():
            union.update(table)
        return cls(union, families={name: dict(table) for name, table in families.items()})

    def apply(self, rule: SigmaRule | SigmaCorrelationRule) -> None:
        """Map the rule's fields if a family claimed it."""
        pipeline = self._pipeline
        mapping = self.families.get(pipeline.state.get(FAMILY_STATE, "")) if pipeline else None
        if mapping is not None:
            self._current = mapping
            super().apply(rule)

    def apply_field_name(self, field: str | None) -> str | list[str] | None:
        """The family's property for a field, or None to leave it unmapped."""
        return self._current.get(field) if field is not None else None


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
