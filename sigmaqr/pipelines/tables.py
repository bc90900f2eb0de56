"""Log-source tables: how each Sigma log source reaches QRadar, as data.

A table maps a Sigma log source key ``(product, category, service)`` (``None`` matches anything,
as in a pySigma ``LogsourceCondition``) to a :class:`LogSource`: the QRadar log source types that
carry it and the Sigma conditions that narrow it further (a Windows channel and Event IDs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

LogsourceKey = tuple[str | None, str | None, str | None]
Value = str | int


@attrs.frozen
class LogSource:
    """How QRadar receives one Sigma log source."""

    types: tuple[str, ...]
    conditions: Mapping[str, tuple[Value, ...]] = attrs.field(factory=dict)


def ls(types: str | Sequence[str], **conditions: Value | Sequence[Value]) -> LogSource:
    """Build a table entry: log source type name(s) and narrowing conditions.

    Args:
        types: One QRadar log source type name, or several.
        **conditions: Sigma field -> value or values (ORed), added to the rule's condition.

    Returns:
        The entry.
    """
    names = (types,) if isinstance(types, str) else tuple(types)
    return LogSource(
        names,
        {
            name: (value,) if isinstance(value, (str, int)) else tuple(value)
            for name, value in conditions.items()
        },
    )


def candidate_keys(
    product: str | None, category: str | None, service: str | None
) -> list[LogsourceKey]:
    """Every table key that can match a rule's log source.

    A key matches when each part it names equals the rule's. A key naming only the product
    matches only rules without category and service: a Windows rule of an unknown category is
    refused, not converted as "any Windows event".

    Args:
        product: The rule's product.
        category: The rule's category.
        service: The rule's service.

    Returns:
        The keys, without duplicates.
    """
    keys: dict[LogsourceKey, None] = {}
    for p in (product, None):
        for c in (category, None):
            for s in (service, None):
                fallback = c is None and s is None and (category, service) != (None, None)
                if (p, c, s) != (None, None, None) and not fallback:
                    keys[(p, c, s)] = None
    return list(keys)


def matching(
    table: Mapping[LogsourceKey, LogSource],
    order: Mapping[LogsourceKey, int],
    product: str | None,
    category: str | None,
    service: str | None,
) -> list[LogSource]:
    """The most specific entries of a table that match a rule's log source, in table order.

    Only the entries naming the most of product, category and service apply: a Windows rule
    with a category and a service gets both entries' conditions, while a ``product: linux``
    fallback entry applies only when no category or service entry matches.

    Args:
        table: The log-source table.
        order: Each key's position in the table.
        product: The rule's product.
        category: The rule's category.
        service: The rule's service.

    Returns:
        The matching entries.
    """
    keys = [k for k in candidate_keys(product, category, service) if k in table]
    if not keys:
        return []
    most = max(map(_specificity, keys))
    return [table[k] for k in sorted(keys, key=order.__getitem__) if _specificity(k) == most]


def _specificity(key: LogsourceKey) -> int:
    return sum(part is not None for part in key)
