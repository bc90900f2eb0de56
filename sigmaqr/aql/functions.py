"""The known AQL function table: name, arity and kind (scalar or aggregate).

Sources: the IBM AQL guide's function pages (aql-facts.md §3.1). Argument counts
marked "optional" below follow IBM's examples; where IBM shows an optional trailing
argument (a domain or timestamp) the maximum allows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

__all__ = ["FUNCTIONS", "FunctionSpec", "is_aggregate", "lookup"]

Kind = Literal["scalar", "aggregate"]
Arity = tuple[int, int | None]


@attrs.frozen
class FunctionSpec:
    """One built-in function: upper-case name, argument count range, kind and group."""

    name: str
    min_args: int
    max_args: int | None
    kind: Kind = "scalar"
    group: str = "retrieval"

    def accepts(self, count: int) -> bool:
        """Return whether ``count`` arguments are within the allowed range."""
        return count >= self.min_args and (self.max_args is None or count <= self.max_args)

    def arity_text(self) -> str:
        """Describe the allowed argument count, e.g. ``"1 argument"`` or ``"2 to 3 arguments"``."""
        low, high = self.min_args, self.max_args
        if high is None:
            return f"at least {low} argument{'s' if low != 1 else ''}"
        if low == high:
            return f"{low} argument{'s' if low != 1 else ''}"
        return f"{low} to {high} arguments"


def _specs(group: str, kind: Kind, rows: Mapping[str, Arity]) -> list[FunctionSpec]:
    """Build the specs of one function group."""
    return [FunctionSpec(name, low, high, kind, group) for name, (low, high) in rows.items()]


_FORMATTING = {
    "BASE64": (1, 1),
    "CONCAT": (1, None),
    "DATEFORMAT": (2, 3),  # (time, 'pattern'[, timezone])
    "DOUBLE": (1, 1),
    "LONG": (1, 1),
    "NOW": (0, 0),
    "PARSEDATETIME": (1, 1),
    "PARSETIMESTAMP": (2, 2),  # ('format', value)
    "REPLACEALL": (3, 3),  # ('regex', 'replacement', value)
    "REPLACEFIRST": (3, 3),
    "STR": (1, 1),
    "STRLEN": (1, 1),
    "STRPOS": (2, 3),  # (value, 'needle'[, start])
    "SUBSTRING": (3, 3),  # (value, start, end)
    "UPPER": (1, 1),
    "LOWER": (1, 1),
    "UTF8": (1, 1),
}

_AGGREGATES = {
    name: (1, 1)
    for name in (
        "AVG",
        "COUNT",
        "FIRST",
        "LAST",
        "MIN",
        "MAX",
        "STDEV",
        "STDEVP",
        "SUM",
        "UNIQUECOUNT",
    )
}

_RETRIEVAL = {
    "APPLICATIONNAME": (1, 1),
    "ARIELSERVERS4EPID": (1, 1),
    "ARIELSERVERS4EPNAME": (1, 1),
    "ASSETHOSTNAME": (1, 3),  # (ip[, timestamp][, domain])
    "ASSETPROPERTY": (2, 3),  # ('property', ip[, domain])
    "ASSETUSER": (1, 3),
    "CATEGORYNAME": (1, 1),
    "COMPONENTID": (1, 2),
    "DOMAINNAME": (1, 1),
    "GEO::LOOKUP": (1, None),  # (ip, 'field', ...)
    "GEO::DISTANCE": (2, 2),
    "HOSTNAME": (1, 1),
    "INCIDR": (2, 2),  # ('cidr', ip)
    "INOFFENSE": (1, 1),
    "LOGSOURCENAME": (1, 1),
    "LOGSOURCEGROUPNAME": (1, 1),
    "LOGSOURCETYPENAME": (1, 1),
    "MATCHESASSETSEARCH": (2, 3),
    "NETWORKNAME": (1, 2),
    "OFFENSE_TIME": (1, 1),
    "PROCESSORNAME": (1, 1),
    "PROTOCOLNAME": (1, 1),
    "QIDNAME": (1, 1),
    "QIDDESCRIPTION": (1, 1),
    "REFERENCEMAP": (2, 3),  # ('map', key[, domain])
    "REFERENCEMAPSETCONTAINS": (3, 4),  # ('map', key, value[, domain])
    "REFERENCETABLE": (3, 4),  # ('table', 'column', key[, domain])
    "REFERENCESETCONTAINS": (2, 3),  # ('set', value[, domain])
    "RULENAME": (1, 1),
}

FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in (
        _specs("formatting", "scalar", _FORMATTING)
        + _specs("aggregate", "aggregate", _AGGREGATES)
        + _specs("retrieval", "scalar", _RETRIEVAL)
    )
}
"""Known functions by upper-case name."""


def lookup(name: str) -> FunctionSpec | None:
    """Return the spec of a built-in function.

    Args:
        name: Function name in any letter case.

    Returns:
        The spec, or ``None`` when the function is not a known built-in.
    """
    return FUNCTIONS.get(name.upper())


def is_aggregate(name: str) -> bool:
    """Return whether ``name`` is a known aggregate function (``COUNT``, ``SUM``, ...)."""
    spec = lookup(name)
    return spec is not None and spec.kind == "aggregate"
