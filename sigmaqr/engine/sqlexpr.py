"""Translate AQL expressions and conditions into SQLite SQL over the event store.

Each expression becomes a :class:`Fragment`: SQL text plus a static kind used to pick the right
comparison (numbers numerically, text case-sensitively, quoted numbers against numeric columns).
AQL operators and functions become calls of the ``aql_*`` functions in
:mod:`sigmaqr.engine.functions`; ``AND``/``OR``/``NOT`` stay SQL so three-valued logic holds.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from sigmaqr.aql import ast as a
from sigmaqr.aql.functions import lookup as aql_function
from sigmaqr.engine.errors import EngineError
from sigmaqr.engine.functions import SCALARS, as_number, caseless_folded, like_glob
from sigmaqr.engine.javaregex import compile_java

__all__ = ["NUMERIC", "TEXTUAL", "ExpressionCompiler", "Fragment", "Scope", "sql_string"]

NUMERIC = frozenset({"int", "num", "bool"})
TEXTUAL = frozenset({"text", "ip"})
_AGGREGATES = {
    "COUNT": "count",
    "UNIQUECOUNT": "count",
    "MIN": "min",
    "MAX": "max",
    "SUM": "sum",
    "AVG": "avg",
    "FIRST": "aql_first",
    "LAST": "aql_last",
    "STDEV": "aql_stdev",
    "STDEVP": "aql_stdevp",
}
_ORDERED_AGGREGATES = frozenset({"FIRST", "LAST"})
_LITERALS = (a.StringLit, a.NumberLit, a.BoolLit)
_NATIVE_PATTERN_BYTES = 10_000
"""Longest pattern given to SQLite's LIKE/GLOB (SQLite refuses patterns over 50,000 bytes)."""
_CHAIN = 64
"""Longest AND/OR chain emitted flat."""
_SQL_OPS = {"=": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_BINARY_OPS = {"+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "&": "&", "|": "|"}


@attrs.frozen
class Fragment:
    """Compiled SQL for one AQL expression, its static kind, and whether it aggregates."""

    sql: str
    kind: str
    aggregate: bool = False
    row_column: bool = False
    """A text column of the events row itself (built-in or property): its row's
    ``eventflags`` tell whether SQLite's own ``LIKE``/``GLOB`` are exact on it."""


@attrs.define
class Scope:
    """The names a query can use: columns of its source, custom properties, aliases."""

    columns: Mapping[str, Fragment]
    property_column: Callable[[str], str | None] | None = None
    aliases: dict[str, Fragment] = attrs.field(factory=dict)
    has_events: bool = False


def sql_string(value: str) -> str:
    """Quote text as an SQLite string literal (no backslash escapes exist in SQLite)."""
    if "\x00" in value:
        return "CAST(X'" + value.encode("utf-8").hex() + "' AS TEXT)"
    return "'" + value.replace("'", "''") + "'"


def _sql_number(value: int | float) -> str:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise EngineError(f"number {value!r} cannot be used")
    return repr(value)


_EXPR_TYPES = (
    a.Identifier, a.StringLit, a.NumberLit, a.BoolLit, a.NullLit, a.Star, a.FunctionCall,
    a.UnaryOp, a.BinaryOp, a.Case, a.IfThenElse,
)  # fmt: skip


def _is_condition(node: object) -> bool:
    return isinstance(
        node,
        a.Comparison | a.Between | a.InList | a.InSubquery | a.PatternMatch | a.IsNull
        | a.TextSearch | a.Predicate | a.Not | a.And | a.Or,
    )  # fmt: skip


class ExpressionCompiler:
    """Compiles expressions and conditions; subqueries are delegated to ``subquery``."""

    def __init__(self, subquery: Callable[[a.Statement], str], warn: Callable[[str], None]) -> None:
        self.subquery = subquery
        self.warn = warn

    # -- conditions ------------------------------------------------------------------------

    def condition(self, node: a.Condition, scope: Scope) -> str:
        """Compile a condition to SQL whose value is 1, 0 or NULL."""
        if isinstance(node, a.And | a.Or):
            glue = " AND " if isinstance(node, a.And) else " OR "
            return _balanced(glue, [self.condition(c, scope) for c in node.operands])
        if isinstance(node, a.Not):
            return f"(NOT {self.condition(node.operand, scope)})"
        if isinstance(node, a.Comparison):
            return self.comparison(node.op, node.left, node.right, scope)
        if isinstance(node, a.Between):
            low = self.comparison(">=", node.expr, node.low, scope)
            high = self.comparison("<=", node.expr, node.high, scope)
            return f"({low} AND {high})"
        if isinstance(node, a.InList):
            return self.in_list(node, scope)
        if isinstance(node, a.InSubquery):
            inner = self.subquery(node.query)
            test = f"{self.expr(node.expr, scope).sql} IN (SELECT c0 FROM ({inner}))"
            return f"(NOT {test})" if node.negated else f"({test})"
        return self._other_condition(node, scope)

    def _other_condition(self, node: a.Condition, scope: Scope) -> str:
        if isinstance(node, a.PatternMatch):
            return self.pattern_match(node, scope)
        if isinstance(node, a.IsNull):
            test = "IS NOT NULL" if node.negated else "IS NULL"
            return f"({self.expr(node.expr, scope).sql} {test})"
        if isinstance(node, a.TextSearch):
            if not scope.has_events:
                raise EngineError("TEXT SEARCH needs the events table")
            return f"aql_textsearch(payload, {sql_string(node.text)})"
        if isinstance(node, a.Predicate):
            value = self.expr(node.expr, scope)
            return value.sql if value.kind == "bool" else f"aql_truth({value.sql})"
        raise EngineError(f"condition {type(node).__name__} is not supported by the engine")

    def comparison(self, op: str, left_node: a.Expr, right_node: a.Expr, scope: Scope) -> str:
        """Compile ``left op right`` with AQL's typing rules."""
        sql_op = _SQL_OPS.get(op)
        if sql_op is None:
            raise EngineError(f"comparison operator {op!r} is not supported")
        left, right = self.expr(left_node, scope), self.expr(right_node, scope)
        if isinstance(right_node, _LITERALS):
            coerced = _coerce_literal(left.kind, right_node)
            if coerced is not None:
                return f"({_column_side(left, right_node)} {sql_op} {coerced})"
        if isinstance(left_node, _LITERALS):
            coerced = _coerce_literal(right.kind, left_node)
            if coerced is not None:
                return f"({coerced} {sql_op} {_column_side(right, left_node)})"
        if _same_domain(left.kind, right.kind):
            return f"({left.sql} {sql_op} {right.sql})"
        return f"aql_cmp('{sql_op}', {left.sql}, {right.sql})"

    def in_list(self, node: a.InList, scope: Scope) -> str:
        """Compile ``x [NOT] IN (...)``: a SQL IN list when every value coerces cleanly."""
        left = self.expr(node.expr, scope)
        literals = [_coerce_literal(left.kind, v) for v in node.values]
        if left.kind in NUMERIC | TEXTUAL and all(v is not None for v in literals):
            test = f"({left.sql} IN ({', '.join(str(v) for v in literals)}))"
        else:
            ors = [self.comparison("=", node.expr, v, scope) for v in node.values]
            test = _balanced(" OR ", ors)
        return f"(NOT {test})" if node.negated else test

    def pattern_match(self, node: a.PatternMatch, scope: Scope) -> str:
        """Compile LIKE / ILIKE / MATCHES / IMATCHES (whole-value semantics)."""
        if isinstance(node.pattern, a.StringLit) and node.op in ("MATCHES", "IMATCHES"):
            compile_java(node.pattern.value, node.op == "IMATCHES")
        value, pattern = self.expr(node.expr, scope), self.expr(node.pattern, scope)
        test = f"aql_{node.op.lower()}({value.sql}, {pattern.sql})"
        if value.row_column and scope.has_events and isinstance(node.pattern, a.StringLit):
            test = _native_like(node.op, value.sql, node.pattern.value, test)
        return f"(NOT {test})" if node.negated else test

    # -- expressions -----------------------------------------------------------------------

    def expr(self, node: a.Expr | a.Condition, scope: Scope) -> Fragment:
        """Compile a value expression (a condition used as a value yields 1/0/NULL)."""
        if not isinstance(node, _EXPR_TYPES):
            return Fragment(self.condition(node, scope), "bool")
        if isinstance(node, a.Identifier):
            return self.identifier(node, scope)
        if isinstance(node, a.StringLit):
            return Fragment(sql_string(node.value), "text")
        if isinstance(node, a.NumberLit):
            kind = "int" if isinstance(node.value, int) else "num"
            return Fragment(_sql_number(node.value), kind)
        if isinstance(node, a.BoolLit):
            return Fragment("1" if node.value else "0", "bool")
        if isinstance(node, a.NullLit):
            return Fragment("NULL", "null")
        if isinstance(node, a.FunctionCall):
            return self.function(node, scope)
        return self._operator(node, scope)

    def _operator(self, node: a.Expr, scope: Scope) -> Fragment:
        if isinstance(node, a.UnaryOp):
            operand = self.expr(node.operand, scope)
            return Fragment(f"({node.op}{_numeric(operand)})", "num", operand.aggregate)
        if isinstance(node, a.BinaryOp):
            return self.binary(node, scope)
        if isinstance(node, a.Case):
            return self.case(node, scope)
        if isinstance(node, a.IfThenElse):
            cond = self.condition(node.condition, scope)
            then, other = self.expr(node.then, scope), self.expr(node.else_, scope)
            kind = then.kind if then.kind == other.kind else "any"
            return Fragment(f"(CASE WHEN {cond} THEN {then.sql} ELSE {other.sql} END)", kind)
        if isinstance(node, a.Star):
            raise EngineError("'*' is only allowed in the SELECT list and in COUNT(*)")
        raise EngineError(f"expression {type(node).__name__} is not supported by the engine")

    def identifier(self, node: a.Identifier, scope: Scope) -> Fragment:
        """Resolve a name: SELECT alias, then column, then custom property."""
        key = node.name.lower()
        if key in scope.aliases:
            return scope.aliases[key]
        if key in scope.columns:
            return scope.columns[key]
        if scope.property_column is not None:
            column = scope.property_column(node.name)
            if column is not None:
                return Fragment(column, "text", row_column=True)
            self.warn(f"no event has the property {node.name!r}: it is NULL everywhere")
            return Fragment("NULL", "text")
        raise EngineError(f"unknown column {node.name!r}")

    def binary(self, node: a.BinaryOp, scope: Scope) -> Fragment:
        """Compile arithmetic and bitwise operators (``^`` is exponentiation)."""
        left, right = self.expr(node.left, scope), self.expr(node.right, scope)
        aggregate = left.aggregate or right.aggregate
        if node.op == "^":
            return Fragment(f"aql_pow({left.sql}, {right.sql})", "num", aggregate)
        sql_op = _BINARY_OPS.get(node.op)
        if sql_op is None:
            raise EngineError(f"operator {node.op!r} is not supported by the engine")
        kind = "int" if left.kind == right.kind == "int" else "num"
        return Fragment(f"({_numeric(left)} {sql_op} {_numeric(right)})", kind, aggregate)

    def case(self, node: a.Case, scope: Scope) -> Fragment:
        """Compile a simple or searched CASE."""
        arms = []
        for when in node.whens:
            if node.operand is not None:
                test = self.comparison("=", node.operand, when.when, scope)  # type: ignore[arg-type]
            elif _is_condition(when.when):
                test = self.condition(when.when, scope)  # type: ignore[arg-type]
            else:
                test = f"aql_truth({self.expr(when.when, scope).sql})"
            arms.append((test, self.expr(when.then, scope)))
        other = self.expr(node.else_, scope) if node.else_ is not None else Fragment("NULL", "null")
        kinds = {f.kind for _, f in arms} | {other.kind} - {"null"}
        body = " ".join(f"WHEN {t} THEN {f.sql}" for t, f in arms)
        kind = kinds.pop() if len(kinds) == 1 else "any"
        return Fragment(f"(CASE {body} ELSE {other.sql} END)", kind)

    def function(self, node: a.FunctionCall, scope: Scope) -> Fragment:
        """Compile a function call (scalar or aggregate)."""
        name = node.key
        if name in _AGGREGATES:
            return self.aggregate(node, scope)
        spec = SCALARS.get(name)
        if spec is None:
            known = aql_function(name) is not None
            what = "is not supported by the replay engine" if known else "is not an AQL function"
            raise EngineError(f"function {name} {what}")
        low, high = spec.arity
        if not low <= len(node.args) <= high:
            raise EngineError(f"{name} takes {low}..{high} arguments, got {len(node.args)}")
        args = [self.expr(arg, scope) for arg in node.args]
        _check_literal_arguments(name, node.args)
        sql = f"aql_{name.lower()}({', '.join(f.sql for f in args)})"
        return Fragment(sql, spec.returns, any(f.aggregate for f in args))

    def aggregate(self, node: a.FunctionCall, scope: Scope) -> Fragment:
        """Compile COUNT, UNIQUECOUNT, MIN, MAX, SUM, AVG, FIRST, LAST, STDEV, STDEVP."""
        name = node.key
        if len(node.args) != 1:
            raise EngineError(f"{name} takes one argument")
        if isinstance(node.args[0], a.Star):
            if name != "COUNT":
                raise EngineError(f"{name}(*) is not allowed; only COUNT(*)")
            return Fragment("count(*)", "int", True)
        arg = self.expr(node.args[0], scope)
        if arg.aggregate:
            raise EngineError(f"aggregate functions cannot be nested ({name})")
        if name == "UNIQUECOUNT":
            return Fragment(f"count(DISTINCT {arg.sql})", "int", True)
        if name in _ORDERED_AGGREGATES:
            if not scope.has_events:
                raise EngineError(f"{name} needs the events table (it orders by starttime)")
            return Fragment(f"{_AGGREGATES[name]}({arg.sql}, starttime, eventrow)", arg.kind, True)
        value = _numeric(arg) if name in ("SUM", "AVG", "STDEV", "STDEVP") else arg.sql
        kind = {"COUNT": "int", "MIN": arg.kind, "MAX": arg.kind, "SUM": "num"}.get(name, "num")
        return Fragment(f"{_AGGREGATES[name]}({value})", kind, True)


def _native_like(op: str, value: str, pattern: str, fallback: str) -> str:
    """SQLite's own ``LIKE``/``GLOB`` for a pattern test on a column of the events row, where
    they are exact, with ``fallback`` (the Python function) for the rows they are not.

    * ``LIKE`` becomes ``GLOB`` (case-sensitive, ``%``/``_`` translated, GLOB's own wildcards
      bracketed): exact for any pattern without NUL.
    * ``ILIKE`` becomes SQLite's ``LIKE`` of the lower-cased pattern when every character of
      it is ASCII or caseless (emoji, dashes, CJK: :func:`~sigmaqr.engine.functions.
      caseless_folded`). SQLite's ``LIKE`` folds ASCII letters only, compares other characters
      exactly and has no escape character; on a text without
      :data:`~sigmaqr.engine.functions.FOLD_UNSAFE` characters that is what lower-casing both
      sides with ``str.lower`` does for such a pattern.
    * A row whose ``eventflags`` is set (a text with NUL, where SQLite's functions stop, or
      with a fold-unsafe character) takes the Python function.

    Anything else (MATCHES, ILIKE patterns with cased letters outside ASCII, very long
    patterns) keeps ``fallback``.
    """
    if "\x00" in pattern or len(pattern.encode("utf-8")) > _NATIVE_PATTERN_BYTES:
        return fallback
    if op == "LIKE":
        native = f"{value} GLOB {sql_string(like_glob(pattern))}"
    elif op == "ILIKE" and caseless_folded(pattern):
        native = f"{value} LIKE {sql_string(pattern.lower())}"
    else:
        return fallback
    return f"(CASE WHEN eventflags IS NULL THEN {native} ELSE {fallback} END)"


def _balanced(glue: str, terms: list[str]) -> str:
    """Join terms with AND/OR as a balanced tree: SQLite limits expression depth to 1000, and
    a flat chain of n terms is n deep."""
    if len(terms) <= _CHAIN:
        return "(" + glue.join(terms) + ")"
    middle = len(terms) // 2
    return f"({_balanced(glue, terms[:middle])}{glue}{_balanced(glue, terms[middle:])})"


def _numeric(fragment: Fragment) -> str:
    return fragment.sql if fragment.kind in NUMERIC else f"aql_num({fragment.sql})"


def _same_domain(left: str, right: str) -> bool:
    return (left in NUMERIC and right in NUMERIC) or (left in TEXTUAL and right in TEXTUAL)


def _column_side(fragment: Fragment, literal: a.Expr) -> str:
    if fragment.kind in NUMERIC and isinstance(literal, a.StringLit):
        number = as_number(literal.value)
        if not isinstance(number, int | float):
            return f"CAST({fragment.sql} AS TEXT)"
    if fragment.kind in TEXTUAL and isinstance(literal, a.NumberLit):
        return f"aql_num({fragment.sql})"
    if fragment.kind in TEXTUAL and isinstance(literal, a.BoolLit):
        return f"lower({fragment.sql})"
    return fragment.sql


def _coerce_literal(kind: str, node: a.Expr) -> str | None:
    """SQL for a literal converted to the domain of the other side, or None if not a literal."""
    if isinstance(node, a.StringLit):
        if kind in NUMERIC:
            number = as_number(node.value)
            numeric = isinstance(number, int | float)
            return _sql_number(number) if numeric else sql_string(node.value)
        if kind == "ip":
            return sql_string(_canonical_ip(node.value))
        return sql_string(node.value) if kind in TEXTUAL else None
    if isinstance(node, a.NumberLit):
        return _sql_number(node.value) if kind in NUMERIC | TEXTUAL else None
    if isinstance(node, a.BoolLit):
        if kind in NUMERIC:
            return "1" if node.value else "0"
        return sql_string("true" if node.value else "false") if kind in TEXTUAL else None
    return None


def _canonical_ip(text: str) -> str:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return text
    return str(getattr(address, "ipv4_mapped", None) or address)


def _check_literal_arguments(name: str, args: tuple[Any, ...]) -> None:
    first = args[0] if args else None
    if name == "INCIDR" and isinstance(first, a.StringLit):
        try:
            ipaddress.ip_network(first.value.strip(), strict=False)
        except ValueError:
            raise EngineError(f"INCIDR: {first.value!r} is not a CIDR range") from None
    if name in ("REPLACEALL", "REPLACEFIRST") and isinstance(first, a.StringLit):
        compile_java(first.value)
