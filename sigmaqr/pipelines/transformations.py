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
from sigma.rule import SigmaRule
from sigma.types import Placeholder, SigmaString

from sigmaqr.exceptions import (
    UnmappedFieldError,
    UnresolvedPlaceholderError,
    UnsupportedLogsourceError,
)

DEVICE_TYPES_STATE = "qradar_device_types"
KEY_FIELDS_STATE = "qradar_key_fields"


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
