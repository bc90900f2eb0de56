"""Options that shape rendered searches, settable as pySigma backend options."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs
from sigma.exceptions import SigmaConfigurationError

_TIME_WINDOW = re.compile(r"^LAST \d+ (?:MINUTES|HOURS|DAYS)$|^START '[^']+'(?: STOP '[^']+')?$")


def _check_time_window(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not _TIME_WINDOW.match(value):
        raise SigmaConfigurationError(
            f"time window '{value}' is not an AQL time clause "
            "(LAST n MINUTES|HOURS|DAYS or START '...' STOP '...')"
        )


@attrs.frozen
class SearchOptions:
    """How complete searches are rendered; each option is documented in docs/backend.md."""

    time_window: str = attrs.field(default="LAST 24 HOURS", validator=_check_time_window)
    conditional: str = attrs.field(default="case", validator=attrs.validators.in_(("case", "if")))
    matches: str = attrs.field(default="full", validator=attrs.validators.in_(("full", "find")))
    host_column: str = "LOGSOURCENAME(logsourceid)"
    limit: int | None = None

    @classmethod
    def from_backend_options(cls, options: Mapping[str, Any]) -> SearchOptions:
        """Build options from pySigma backend options (``-O key=value`` in sigma-cli).

        Args:
            options: Backend options; unknown keys are ignored, as pySigma passes its own too.

        Returns:
            The validated options.

        Raises:
            SigmaConfigurationError: An option has an invalid value.
        """
        known = {a.name for a in attrs.fields(cls)}
        values = {k: v for k, v in options.items() if k in known}
        if "time_window" in values:
            values["time_window"] = _normalise_window(str(values["time_window"]))
        if "limit" in values and values["limit"] is not None:
            try:
                values["limit"] = int(values["limit"])
            except ValueError as error:
                raise SigmaConfigurationError(
                    f"limit '{values['limit']}' is not a number"
                ) from error
        try:
            return cls(**values)
        except ValueError as error:
            raise SigmaConfigurationError(str(error)) from error


def _normalise_window(text: str) -> str:
    """Accept ``24h``/``30m``/``7d`` shorthands as well as AQL time clauses."""
    short = re.fullmatch(r"(\d+)\s*([mhd])", text.strip().lower())
    if short:
        unit = {"m": "MINUTES", "h": "HOURS", "d": "DAYS"}[short.group(2)]
        return f"LAST {short.group(1)} {unit}"
    return " ".join(text.split()).upper() if text.strip().upper().startswith("LAST") else text
