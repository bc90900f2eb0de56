"""Generic traversal of AST nodes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from sigmaqr.aql import ast as a

__all__ = ["children", "walk"]

_SUBQUERY_HOLDERS = (a.InSubquery, a.SubquerySource)


def _is_node(value: Any) -> bool:
    """Return whether ``value`` is an AST node (an attrs instance other than a location)."""
    return attrs.has(type(value)) and not isinstance(value, a.Loc)


def children(node: Any) -> Iterator[Any]:
    """Yield the direct child nodes of ``node`` in field order.

    Args:
        node: Any AST node.

    Yields:
        Child nodes, including members of tuple fields.
    """
    for field in attrs.fields(type(node)):
        value = getattr(node, field.name)
        if isinstance(value, tuple):
            yield from (item for item in value if _is_node(item))
        elif _is_node(value):
            yield value


def walk(node: Any, *, subqueries: bool = True) -> Iterator[Any]:
    """Yield ``node`` and its descendants, depth first, parents before children.

    Args:
        node: Any AST node.
        subqueries: Descend into ``IN (SELECT ...)`` and ``FROM (SELECT ...)`` statements.

    Yields:
        The nodes.
    """
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if not subqueries and isinstance(current, _SUBQUERY_HOLDERS):
            kids = [k for k in children(current) if k is not current.query]
        else:
            kids = list(children(current))
        stack.extend(reversed(kids))
