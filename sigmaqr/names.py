"""Names sigmaqr answers to, known without importing pySigma (fast paths use them)."""

from __future__ import annotations

from typing import Any

import yaml

QRADAR_TARGETS = frozenset({"qradar", "sigmaqr"})
OWN_PIPELINE_NAMES = frozenset({"sigmaqr", "sigmaqr_legacy"})
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when built


def is_qradar(target: str) -> bool:
    """Whether a target name means sigmaqr's own backend."""
    return target in QRADAR_TARGETS


def target_format(target: str, output_format: str) -> str:
    """The format to ask a target for: ``query`` means ``default`` on targets without ``query``.

    Args:
        target: The target identifier.
        output_format: The requested format (``query`` is the CLI's and API's default).

    Returns:
        The format name to convert with.
    """
    if output_format == "query" and not is_qradar(target):
        from sigmaqr.targets import backend_class  # other targets need plugin discovery

        formats = backend_class(target).formats
        if "query" not in formats and "default" in formats:
            return "default"
    return output_format
