"""Conversion targets: our QRadar backend and any other installed pySigma backend."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, cast

from sigma.conversion.base import Backend
from sigma.exceptions import SigmaConfigurationError, SigmaError
from sigma.plugins import InstalledSigmaPlugins
from sigma.processing.pipeline import ProcessingPipeline
from sigma.processing.resolver import ProcessingPipelineResolver

from sigmaqr.backend import QRadarAQLBackend
from sigmaqr.pipelines import qradar_legacy_pipeline, qradar_pipeline

QRADAR_TARGETS = frozenset({"qradar", "sigmaqr"})
OWN_PIPELINES = {"sigmaqr": qradar_pipeline, "sigmaqr_legacy": qradar_legacy_pipeline}


@lru_cache(maxsize=1)
def installed_plugins() -> InstalledSigmaPlugins:
    """Discover installed pySigma plugins once per process."""
    return InstalledSigmaPlugins.autodiscover(include_validators=False)


def is_qradar(target: str) -> bool:
    """Whether a target name means sigmaqr's own backend."""
    return target in QRADAR_TARGETS


def backend_class(target: str) -> type[Backend]:
    """Find the backend class for a target identifier.

    Args:
        target: ``qradar``/``sigmaqr`` or any installed pySigma backend's identifier.

    Returns:
        The backend class.

    Raises:
        SigmaConfigurationError: No installed backend has this identifier.
    """
    if is_qradar(target):
        return QRadarAQLBackend
    backends = installed_plugins().backends
    if target not in backends:
        known = ", ".join(sorted({"qradar", *backends}))
        raise SigmaConfigurationError(f"unknown target '{target}' (installed: {known})")
    return cast(type[Backend], backends[target])


def resolve_pipelines(specs: Sequence[str], target: str) -> ProcessingPipeline | None:
    """Resolve pipeline names and YAML files into one pipeline, ordered by priority.

    Args:
        specs: Pipeline identifiers (sigmaqr's or installed plugins') or YAML file paths.
        target: The target, for pySigma's allowed-backend check.

    Returns:
        The merged pipeline, or None when no pipeline is named.
    """
    if not specs:
        return None
    named: dict[str, Any] = {**installed_plugins().pipelines, **OWN_PIPELINES}
    resolver = ProcessingPipelineResolver(named)
    backend_id = "sigmaqr" if is_qradar(target) else target
    return resolver.resolve(list(specs), target=backend_id)


def make_backend(
    target: str,
    pipelines: Sequence[str] = (),
    options: dict[str, Any] | None = None,
    output_format: str | None = None,
) -> Backend:
    """Instantiate a target's backend with its pipelines and backend options.

    Args:
        target: The target identifier.
        pipelines: Pipeline identifiers or YAML paths.
        options: Backend options.
        output_format: When given, checked against the backend's formats.

    Returns:
        The backend.

    Raises:
        SigmaConfigurationError: Unknown target, pipeline or format, or a bad option value.
    """
    cls = backend_class(target)
    if output_format is not None and output_format not in cls.formats:
        formats = ", ".join(cls.formats)
        raise SigmaConfigurationError(
            f"unknown format '{output_format}' for target '{target}' (formats: {formats})"
        )
    try:
        pipeline = resolve_pipelines(pipelines, target)
    except SigmaError as error:
        raise SigmaConfigurationError(f"pipeline: {error}") from error
    return cls(pipeline, **(options or {}))
