"""A rule's conversion status: the words every report uses (no pySigma import needed)."""

from __future__ import annotations

CONVERTED, UNSUPPORTED, ERROR = "converted", "unsupported", "error"
NO_QUERY = "the target produced no query for this rule (its pipeline drops this log source)"
