"""sigmaqr: detection-as-code for IBM QRadar.

Sigma rules in, correct AQL out: a pySigma backend, pipelines that map Windows telemetry onto
QRadar properties, an AQL validator and an embedded engine that replays real events.
"""

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
