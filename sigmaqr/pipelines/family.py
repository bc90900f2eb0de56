"""Building a product family's pipeline from its two tables: log sources and fields."""

from __future__ import annotations

from collections.abc import Mapping

from sigma.processing.conditions import RuleProcessingStateCondition
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import FieldMappingTransformation

from sigmaqr.pipelines.tables import LogSource, LogsourceKey
from sigmaqr.pipelines.transformations import (
    FAMILY_STATE,
    KeyFieldsTransformation,
    LogsourceTableTransformation,
)

BACKENDS = frozenset({"sigmaqr"})
PRIORITY = 20


def family_pipeline(
    family: str,
    logsources: Mapping[LogsourceKey, LogSource],
    fields: Mapping[str, str],
    title: str,
) -> ProcessingPipeline:
    """A pipeline that recognises a family's log sources and maps its fields.

    Three items: the log-source table (claims the rule, sets its log source types and adds the
    narrowing conditions), the rule's ``fields`` columns, and the field mapping. The last two only
    apply to rules the table claimed.

    Args:
        family: The family's short name (``windows``, ``linux``, ``aws``, ...).
        logsources: Its log-source table.
        fields: Its Sigma field -> QRadar property table.
        title: The pipeline's name.

    Returns:
        The processing pipeline.
    """
    mapping: dict[str | None, str | list[str]] = {name: prop for name, prop in fields.items()}
    return ProcessingPipeline(
        name=title,
        priority=PRIORITY,
        allowed_backends=BACKENDS,
        items=[
            ProcessingItem(
                identifier=f"qradar_{family}_logsources",
                transformation=LogsourceTableTransformation(family, logsources),
            ),
            ProcessingItem(
                identifier=f"qradar_{family}_key_fields",
                transformation=KeyFieldsTransformation(fields),
                rule_conditions=[RuleProcessingStateCondition(FAMILY_STATE, family)],
            ),
            ProcessingItem(
                identifier=f"qradar_{family}_fields",
                transformation=FieldMappingTransformation(mapping),
                rule_conditions=[RuleProcessingStateCondition(FAMILY_STATE, family)],
            ),
        ],
    )
