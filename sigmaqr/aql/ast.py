"""Abstract syntax tree for IBM QRadar AQL (Ariel Query Language).

Every node is a frozen attrs class. Each node carries an optional source location
(``loc``) that is excluded from equality, so two trees parsed from differently
formatted text compare equal when they mean the same query.

Conventions:

* Keywords, operators, units and function names are stored upper-case (``"LIKE"``,
  ``"HOURS"``, ``"QIDNAME"``).
* Identifiers keep the exact text written; use :attr:`Identifier.key` for
  case-insensitive lookups of bare names.
* Sequences are tuples, so trees are hashable.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs

__all__ = [
    "And",
    "Between",
    "BinaryOp",
    "BoolLit",
    "Case",
    "Comparison",
    "Condition",
    "Expr",
    "FromSource",
    "FunctionCall",
    "GlobalView",
    "Identifier",
    "IfThenElse",
    "InList",
    "InSubquery",
    "IsNull",
    "LastTime",
    "Loc",
    "Node",
    "Not",
    "NullLit",
    "NumberLit",
    "Or",
    "OrderItem",
    "Parameter",
    "PatternMatch",
    "Predicate",
    "Query",
    "SelectItem",
    "Star",
    "StartStop",
    "Statement",
    "StringLit",
    "SubquerySource",
    "Table",
    "TextSearch",
    "TimeClause",
    "UnaryOp",
    "Union",
    "When",
]


@attrs.frozen
class Loc:
    """A 1-based line and column in the source text."""

    line: int
    col: int


# ---------------------------------------------------------------------------
# Value expressions
# ---------------------------------------------------------------------------


@attrs.frozen
class Identifier:
    """A column, custom property or alias name; ``quoted`` when written in double quotes."""

    name: str
    quoted: bool = False
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)

    @property
    def key(self) -> str:
        """Lookup key: lower-cased for bare names, exact for quoted ones."""
        return self.name if self.quoted else self.name.lower()


@attrs.frozen
class StringLit:
    """A single-quoted string literal (value unescaped: ``''`` became ``'``)."""

    value: str
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class NumberLit:
    """An integer or floating point literal; ``hex`` records ``0x..`` spelling (not compared)."""

    value: int | float
    hex: bool = attrs.field(default=False, eq=False)
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class BoolLit:
    """An unquoted ``TRUE`` / ``FALSE`` literal (undocumented; IBM's backend emits it)."""

    value: bool
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class NullLit:
    """The ``NULL`` literal."""

    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Star:
    """``*``: all columns in a SELECT list, or the argument of ``COUNT(*)``."""

    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class FunctionCall:
    """A function call such as ``QIDNAME(qid)``; the parser stores ``name`` upper-case."""

    name: str
    args: tuple[Expr, ...] = ()
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)

    @property
    def key(self) -> str:
        """Upper-cased function name for table lookups."""
        return self.name.upper()


@attrs.frozen
class UnaryOp:
    """A prefix operator: ``-`` (negation)."""

    op: str
    operand: Expr
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class BinaryOp:
    """An arithmetic (``+ - * / % ^``, ``^`` is power) or bitwise (``& |``) operation."""

    op: str
    left: Expr
    right: Expr
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class When:
    """One ``WHEN x THEN y`` arm of a CASE; ``when`` is a value (simple) or condition (searched)."""

    when: Expr | Condition
    then: Expr
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Case:
    """``CASE [operand] WHEN .. THEN .. [ELSE ..] END``; no operand means the searched form."""

    operand: Expr | None
    whens: tuple[When, ...]
    else_: Expr | None = None
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class IfThenElse:
    """``IF condition THEN a ELSE b``."""

    condition: Condition
    then: Expr
    else_: Expr
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


# ---------------------------------------------------------------------------
# Conditions (boolean-valued)
# ---------------------------------------------------------------------------


@attrs.frozen
class Comparison:
    """``left op right`` with op one of ``= != < <= > >=`` (``==`` is read as ``=``)."""

    op: str
    left: Expr
    right: Expr
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Between:
    """``expr BETWEEN low AND high``."""

    expr: Expr
    low: Expr
    high: Expr
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class InList:
    """``expr [NOT] IN (v1, v2, ...)``."""

    expr: Expr
    values: tuple[Expr, ...]
    negated: bool = False
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class InSubquery:
    """``expr [NOT] IN (SELECT one_column ...)``."""

    expr: Expr
    query: Statement
    negated: bool = False
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class PatternMatch:
    """``expr [NOT] LIKE|ILIKE|MATCHES|IMATCHES pattern``."""

    expr: Expr
    op: Literal["LIKE", "ILIKE", "MATCHES", "IMATCHES"]
    pattern: Expr
    negated: bool = False
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class IsNull:
    """``expr IS [NOT] NULL``."""

    expr: Expr
    negated: bool = False
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class TextSearch:
    """``TEXT SEARCH 'text'`` full-text search."""

    text: str
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Predicate:
    """A boolean-valued expression used as a condition, e.g. ``INCIDR('10.0.0.0/8', sourceip)``."""

    expr: Expr
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Not:
    """``NOT condition``."""

    operand: Condition
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class And:
    """Conjunction of two or more conditions (flattened)."""

    operands: tuple[Condition, ...]
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Or:
    """Disjunction of two or more conditions (flattened)."""

    operands: tuple[Condition, ...]
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


# ---------------------------------------------------------------------------
# Statement parts
# ---------------------------------------------------------------------------


@attrs.frozen
class SelectItem:
    """One SELECT list entry: an expression (or ``Star``) with an optional alias."""

    expr: Expr
    alias: str | None = None
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Table:
    """A named FROM table: ``events``, ``flows``, ``simarc`` (``qidmap`` when extended)."""

    name: str
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)

    @property
    def key(self) -> str:
        """Lower-cased table name."""
        return self.name.lower()


@attrs.frozen
class GlobalView:
    """``GLOBALVIEW('saved search', 'NORMAL|HOURLY|DAILY')`` in FROM."""

    name: str
    interval: str
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class SubquerySource:
    """``FROM (SELECT ...)``."""

    query: Statement
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class OrderItem:
    """One ORDER BY entry with optional direction and ``COLLATE 'tag'``."""

    expr: Expr
    direction: Literal["ASC", "DESC"] | None = None
    collate: str | None = None
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class LastTime:
    """``LAST n MINUTES|HOURS|DAYS`` (unit stored upper-case as written)."""

    amount: int
    unit: str
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class StartStop:
    """``START t [STOP t]``; t is a string, epoch-millis number or ``PARSEDATETIME(..)``."""

    start: Expr
    stop: Expr | None = None
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Parameter:
    """One ``name=value`` entry of the PARAMETERS clause."""

    name: str
    value: Expr
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Query:
    """A single SELECT statement with all its clauses."""

    select: tuple[SelectItem, ...]
    from_: FromSource
    into: str | None = None
    where: Condition | None = None
    group_by: tuple[Expr, ...] = ()
    having: Condition | None = None
    order_by: tuple[OrderItem, ...] = ()
    limit: int | None = None
    time: TimeClause | None = None
    parameters: tuple[Parameter, ...] = ()
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


@attrs.frozen
class Union:
    """``q1 UNION q2 ...`` (extended dialect) with trailing clauses applying to the whole."""

    queries: tuple[Query, ...]
    order_by: tuple[OrderItem, ...] = ()
    limit: int | None = None
    time: TimeClause | None = None
    parameters: tuple[Parameter, ...] = ()
    union_all: bool = False
    loc: Loc | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)


Expr: TypeAlias = (
    Identifier
    | StringLit
    | NumberLit
    | BoolLit
    | NullLit
    | Star
    | FunctionCall
    | UnaryOp
    | BinaryOp
    | Case
    | IfThenElse
)
"""Any value expression."""

Condition: TypeAlias = (
    Comparison
    | Between
    | InList
    | InSubquery
    | PatternMatch
    | IsNull
    | TextSearch
    | Predicate
    | Not
    | And
    | Or
)
"""Any boolean condition."""

FromSource: TypeAlias = Table | GlobalView | SubquerySource
"""What can follow FROM."""

TimeClause: TypeAlias = LastTime | StartStop
"""A trailing time-range clause."""

Statement: TypeAlias = Query | Union
"""A complete query."""

Node: TypeAlias = (
    Expr
    | Condition
    | When
    | SelectItem
    | FromSource
    | OrderItem
    | TimeClause
    | Parameter
    | Statement
)
"""Any AST node."""
