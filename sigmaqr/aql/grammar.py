"""The pyparsing grammar for AQL; parse actions build :mod:`sigmaqr.aql.ast` nodes.

The grammar is built once, lazily (:func:`grammar`), with packrat parsing enabled (if
pySigma enabled it first, its bounded cache is kept: the grammar does not backtrack much).
It accepts the extended dialect (UNION, any FROM table name, searched CASE); the
validator decides what a profile allows.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pyparsing as pp

from sigmaqr.aql import ast as a

__all__ = ["RESERVED", "TIME_UNITS", "Grammar", "grammar", "loc_at"]

RESERVED = frozenset(
    {
        "SELECT",
        "FROM",
        "WHERE",
        "GROUP",
        "BY",
        "HAVING",
        "ORDER",
        "ASC",
        "DESC",
        "COLLATE",
        "LIMIT",
        "LAST",
        "START",
        "STOP",
        "AS",
        "AND",
        "OR",
        "NOT",
        "IN",
        "BETWEEN",
        "LIKE",
        "ILIKE",
        "MATCHES",
        "IMATCHES",
        "IS",
        "NULL",
        "INTO",
        "PARAMETERS",
        "CASE",
        "WHEN",
        "THEN",
        "ELSE",
        "END",
        "IF",
        "UNION",
        "TRUE",
        "FALSE",
    }
)
"""Words that cannot be bare identifiers (derived from IBM's docs, aql-facts §7)."""

TIME_UNITS = ("MINUTES", "HOURS", "DAYS", "MINUTE", "HOUR", "DAY", "SECONDS", "SECOND")
"""Units accepted after LAST (only the plural MINUTES/HOURS/DAYS are documented)."""

_WORD = r"[A-Za-z_][A-Za-z0-9_]*"
_NOT_WORD_CHAR = r"(?![A-Za-z0-9_])"
_NUMBER = (
    r"-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)"
    + _NOT_WORD_CHAR
)


def _reserved_lookahead(words: Sequence[str]) -> str:
    """Return a negative lookahead rejecting any of ``words`` as a whole word."""
    return "(?!(?:" + "|".join(sorted(words)) + ")" + _NOT_WORD_CHAR + ")"


@functools.lru_cache(maxsize=8)
def _line_starts(text: str) -> tuple[int, ...]:
    """Return the offsets at which each line of ``text`` starts."""
    return (0, *(m.end() for m in re.finditer("\n", text)))


def loc_at(text: str, offset: int) -> a.Loc:
    """Return the 1-based line and column of ``offset`` in ``text``.

    Args:
        text: The parsed source.
        offset: A character offset into ``text``.

    Returns:
        The location.
    """
    starts = _line_starts(text)
    line = bisect.bisect_right(starts, offset)
    return a.Loc(line, offset - starts[line - 1] + 1)


# ---------------------------------------------------------------------------
# Intermediate parse results (never escape this module)
# ---------------------------------------------------------------------------


@attrs.frozen
class _Clause:
    """A parsed optional clause of a SELECT, by Query field name."""

    field: str
    value: Any


@attrs.frozen
class _UnionSep:
    """A ``UNION [ALL]`` separator."""

    all: bool
    offset: int


@attrs.frozen
class _Tail:
    """The part of a predicate after its left expression."""

    kind: str
    args: tuple[Any, ...]


def _in_tail(toks: pp.ParseResults) -> _Tail:
    """Tag ``[NOT] IN (...)`` as a subquery or a value list."""
    negated, body = toks[0], toks[1]
    if isinstance(body, a.Query | a.Union):
        return _Tail("insub", (negated, body))
    return _Tail("in", (negated, body.as_list()))


Action = Callable[[str, int, pp.ParseResults], Any]


def _act(build: Callable[[a.Loc, list[Any]], Any]) -> Action:
    """Wrap ``build(loc, tokens)`` as a pyparsing parse action."""

    def action(text: str, offset: int, toks: pp.ParseResults) -> Any:
        return build(loc_at(text, offset), toks.as_list())

    return action


def _node(factory: Callable[..., Any]) -> Action:
    """A parse action calling ``factory(*tokens, loc=...)``."""
    return _act(lambda loc, toks: factory(*toks, loc=loc))


def _upper(toks: pp.ParseResults) -> str:
    """Parse action: upper-case a keyword token."""
    return str(toks[0]).upper()


def _kw(word: str) -> pp.ParserElement:
    """A suppressed case-insensitive keyword."""
    return pp.Suppress(pp.CaselessKeyword(word)).set_name(word)


def _sym(text: str) -> pp.ParserElement:
    """A suppressed punctuation symbol."""
    return pp.Suppress(pp.Literal(text)).set_name(repr(text))


# ---------------------------------------------------------------------------
# Node builders
# ---------------------------------------------------------------------------


def _unquote(token: str, quote: str) -> str:
    """Strip the delimiting quotes and undouble inner ones."""
    return token[1:-1].replace(quote * 2, quote)


def _number(loc: a.Loc, toks: list[Any]) -> a.NumberLit:
    """Build a number literal (decimal, float or hex)."""
    text = str(toks[0])
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    if digits[:2].lower() == "0x":
        return a.NumberLit(sign * int(digits, 16), hex=True, loc=loc)
    if any(c in digits for c in ".eE"):
        return a.NumberLit(sign * float(digits), loc=loc)
    return a.NumberLit(sign * int(digits), loc=loc)


def _bool(loc: a.Loc, toks: list[Any]) -> a.BoolLit:
    """Build a TRUE/FALSE literal."""
    return a.BoolLit(str(toks[0]).upper() == "TRUE", loc=loc)


_BINARY_PRECEDENCE = {"|": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "%": 4, "^": 5}
"""Binding strength of infix operators; all are left-associative."""


def _climb(loc: a.Loc, toks: list[Any]) -> a.Expr:
    """Fold ``operand (op operand)*`` into BinaryOp nodes by operator precedence."""
    operands: list[a.Expr] = [toks[0]]
    ops: list[str] = []

    def reduce() -> None:
        right, left = operands.pop(), operands.pop()
        operands.append(a.BinaryOp(ops.pop(), left, right, loc=left.loc or loc))

    for op, operand in zip(toks[1::2], toks[2::2], strict=True):
        while ops and _BINARY_PRECEDENCE[ops[-1]] >= _BINARY_PRECEDENCE[op]:
            reduce()
        ops.append(op)
        operands.append(operand)
    while ops:
        reduce()
    return operands[0]


def _unary(loc: a.Loc, toks: list[Any]) -> a.Expr:
    """Build a prefix ``-`` operation."""
    return a.UnaryOp(toks[0], toks[1], loc=loc)


def _function(loc: a.Loc, toks: list[Any]) -> a.FunctionCall:
    """Build a function call; the name is stored upper-case."""
    return a.FunctionCall(str(toks[0]).upper(), tuple(toks[1]), loc=loc)


def _case(loc: a.Loc, toks: list[Any]) -> a.Case:
    """Build a simple or searched CASE from its parts."""
    operand = None if isinstance(toks[0], a.When) else toks[0]
    whens = tuple(t for t in toks if isinstance(t, a.When))
    rest = toks[len(whens) + (0 if operand is None else 1) :]
    return a.Case(operand, whens, rest[0] if rest else None, loc=loc)


def _predicate(loc: a.Loc, toks: list[Any]) -> a.Condition:
    """Combine a left expression with its optional predicate tail."""
    left = toks[0]
    if len(toks) == 1:
        return a.Predicate(left, loc=loc)
    tail: _Tail = toks[1]
    kind, args = tail.kind, tail.args
    if kind == "cmp":
        return a.Comparison("=" if args[0] == "==" else args[0], left, args[1], loc=loc)
    if kind == "between":
        return a.Between(left, args[0], args[1], loc=loc)
    if kind == "in":
        return a.InList(left, tuple(args[1]), args[0], loc=loc)
    if kind == "insub":
        return a.InSubquery(left, args[1], args[0], loc=loc)
    if kind == "like":
        return a.PatternMatch(left, args[1], args[2], args[0], loc=loc)
    return a.IsNull(left, args[0], loc=loc)


def _chain(cls: type[a.And] | type[a.Or]) -> Callable[[a.Loc, list[Any]], a.Condition]:
    """Build an n-ary And/Or from a chain, or pass a single operand through."""

    def build(loc: a.Loc, toks: list[Any]) -> a.Condition:
        return toks[0] if len(toks) == 1 else cls(tuple(toks), loc=loc)

    return build


def _query(loc: a.Loc, toks: list[Any]) -> a.Query:
    """Build a Query from its SELECT list, FROM source and clauses."""
    fields = {c.field: c.value for c in toks[2:]}
    return a.Query(tuple(toks[0]), toks[1], **fields, loc=loc)


def _statement(text: str, offset: int, toks: pp.ParseResults) -> a.Statement:
    """Build a Query, or a Union whose last branch's trailing clauses apply to all."""
    items = toks.as_list()
    if len(items) == 1:
        return items[0]  # type: ignore[no-any-return]
    seps = [t for t in items if isinstance(t, _UnionSep)]
    if len({s.all for s in seps}) > 1:
        raise pp.ParseFatalException(
            text, seps[-1].offset, "mixing UNION and UNION ALL is not supported: use one form"
        )
    queries: list[a.Query] = [t for t in items if isinstance(t, a.Query)]
    last = queries[-1]
    queries[-1] = attrs.evolve(last, order_by=(), limit=None, time=None, parameters=())
    return a.Union(
        tuple(queries),
        last.order_by,
        last.limit,
        last.time,
        last.parameters,
        union_all=seps[0].all,
        loc=queries[0].loc,
    )


# ---------------------------------------------------------------------------
# Grammar
# ---------------------------------------------------------------------------


@attrs.frozen
class Grammar:
    """The compiled top-level parsers."""

    statement: pp.ParserElement
    condition: pp.ParserElement


def _tokens() -> dict[str, pp.ParserElement]:
    """Build the lexical tokens."""
    string = pp.Regex(r"'(?:[^']|'')*'").set_name("string literal ('...')")
    qident = pp.Regex(r'"(?:[^"]|"")+"').set_name('quoted name ("...")')
    ident = pp.Regex(
        _reserved_lookahead(sorted(RESERVED)) + _WORD + _NOT_WORD_CHAR + r"(?!\s*\(|::)",
        flags=re.IGNORECASE,
    )
    funcname = pp.Regex(
        _reserved_lookahead(sorted(RESERVED - {"LAST"})) + _WORD + rf"(?:::{_WORD})?(?=\s*\()",
        flags=re.IGNORECASE,
    )
    string.set_parse_action(lambda t: _unquote(t[0], "'"))
    qident.set_parse_action(lambda t: _unquote(t[0], '"'))
    return {
        "string": string,
        "qident": qident,
        "ident": ident.set_name("name"),
        "funcname": funcname.set_name("function name"),
        "number": pp.Regex(_NUMBER).set_name("number"),
        "int": pp.Regex(r"\d+" + _NOT_WORD_CHAR)
        .set_name("integer")
        .set_parse_action(lambda t: int(t[0])),
    }


def _expression(tok: dict[str, pp.ParserElement], cond: pp.Forward) -> pp.Forward:
    """Build the value-expression grammar (arithmetic, calls, CASE, IF)."""
    expr = pp.Forward()
    expr.set_name("expression")
    string_lit = tok["string"].copy().add_parse_action(_node(a.StringLit))
    ident = tok["ident"].copy().set_parse_action(_node(a.Identifier))
    qident = (
        tok["qident"].copy().add_parse_action(_node(functools.partial(a.Identifier, quoted=True)))
    )
    star_arg = (_sym("*") + pp.FollowedBy(")")).set_parse_action(_node(a.Star))
    args = pp.Group(pp.Opt(star_arg | pp.DelimitedList(expr)))
    call = (tok["funcname"] + _sym("(") - args + _sym(")")).set_parse_action(_act(_function))
    when_simple = (_kw("WHEN") - expr + _kw("THEN") - expr).set_parse_action(_node(a.When))
    when_searched = (_kw("WHEN") - cond + _kw("THEN") - expr).set_parse_action(_node(a.When))
    case = (
        _kw("CASE")
        - (pp.OneOrMore(when_searched) | expr + pp.OneOrMore(when_simple))
        + pp.Opt(_kw("ELSE") - expr)
        + _kw("END")
    ).set_parse_action(_act(_case))
    if_ = (_kw("IF") - cond + _kw("THEN") - expr + _kw("ELSE") - expr).set_parse_action(
        _node(a.IfThenElse)
    )
    primary = (
        qident
        | string_lit
        | ident
        | tok["number"].copy().set_parse_action(_act(_number))
        | call
        | _sym("(") + expr + _sym(")")
        | case
        | if_
        | _kw("NULL").set_parse_action(_node(a.NullLit))
        | (pp.CaselessKeyword("TRUE") | pp.CaselessKeyword("FALSE")).set_parse_action(_act(_bool))
    ).set_name("expression")
    unary = pp.Forward()
    unary <<= (primary | (pp.Literal("-") + unary).set_parse_action(_act(_unary))).set_name(
        "expression"
    )
    operator = pp.Regex(r"[-+*/%^&|]").set_name("operator")
    expr <<= (unary + pp.ZeroOrMore(operator - unary)).set_parse_action(_act(_climb))
    return expr


def _tails(
    tok: dict[str, pp.ParserElement], expr: pp.Forward, statement: pp.Forward
) -> pp.ParserElement:
    """Build the predicate tails: comparison, BETWEEN, IN, LIKE family, IS NULL."""
    negated = pp.Opt(pp.CaselessKeyword("NOT")).set_parse_action(lambda t: bool(t))
    cmp_op = pp.Regex(r"==|!=|<=|>=|=|<|>").set_name("comparison operator")
    cmp_tail = (cmp_op - expr).set_parse_action(lambda t: _Tail("cmp", tuple(t)))
    between = (_kw("BETWEEN") - expr + _kw("AND") - expr).set_parse_action(
        lambda t: _Tail("between", tuple(t))
    )
    body = (statement | pp.Group(pp.DelimitedList(expr))).set_name("subquery or list of values")
    in_tail = (negated + _kw("IN") - _sym("(") + body + _sym(")")).set_parse_action(_in_tail)
    like_op = pp.Regex(r"I?(?:LIKE|MATCHES)" + _NOT_WORD_CHAR, flags=re.IGNORECASE)
    like_op.set_name("LIKE, ILIKE, MATCHES or IMATCHES").set_parse_action(_upper)
    like = (negated + like_op - expr).set_parse_action(lambda t: _Tail("like", tuple(t)))
    is_null = (
        _kw("IS")
        - pp.Opt(pp.CaselessKeyword("NOT")).set_parse_action(lambda t: bool(t))
        + _kw("NULL")
    ).set_parse_action(lambda t: _Tail("isnull", tuple(t)))
    return cmp_tail | like | in_tail | is_null | between


def _condition(
    tok: dict[str, pp.ParserElement], cond: pp.Forward, expr: pp.Forward, statement: pp.Forward
) -> None:
    """Fill in the condition grammar: NOT > AND > OR, parentheses, predicates."""
    predicate = (expr + pp.Opt(_tails(tok, expr, statement))).set_parse_action(_act(_predicate))
    text_search = (_kw("TEXT") + _kw("SEARCH") - tok["string"]).set_parse_action(
        _node(a.TextSearch)
    )
    # A parenthesized condition is tried first; when an operator follows the ")" it was a
    # parenthesized value, as in "(long_ip & 0xff) = 100", and the predicate path takes it.
    continues = pp.Regex(r"[-+*/%^&|=<>!]") | pp.MatchFirst(
        [
            pp.CaselessKeyword(w)
            for w in ("BETWEEN", "IN", "NOT", "LIKE", "ILIKE", "MATCHES", "IMATCHES", "IS")
        ]
    )
    grouped = _sym("(") + cond + _sym(")") + ~continues
    primary = (grouped | text_search | predicate).set_name("condition")
    negation = pp.Forward()
    negation <<= ((_kw("NOT") - negation).set_parse_action(_node(a.Not)) | primary).set_name(
        "condition"
    )
    conj = (negation + pp.ZeroOrMore(_kw("AND") - negation)).set_parse_action(_act(_chain(a.And)))
    cond <<= (conj + pp.ZeroOrMore(_kw("OR") - conj)).set_parse_action(_act(_chain(a.Or)))
    cond.set_name("condition")


def _clause(name: str, body: pp.ParserElement) -> pp.ParserElement:
    """Tag an optional clause's value with the Query field it fills."""
    return pp.Opt(body.set_parse_action(lambda t: _Clause(name, t[0])))


def _time_clause(tok: dict[str, pp.ParserElement], expr: pp.Forward) -> pp.ParserElement:
    """Build ``LAST n UNIT`` and ``START t [STOP t]``."""
    unit = pp.Regex(
        "(?:" + "|".join(TIME_UNITS) + ")" + _NOT_WORD_CHAR, flags=re.IGNORECASE
    ).set_name("time unit (MINUTES, HOURS or DAYS)")
    last = (_kw("LAST") - tok["int"] + unit.set_parse_action(_upper)).set_parse_action(
        _node(a.LastTime)
    )
    stop = pp.Opt(_kw("STOP") - expr, default=None)
    start = (_kw("START") - expr + stop).set_parse_action(_node(a.StartStop))
    return last | start


def _select(
    tok: dict[str, pp.ParserElement], expr: pp.Forward, cond: pp.Forward, statement: pp.Forward
) -> pp.ParserElement:
    """Build one SELECT statement with its clauses in IBM's documented order."""
    star = _sym("*").set_parse_action(_node(a.Star))
    alias = (tok["ident"] | tok["string"] | tok["qident"]).set_name("alias")
    item = (
        (star | expr).set_name("'*' or an expression") + pp.Opt(_kw("AS") - alias, default=None)
    ).set_parse_action(_node(a.SelectItem))
    globalview = (
        _kw("GLOBALVIEW") + _sym("(") - tok["string"] + _sym(",") + tok["string"] + _sym(")")
    ).set_parse_action(_node(a.GlobalView))
    source = (
        globalview
        | (_sym("(") + statement + _sym(")")).set_parse_action(_node(a.SubquerySource))
        | tok["qident"].copy().add_parse_action(_node(a.Table))
        | tok["ident"].copy().set_parse_action(_node(a.Table))
    ).set_name("table (events, flows, simarc, GLOBALVIEW(...) or a subquery)")
    direction = pp.Opt(
        (pp.CaselessKeyword("ASC") | pp.CaselessKeyword("DESC")).set_parse_action(_upper),
        default=None,
    )
    collate = pp.Opt(_kw("COLLATE") - tok["string"], default=None)
    order_item = (expr + direction + collate).set_parse_action(_node(a.OrderItem))
    param = (tok["ident"] + _sym("=") - expr).set_parse_action(_node(a.Parameter))
    into = tok["string"] | tok["ident"] | tok["qident"]

    def group(body: pp.ParserElement) -> pp.ParserElement:
        return pp.Group(pp.DelimitedList(body)).set_parse_action(lambda t: tuple(t[0]))

    return (
        _kw("SELECT")
        - pp.Group(pp.DelimitedList(item))
        + _kw("FROM")
        - source
        + _clause("into", _kw("INTO") - into)
        + _clause("where", _kw("WHERE") - cond)
        + _clause("group_by", _kw("GROUP") - _kw("BY") - group(expr))
        + _clause("having", _kw("HAVING") - cond)
        + _clause("order_by", _kw("ORDER") - _kw("BY") - group(order_item))
        + _clause("limit", _kw("LIMIT") - tok["int"])
        + _clause("time", _time_clause(tok, expr))
        + _clause("parameters", _kw("PARAMETERS") - group(param))
    ).set_parse_action(_act(_query))


@functools.cache
def grammar() -> Grammar:
    """Build (once) and return the AQL grammar.

    Returns:
        The statement and bare-condition parsers, both anchored at end of text.
    """
    pp.ParserElement.enable_packrat(cache_size_limit=None)
    tok = _tokens()
    cond = pp.Forward()
    statement = pp.Forward()
    statement.set_name("SELECT statement")
    expr = _expression(tok, cond)
    _condition(tok, cond, expr, statement)
    select = _select(tok, expr, cond, statement)
    union_sep = (pp.CaselessKeyword("UNION") - pp.Opt(pp.CaselessKeyword("ALL"))).set_parse_action(
        lambda s, loc, t: _UnionSep(len(t) == 2, loc)
    )
    statement <<= (select + pp.ZeroOrMore(union_sep - select)).set_parse_action(_statement)
    # parse_with_tabs: pyparsing would otherwise expand tabs inside string literals.
    return Grammar(
        (statement + pp.StringEnd()).parse_with_tabs(),
        (cond + pp.StringEnd()).parse_with_tabs(),
    )
