"""Processing pipelines: field and log-source mapping for QRadar, as data."""

from __future__ import annotations

from collections.abc import Callable

from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline

from sigmaqr.pipelines.application import APPLICATION_FAMILY, qradar_application_pipeline
from sigmaqr.pipelines.aws import AWS_FAMILY, qradar_aws_pipeline
from sigmaqr.pipelines.azure import AZURE_FAMILY, qradar_azure_pipeline
from sigmaqr.pipelines.family import Family, combined_pipeline
from sigmaqr.pipelines.gcp import GCP_FAMILY, qradar_gcp_pipeline
from sigmaqr.pipelines.kubernetes import KUBERNETES_FAMILY, qradar_kubernetes_pipeline
from sigmaqr.pipelines.linux import LINUX_FAMILY, qradar_linux_pipeline
from sigmaqr.pipelines.m365 import M365_FAMILY, qradar_m365_pipeline
from sigmaqr.pipelines.macos import MACOS_FAMILY, qradar_macos_pipeline
from sigmaqr.pipelines.network import NETWORK_FAMILY, qradar_network_pipeline
from sigmaqr.pipelines.okta import OKTA_FAMILY, qradar_okta_pipeline
from sigmaqr.pipelines.saas import SAAS_FAMILY, qradar_saas_pipeline
from sigmaqr.pipelines.transformations import (
    PlaceholderValuesTransformation,
    UnmappedFieldFailure,
    UnsupportedLogsourceFailure,
)
from sigmaqr.pipelines.web import WEB_FAMILY, qradar_web_pipeline
from sigmaqr.pipelines.windows import (
    WINDOWS_FAMILY,
    WINDOWS_FILE_ACCESS_FAMILY,
    qradar_windows_pipeline,
)
from sigmaqr.pipelines.windows_fields import PROFILES

__all__ = [
    "FAMILIES",
    "FAMILY_PIPELINES",
    "PROFILES",
    "checks_pipeline",
    "has_base_mapping",
    "qradar_legacy_pipeline",
    "qradar_pipeline",
]

BASE_MAPPING_ITEM = "qradar_windows_fields"

# Product families, in the order they claim rules: product-specific tables before generic ones.
FAMILIES: tuple[Family, ...] = (
    WINDOWS_FILE_ACCESS_FAMILY,
    WINDOWS_FAMILY,
    LINUX_FAMILY,
    MACOS_FAMILY,
    AWS_FAMILY,
    AZURE_FAMILY,
    M365_FAMILY,
    GCP_FAMILY,
    OKTA_FAMILY,
    SAAS_FAMILY,
    KUBERNETES_FAMILY,
    NETWORK_FAMILY,
    WEB_FAMILY,
    APPLICATION_FAMILY,
)
FAMILY_PIPELINES: dict[str, Callable[[str], ProcessingPipeline]] = {
    "windows": qradar_windows_pipeline,
    "linux": qradar_linux_pipeline,
    "macos": qradar_macos_pipeline,
    "aws": qradar_aws_pipeline,
    "azure": qradar_azure_pipeline,
    "m365": qradar_m365_pipeline,
    "gcp": qradar_gcp_pipeline,
    "okta": qradar_okta_pipeline,
    "saas": qradar_saas_pipeline,
    "kubernetes": qradar_kubernetes_pipeline,
    "network": qradar_network_pipeline,
    "web": qradar_web_pipeline,
    "application": qradar_application_pipeline,
}
COMBINED_MAPPING_ITEM = "qradar_fields"


def qradar_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Every product sigmaqr maps, with one property-name profile.

    Args:
        profile: ``default`` (current IBM content-extension names) or ``legacy``.

    Returns:
        The combined processing pipeline.
    """
    title = f"sigmaqr QRadar mapping ({profile} property names)"
    return combined_pipeline(FAMILIES, profile, title)


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
        item.identifier in (BASE_MAPPING_ITEM, COMBINED_MAPPING_ITEM) for item in pipeline.items
    )
