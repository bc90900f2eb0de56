"""Processing pipelines: field and log-source mapping for QRadar, as data."""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline

from sigmaqr.pipelines.transformations import (
    PlaceholderValuesTransformation,
    UnmappedFieldFailure,
    UnsupportedLogsourceFailure,
)
from sigmaqr.pipelines.windows import qradar_windows_pipeline
from sigmaqr.pipelines.windows_fields import PROFILES

__all__ = [
    "PROFILES",
    "checks_pipeline",
    "has_base_mapping",
    "qradar_legacy_pipeline",
    "qradar_pipeline",
]

BASE_MAPPING_ITEM = "qradar_windows_fields"


def qradar_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Every product sigmaqr maps, with one property-name profile.

    Args:
        profile: ``default`` (current IBM content-extension names) or ``legacy``.

    Returns:
        The combined processing pipeline.
    """
    pipeline = qradar_windows_pipeline(profile)
    pipeline.name = f"sigmaqr QRadar mapping ({profile} property names)"
    return pipeline


def qradar_legacy_pipeline() -> ProcessingPipeline:
    """The QRadar mapping with the older content-pack property names."""
    return qradar_pipeline("legacy")


def checks_pipeline() -> ProcessingPipeline:
    """Checks run after every mapping: each field mapped, each log source recognised."""
    return ProcessingPipeline(
        name="sigmaqr checks",
        priority=90,
        allowed_backends=frozenset({"sigmaqr"}),
        items=[
            ProcessingItem(
                identifier="sigmaqr_placeholders", transformation=PlaceholderValuesTransformation()
            ),
            ProcessingItem(
                identifier="sigmaqr_unsupported_logsource",
                transformation=UnsupportedLogsourceFailure(),
            ),
            ProcessingItem(
                identifier="sigmaqr_unmapped_fields", transformation=UnmappedFieldFailure()
            ),
        ],
    )


def has_base_mapping(pipeline: ProcessingPipeline | None) -> bool:
    """Whether a pipeline already holds one of sigmaqr's property-name profiles.

    Args:
        pipeline: A processing pipeline, or None.

    Returns:
        True when the pipeline contains sigmaqr's field mapping.
    """
    return pipeline is not None and any(
        item.identifier == BASE_MAPPING_ITEM for item in pipeline.items
    )
