"""sigmaqr: detection-as-code for IBM QRadar.

Sigma rules in, correct AQL out: a pySigma backend, pipelines that map Windows telemetry onto
QRadar properties, an AQL validator and an embedded engine that replays real events.

The public names load on first use, so ``import sigmaqr`` (and a CLI run answered from the
corpus cache) does not pay for importing pySigma.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sigmaqr.api import Conversion, RuleConversion, convert
    from sigmaqr.backend import QRadarAQLBackend
    from sigmaqr.corpus import convert_corpus
    from sigmaqr.rules import LoadedRule, load_rules

__version__ = "0.1.0"

__all__ = [
    "Conversion",
    "LoadedRule",
    "QRadarAQLBackend",
    "RuleConversion",
    "__version__",
    "convert",
    "convert_corpus",
    "load_rules",
]

_HOMES = {
    "Conversion": "sigmaqr.api",
    "RuleConversion": "sigmaqr.api",
    "convert": "sigmaqr.api",
    "QRadarAQLBackend": "sigmaqr.backend",
    "convert_corpus": "sigmaqr.corpus",
    "LoadedRule": "sigmaqr.rules",
    "load_rules": "sigmaqr.rules",
}


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is used."""
    if name not in _HOMES:
        raise AttributeError(f"module 'sigmaqr' has no attribute '{name}'")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
