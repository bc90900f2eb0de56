"""What a corpus run converts to, and what converting one unit gives (no pySigma import)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from sigmaqr.corpus.report import RuleOutcome

if TYPE_CHECKING:
    from sigma.conversion.base import Backend


@attrs.frozen
class Settings:
    """What to convert to: target, format, pipelines and backend options."""

    target: str = "qradar"
    format: str = "query"
    pipelines: tuple[str, ...] = ()
    options: Mapping[str, Any] = attrs.field(factory=dict)

    def backend(self) -> Backend:
        """A backend for these settings, its processing pipeline initialised."""
        from sigmaqr.targets import make_backend  # pySigma only when something converts

        backend = make_backend(self.target, self.pipelines, dict(self.options), self.format)
        backend.init_processing_pipeline(self.format)
        return backend


@attrs.frozen
class UnitResult:
    """A converted unit: its index, the digest of the texts converted, and the outcomes."""

    index: int
    key: str | None
    outcomes: list[RuleOutcome]
