"""Conversion targets: our QRadar backend and any other installed pySigma backend."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, cast

from sigma.conversion.base import Backend
from sigma.exceptions import SigmaConfigurationError, SigmaError
from sigma.plugins import InstalledSigmaPlugins
from sigma.processing.pipeline import ProcessingPipeline
from sigma.processing.resolver import ProcessingPipelineResolver

from sigmaqr.backend import QRadarAQLBackend
from sigmaqr.names import QRADAR_TARGETS, is_qradar, target_format
from sigmaqr.pipelines import qradar_legacy_pipeline, qradar_pipeline
from sigmaqr.target_pipelines import auto_pipelines

__all__ = [
    "OWN_PIPELINES",
    "QRADAR_TARGETS",
    "backend_class",
    "installed_plugins",
    "is_qradar",
    "make_backend",
    "resolve_pipelines",
    "target_format",
]

OWN_PIPELINES = {"sigmaqr": qradar_pipeline, "sigmaqr_legacy": qradar_legacy_pipeline}


@lru_cache(maxsize=1)
def installed_plugins() -> InstalledSigmaPlugins:
    """Discover installed pySigma plugins once per process."""
    return InstalledSigmaPlugins.autodiscover(include_validators=False)


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


def resolve_pipelines(
    specs: Sequence[str], target: str, check: bool = True
) -> ProcessingPipeline | None:
    """Resolve pipeline names and YAML files into one pipeline, ordered by priority.

    Args:
        specs: Pipeline identifiers (sigmaqr's or installed plugins') or YAML file paths.
        target: The target, for pySigma's allowed-backend check.
        check: Whether to run that check (off for the automatic choice of
            :mod:`sigmaqr.target_pipelines`).

    Returns:
        The merged pipeline, or None when no pipeline is named.
    """
    if not specs:
        return None
    named: dict[str, Any] = {**installed_plugins().pipelines, **OWN_PIPELINES}
    resolver = ProcessingPipelineResolver(named)
    backend_id = "sigmaqr" if is_qradar(target) else target
    return resolver.resolve(list(specs), target=backend_id if check else None)


def default_pipelines(target: str, products: Iterable[str | None] | None = None) -> tuple[str, ...]:
    """The installed pipelines applied to a target when the user names none.

    Args:
        target: The target identifier.
        products: The Sigma products of the rules; all the target's products when None.

    Returns:
        Pipeline identifiers from :data:`sigmaqr.target_pipelines.TARGET_PIPELINES`.
    """
    wanted = auto_pipelines(target, products)
    if not wanted:  # qradar and targets without defaults: no plugin discovery needed
        return ()
    installed = installed_plugins().pipelines
    return tuple(p for p in wanted if p in installed)


def make_backend(
    target: str,
    pipelines: Sequence[str] = (),
    options: dict[str, Any] | None = None,
    output_format: str | None = None,
    products: Iterable[str | None] | None = None,
) -> Backend:
    """Instantiate a target's backend with its pipelines and backend options.

    Args:
        target: The target identifier.
        pipelines: Pipeline identifiers or YAML paths; when empty, the target's default
            pipelines for ``products`` (:func:`default_pipelines`).
        options: Backend options.
        output_format: When given, checked against the backend's formats.
        products: The Sigma products of the rules to convert, for the default pipelines.

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
    chosen = tuple(pipelines) or default_pipelines(target, products)
    try:
        pipeline = resolve_pipelines(chosen, target, check=bool(pipelines))
    except SigmaError as error:
        raise SigmaConfigurationError(f"pipeline: {error}") from error
    return cls(pipeline, **(options or {}))
