"""Canonical AQL printer: upper-case keywords, single spaces, safe parentheses.

``parse(to_aql(tree)) == tree`` for every tree the parser can produce. Parentheses
are minimal except where AQL precedence is undocumented: AND inside OR, nested
AND/OR, and the operand of NOT (unless it is a plain predicate) are always
parenthesized, because IBM does not document NOT/AND/OR precedence.
"""

from __future__ import annotations

import math
import re

from sigmaqr.aql import ast as a
from sigmaqr.aql.grammar import RESERVED

__all__ = ["quote_identifier", "quote_string", "to_aql"]

_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PRECEDENCE = {"|": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "%": 4, "^": 5}
_UNARY = 6
_OPERAND = 3
"""Context for operands of conditions: parenthesize IF (it would swallow what follows) and
bitwise ``&`` / ``|``, whose precedence against comparisons IBM does not document."""


def quote_string(value: str) -> str:
    """Return ``value`` as an AQL string literal (``'`` doubled, backslash literal)."""
    return "'" + value.replace("'", "''") + "'"


def quote_identifier(name: str, force: bool = False) -> str:
    """Return ``name`` bare when that is safe, else double-quoted (``"`` doubled).

    Args:
        name: A column, property or table name.
        force: Always double-quote.

    Returns:
        The name as it should appear in AQL.
    """
    if not force and _is_bare(name):
        return name
    return '"' + name.replace('"', '""') + '"'


def _is_bare(name: str) -> bool:
    """Return whether ``name`` can be written without quotes."""
    return _BARE.fullmatch(name) is not None and name.upper() not in RESERVED


def _alias(alias: str) -> str:
    """Return an alias bare when possible, else single-quoted (IBM's form)."""
    return alias if _is_bare(alias) else quote_string(alias)


def _number(node: a.NumberLit) -> str:
    """Format a number literal; hex spelling is kept for integers written in hex."""
    value = node.value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} as an AQL number")
        return repr(value)
    if node.hex:
        return ("-" if value < 0 else "") + f"0x{abs(value):x}"
    return str(value)


def _expr(node: a.Expr, ctx: int = 0) -> str:
    """Print a value expression; ``ctx`` is the binding strength its position needs."""
    match node:
        case a.BinaryOp(op=op, left=left, right=right):
            prec = _PRECEDENCE[op]
            text = f"{_expr(left, prec)} {op} {_expr(right, prec + 1)}"
            return f"({text})" if prec < ctx else text
        case a.UnaryOp(op=op, operand=operand):
            inner = _expr(operand, _UNARY)
            if isinstance(operand, a.NumberLit | a.UnaryOp) or inner.startswith("-"):
                inner = f"({inner})"
            return op + inner
        case a.IfThenElse(condition=cond, then=then, else_=else_):
            text = f"IF {_cond(cond)} THEN {_expr(then)} ELSE {_expr(else_)}"
            return f"({text})" if ctx > 0 else text
        case _:
            return _atom(node)


def _atom(node: a.Expr) -> str:
    """Print an expression that never needs parentheses."""
    match node:
        case a.Identifier(name=name, quoted=quoted):
            return quote_identifier(name, force=quoted)
        case a.StringLit(value=value):
            return quote_string(value)
        case a.NumberLit():
            return _number(node)
        case a.BoolLit(value=value):
            return "TRUE" if value else "FALSE"
        case a.NullLit():
            return "NULL"
        case a.Star():
            return "*"
        case a.FunctionCall(name=name, args=args):
            return f"{name.upper()}({', '.join(_expr(arg) for arg in args)})"
        case a.Case():
            return _case(node)
    raise TypeError(f"not an AQL expression node: {node!r}")


def _case(node: a.Case) -> str:
    """Print a simple or searched CASE expression."""
    parts = ["CASE"]
    if node.operand is not None:
        parts.append(_expr(node.operand))
    for arm in node.whens:
        when = _cond_or_expr(arm.when) if node.operand is None else _expr_of(arm.when)
        parts.append(f"WHEN {when} THEN {_expr(arm.then)}")
    if node.else_ is not None:
        parts.append(f"ELSE {_expr(node.else_)}")
    parts.append("END")
    return " ".join(parts)


def _expr_of(node: a.Expr | a.Condition) -> str:
    """Print a simple-CASE arm value (an expression)."""
    if isinstance(node, _CONDITION_TYPES):
        raise TypeError(f"simple CASE arm must be a value, not {node!r}")
    return _expr(node)


def _cond_or_expr(node: a.Expr | a.Condition) -> str:
    """Print a searched-CASE arm test, which is normally a condition."""
    if isinstance(node, _CONDITION_TYPES):
        return _cond(node)
    return _expr(node, _OPERAND)


def _cond(node: a.Condition) -> str:
    """Print a condition."""
    match node:
        case a.Or(operands=ops):
            return " OR ".join(_wrapped(op, (a.And, a.Or)) for op in ops)
        case a.And(operands=ops):
            return " AND ".join(_wrapped(op, (a.And, a.Or)) for op in ops)
        case a.Not(operand=operand):
            if isinstance(operand, a.Predicate):
                return "NOT " + _cond(operand)
            return f"NOT ({_cond(operand)})"
        case a.TextSearch(text=text):
            return f"TEXT SEARCH {quote_string(text)}"
        case a.Predicate(expr=expr):
            return _expr(expr, _OPERAND)
    return _test(node)


def _wrapped(node: a.Condition, kinds: tuple[type, ...]) -> str:
    """Print ``node``, parenthesized when it is one of ``kinds``."""
    text = _cond(node)
    return f"({text})" if isinstance(node, kinds) else text


def _test(node: a.Condition) -> str:
    """Print a predicate with an operator: comparison, BETWEEN, IN, LIKE, IS NULL."""
    match node:
        case a.Comparison(op=op, left=left, right=right):
            return f"{_expr(left, _OPERAND)} {op} {_expr(right, _OPERAND)}"
        case a.Between(expr=expr, low=low, high=high):
            return f"{_expr(expr, _OPERAND)} BETWEEN {_expr(low, _OPERAND)} AND " + _expr(
                high, _OPERAND
            )
        case a.InList(expr=expr, values=values, negated=negated):
            items = ", ".join(_expr(v) for v in values)
            return f"{_expr(expr, _OPERAND)} {_not(negated)}IN ({items})"
        case a.InSubquery(expr=expr, query=query, negated=negated):
            return f"{_expr(expr, _OPERAND)} {_not(negated)}IN ({_statement(query)})"
        case a.PatternMatch(expr=expr, op=op, pattern=pattern, negated=negated):
            return f"{_expr(expr, _OPERAND)} {_not(negated)}{op} {_expr(pattern, _OPERAND)}"
        case a.IsNull(expr=expr, negated=negated):
            return f"{_expr(expr, _OPERAND)} IS {_not(negated)}NULL"
    raise TypeError(f"not an AQL condition node: {node!r}")


def _not(negated: bool) -> str:
    """Return ``"NOT "`` when negated."""
    return "NOT " if negated else ""


def _source(node: a.FromSource) -> str:
    """Print a FROM source."""
    match node:
        case a.Table(name=name):
            return quote_identifier(name)
        case a.GlobalView(name=name, interval=interval):
            return f"GLOBALVIEW({quote_string(name)}, {quote_string(interval)})"
        case a.SubquerySource(query=query):
            return f"({_statement(query)})"
    raise TypeError(f"not an AQL FROM source: {node!r}")


def _select_item(node: a.SelectItem) -> str:
    """Print one SELECT list entry."""
    text = _expr(node.expr)
    return text if node.alias is None else f"{text} AS {_alias(node.alias)}"


def _order_item(node: a.OrderItem) -> str:
    """Print one ORDER BY entry (IBM's order: direction, then COLLATE)."""
    text = _expr(node.expr)
    if node.direction is not None:
        text += f" {node.direction}"
    if node.collate is not None:
        text += f" COLLATE {quote_string(node.collate)}"
    return text


def _time(node: a.TimeClause) -> str:
    """Print a LAST or START/STOP clause."""
    if isinstance(node, a.LastTime):
        return f"LAST {node.amount} {node.unit.upper()}"
    text = f"START {_expr(node.start, _OPERAND)}"
    return text if node.stop is None else f"{text} STOP {_expr(node.stop, _OPERAND)}"


def _trailing(
    order_by: tuple[a.OrderItem, ...],
    limit: int | None,
    time: a.TimeClause | None,
    parameters: tuple[a.Parameter, ...],
) -> list[str]:
    """Print the clauses shared by a Query and a Union tail."""
    parts = []
    if order_by:
        parts.append("ORDER BY " + ", ".join(_order_item(o) for o in order_by))
    if limit is not None:
        parts.append(f"LIMIT {limit}")
    if time is not None:
        parts.append(_time(time))
    if parameters:
        parts.append("PARAMETERS " + ", ".join(f"{p.name}={_expr(p.value)}" for p in parameters))
    return parts


def _query(node: a.Query) -> str:
    """Print one SELECT statement."""
    parts = [
        "SELECT " + ", ".join(_select_item(i) for i in node.select),
        "FROM " + _source(node.from_),
    ]
    if node.into is not None:
        parts.append(f"INTO {quote_string(node.into)}")
    if node.where is not None:
        parts.append(f"WHERE {_cond(node.where)}")
    if node.group_by:
        parts.append("GROUP BY " + ", ".join(_expr(g) for g in node.group_by))
    if node.having is not None:
        parts.append(f"HAVING {_cond(node.having)}")
    parts += _trailing(node.order_by, node.limit, node.time, node.parameters)
    return " ".join(parts)


def _statement(node: a.Statement) -> str:
    """Print a Query or Union."""
    if isinstance(node, a.Query):
        return _query(node)
    glue = " UNION ALL " if node.union_all else " UNION "
    tail = _trailing(node.order_by, node.limit, node.time, node.parameters)
    return " ".join([glue.join(_query(q) for q in node.queries), *tail])


_CONDITION_TYPES = (
    a.Comparison,
    a.Between,
    a.InList,
    a.InSubquery,
    a.PatternMatch,
    a.IsNull,
    a.TextSearch,
    a.Predicate,
    a.Not,
    a.And,
    a.Or,
)
_EXPR_TYPES = (
    a.Identifier,
    a.StringLit,
    a.NumberLit,
    a.BoolLit,
    a.NullLit,
    a.Star,
    a.FunctionCall,
    a.UnaryOp,
    a.BinaryOp,
    a.Case,
    a.IfThenElse,
)


def to_aql(node: a.Statement | a.Condition | a.Expr) -> str:
    """Print an AST node as canonical AQL text.

    Args:
        node: A statement (Query/Union), a condition, or a value expression.

    Returns:
        The AQL text; parsing it again gives an equal tree.

    Raises:
        TypeError: ``node`` is not a statement, condition or expression.
        ValueError: a number literal is not finite.
    """
    if isinstance(node, a.Query | a.Union):
        return _statement(node)
    if isinstance(node, _CONDITION_TYPES):
        return _cond(node)
    if isinstance(node, _EXPR_TYPES):
        return _expr(node)
    raise TypeError(f"cannot print {type(node).__name__} as AQL")
