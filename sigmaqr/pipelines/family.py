"""Product families as data, and the pipelines built from their tables.

A family is two tables, log sources and fields (plus the older content packs' names for the
``legacy`` profile). :func:`family_pipeline` builds one family's pipeline; sigmaqr's combined
mapping (:func:`combined_pipeline`) dispatches over every family with the same three items, so
a rule pays for one table lookup, not for one processing item per log source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline

from sigmaqr.pipelines.tables import LogSource, LogsourceKey
from sigmaqr.pipelines.transformations import (
    FamilyFieldMappingTransformation,
    FamilyKeyFieldsTransformation,
    LogsourceTableTransformation,
)

BACKENDS = frozenset({"sigmaqr"})
PRIORITY = 20
PROFILE_NAMES = ("default", "legacy")


@attrs.frozen
class Family:
    """A product family: its log-source table and its field table."""

    name: str
    title: str
    logsources: Mapping[LogsourceKey, LogSource]
    fields: Mapping[str, str]
    legacy: Mapping[str, str] = attrs.field(factory=dict)

    def fields_for(self, profile: str) -> dict[str, str]:
        """The field table for a property-name profile.

        Args:
            profile: ``default`` (current IBM content-extension names) or ``legacy``.

        Returns:
            Sigma field -> QRadar column or property.

        Raises:
            ValueError: Unknown profile.
        """
        if profile not in PROFILE_NAMES:
            raise ValueError(f"unknown property-name profile {profile!r} (known: default, legacy)")
        return {**self.fields, **self.legacy} if profile == "legacy" else dict(self.fields)


def family_pipeline(family: Family, profile: str = "default") -> ProcessingPipeline:
    """One family's pipeline: its log sources and its fields.

    Args:
        family: The family.
        profile: The property-name profile.

    Returns:
        The processing pipeline.
    """
    title = f"QRadar {family.title} ({profile} names)"
    return _pipeline([family], profile, title, f"qradar_{family.name}")


def combined_pipeline(families: Sequence[Family], profile: str, title: str) -> ProcessingPipeline:
    """Several families in one pipeline; the first family whose table knows a rule claims it.

    Args:
        families: The families, product-specific tables before generic ones.
        profile: The property-name profile.
        title: The pipeline's name.

    Returns:
        The processing pipeline.
    """
    return _pipeline(families, profile, title, "qradar")


def _pipeline(
    families: Sequence[Family], profile: str, title: str, prefix: str
) -> ProcessingPipeline:
    """Three items: claim the rule and set its log source, remember its columns, map fields."""
    fields = {family.name: family.fields_for(profile) for family in families}
    return ProcessingPipeline(
        name=title,
        priority=PRIORITY,
        allowed_backends=BACKENDS,
        items=[
            ProcessingItem(
                identifier=f"{prefix}_logsources",
                transformation=LogsourceTableTransformation(
                    {family.name: family.logsources for family in families}
                ),
            ),
            ProcessingItem(
                identifier=f"{prefix}_key_fields",
                transformation=FamilyKeyFieldsTransformation(fields),
            ),
            ProcessingItem(
                identifier=f"{prefix}_fields",
                transformation=FamilyFieldMappingTransformation.of(fields),
            ),
        ],
    )
