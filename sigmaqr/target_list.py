"""The conversion targets installed here: identifier, name, formats and default pipelines."""

from __future__ import annotations

from typing import Any

import attrs

from sigmaqr.target_pipelines import TARGET_PIPELINES
from sigmaqr.targets import QRADAR_TARGETS, backend_class, installed_plugins

QRADAR = "qradar"
QRADAR_PIPELINES = {"*": ("sigmaqr",)}
"""The QRadar backend applies its own mapping whenever no sigmaqr mapping is named."""


@attrs.frozen
class TargetInfo:
    """One installed target and the pipelines sigmaqr applies to it by default."""

    identifier: str
    name: str
    formats: tuple[str, ...]
    pipelines: dict[str, tuple[str, ...]]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "identifier": self.identifier,
            "name": self.name,
            "formats": list(self.formats),
            "pipelines": {k: list(v) for k, v in sorted(self.pipelines.items())},
        }


def installed_targets() -> list[TargetInfo]:
    """List the targets: ``qradar`` first, then every installed pySigma backend by identifier.

    Returns:
        One entry per target; a default pipeline whose plugin is missing is left out.
    """
    others = sorted(set(installed_plugins().backends) - QRADAR_TARGETS)
    return [target_info(QRADAR), *(target_info(t) for t in others)]


def target_info(target: str) -> TargetInfo:
    """Describe one target.

    Args:
        target: The target identifier.

    Returns:
        Its name, formats and default pipelines per Sigma product.

    Raises:
        SigmaConfigurationError: No installed backend has this identifier.
    """
    cls = backend_class(target)
    name = str(getattr(cls, "name", "") or cls.__name__)
    return TargetInfo(target, name, tuple(cls.formats), _pipelines(target))


def _pipelines(target: str) -> dict[str, tuple[str, ...]]:
    if target in QRADAR_TARGETS:
        return dict(QRADAR_PIPELINES)
    installed = installed_plugins().pipelines
    table = TARGET_PIPELINES.get(target, {})
    chosen = {p: tuple(n for n in names if n in installed) for p, names in table.items()}
    return {product: names for product, names in chosen.items() if names}
