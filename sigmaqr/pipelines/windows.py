"""The Windows pipeline: Sysmon, Security and other channels through log source type 12."""

from __future__ import annotations

from typing import Any

from sigma.processing.conditions import LogsourceCondition, RuleProcessingCondition
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import (
    AddConditionTransformation,
    FieldMappingTransformation,
    SetStateTransformation,
)

from sigmaqr.pipelines.transformations import DEVICE_TYPES_STATE, KeyFieldsTransformation
from sigmaqr.pipelines.windows_fields import PROFILES
from sigmaqr.pipelines.windows_logsources import (
    WINDOWS_CATEGORIES,
    WINDOWS_DEVICE_TYPE,
    WINDOWS_SERVICES,
)

BACKENDS = frozenset({"sigmaqr"})


def qradar_windows_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map Windows rules onto QRadar: log source type 12, channel, Event IDs and properties.

    Args:
        profile: The property-name profile, ``default`` or ``legacy`` (see docs/pipelines.md).

    Returns:
        The processing pipeline.
    """
    mapping = PROFILES[profile]
    return ProcessingPipeline(
        name=f"QRadar Windows ({profile} property names)",
        priority=20,
        allowed_backends=BACKENDS,
        items=[
            *_category_items(),
            *_service_items(),
            ProcessingItem(
                identifier="qradar_windows_device_type",
                transformation=SetStateTransformation(DEVICE_TYPES_STATE, [WINDOWS_DEVICE_TYPE]),
                rule_conditions=_known_logsources(),
                rule_condition_linking=any,
            ),
            ProcessingItem(
                identifier="qradar_windows_key_fields",
                transformation=KeyFieldsTransformation(mapping),
                rule_conditions=[LogsourceCondition(product="windows")],
            ),
            ProcessingItem(
                identifier="qradar_windows_fields",
                transformation=FieldMappingTransformation(_mapping(mapping)),
                rule_conditions=[LogsourceCondition(product="windows")],
            ),
        ],
    )


def qradar_windows_legacy_pipeline() -> ProcessingPipeline:
    """The Windows pipeline with the older content-pack property names."""
    return qradar_windows_pipeline("legacy")


def _category_items() -> list[ProcessingItem]:
    return [
        ProcessingItem(
            identifier=f"qradar_windows_{category}",
            transformation=AddConditionTransformation(dict[str, Any](conditions)),
            rule_conditions=[LogsourceCondition(product="windows", category=category)],
        )
        for category, conditions in WINDOWS_CATEGORIES.items()
    ]


def _service_items() -> list[ProcessingItem]:
    return [
        ProcessingItem(
            identifier=f"qradar_windows_service_{service}",
            transformation=AddConditionTransformation({"Channel": list(channels)}),
            rule_conditions=[LogsourceCondition(product="windows", service=service)],
        )
        for service, channels in WINDOWS_SERVICES.items()
    ]


def _known_logsources() -> list[RuleProcessingCondition]:
    return [
        *(LogsourceCondition(product="windows", category=c) for c in WINDOWS_CATEGORIES),
        *(LogsourceCondition(product="windows", service=s) for s in WINDOWS_SERVICES),
    ]


def _mapping(fields: dict[str, str]) -> dict[str | None, str | list[str]]:
    return {name: prop for name, prop in fields.items()}
