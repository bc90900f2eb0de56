"""A fast parser for the plain AQL the backend writes, falling back to the full parser.

The full parser (:mod:`sigmaqr.aql`, pyparsing) takes about 20 ms for a converted Sigma search,
several times what running the search takes. This recursive-descent parser reads the common
subset (SELECT lists of names, literals and function calls with aliases, FROM a table, WHERE
with AND/OR/NOT, parentheses, comparisons, LIKE/ILIKE/MATCHES/IMATCHES, IN lists, IS NULL,
BETWEEN, TEXT SEARCH, GROUP BY, HAVING, ORDER BY, LIMIT, LAST and START/STOP) and builds the same
tree the full parser builds, following its token rules (``sigmaqr.aql.grammar``). Anything
else (arithmetic, CASE, IF, UNION, subqueries, INTO, PARAMETERS, ``::`` names, a syntax error)
makes it return None, and the caller uses the full parser, which also gives the error messages.
tests/engine/test_fastparse.py checks that both parsers give equal trees for every query the
backend writes for the SigmaHQ corpus.
"""

from __future__ import annotations

import re

from sigmaqr.aql import ast as a
from sigmaqr.aql.grammar import RESERVED, TIME_UNITS

__all__ = ["parse_fast"]

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<string>'(?:[^']|'')*')
  | (?P<qident>"(?:[^"]|"")+")
  | (?P<number>-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)
        (?![A-Za-z0-9_]))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_$:]))
  | (?P<punct>==|!=|<=|>=|[=<>(),*])
    """,
    re.VERBOSE,
)
_INT = re.compile(r"\d+")
_COMPARISONS = frozenset({"==", "!=", "<=", ">=", "=", "<", ">"})
_PATTERN_OPS = frozenset({"LIKE", "ILIKE", "MATCHES", "IMATCHES"})
_CONTINUES = frozenset({"BETWEEN", "IN", "NOT", "LIKE", "ILIKE", "MATCHES", "IMATCHES", "IS"})
"""Keywords after which a parenthesized condition would have been a parenthesized value."""
_UNITS = frozenset(TIME_UNITS)

Token = tuple[str, str]
"""A token's kind (string, qident, number, word, punct, end) and text."""


class _Decline(Exception):
    """The text is outside the subset (or not valid AQL): use the full parser."""


def _tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _Decline
        kind = match.lastgroup
        assert kind is not None
        if kind != "ws":
            tokens.append((kind, match.group()))
        position = match.end()
    tokens.append(("end", ""))
    return tokens


def _unquote(token: str, quote: str) -> str:
    return token[1:-1].replace(quote * 2, quote)


def _number(text: str) -> a.NumberLit:
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    if digits[:2].lower() == "0x":
        return a.NumberLit(sign * int(digits, 16), hex=True)
    if any(c in digits for c in ".eE"):
        return a.NumberLit(sign * float(digits))
    return a.NumberLit(sign * int(digits))


class _Parser:
    """Recursive descent over the token list; every method raises _Decline when lost."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0

    # -- token helpers ---------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def keyword(self, ahead: int = 0) -> str | None:
        """The upper-cased word at ``ahead`` when it is a word, else None."""
        kind, text = self.peek(ahead)
        return text.upper() if kind == "word" else None

    def take(self) -> Token:
        token = self.peek()
        self.index += 1
        return token

    def accept(self, word: str) -> bool:
        if self.keyword() == word:
            self.index += 1
            return True
        return False

    def expect(self, word: str) -> None:
        if not self.accept(word):
            raise _Decline

    def accept_punct(self, symbol: str) -> bool:
        if self.peek() == ("punct", symbol):
            self.index += 1
            return True
        return False

    def expect_punct(self, symbol: str) -> None:
        if not self.accept_punct(symbol):
            raise _Decline

    def end(self) -> None:
        if self.peek()[0] != "end":
            raise _Decline

    # -- statements ------------------------------------------------------------------------

    def query(self) -> a.Query:
        self.expect("SELECT")
        items = [self.select_item()]
        while self.accept_punct(","):
            items.append(self.select_item())
        self.expect("FROM")
        source = self.table()
        where = self.condition() if self.accept("WHERE") else None
        group_by: tuple[a.Expr, ...] = ()
        if self.accept("GROUP"):
            self.expect("BY")
            group_by = tuple(self.expr_list())
        having = self.condition() if self.accept("HAVING") else None
        order_by: tuple[a.OrderItem, ...] = ()
        if self.accept("ORDER"):
            self.expect("BY")
            order = [self.order_item()]
            while self.accept_punct(","):
                order.append(self.order_item())
            order_by = tuple(order)
        limit = self.integer() if self.accept("LIMIT") else None
        time = self.time_clause()
        self.end()
        return a.Query(tuple(items), source, None, where, group_by, having, order_by, limit, time)

    def select_item(self) -> a.SelectItem:
        expr: a.Expr = a.Star() if self.accept_punct("*") else self.expr()
        alias = None
        if self.accept("AS"):
            kind, text = self.take()
            if kind == "word" and text.upper() not in RESERVED and self.peek() != ("punct", "("):
                alias = text
            elif kind == "string":
                alias = _unquote(text, "'")
            elif kind == "qident":
                alias = _unquote(text, '"')
            else:
                raise _Decline
        return a.SelectItem(expr, alias)

    def table(self) -> a.Table:
        kind, text = self.take()
        if kind == "qident":
            return a.Table(_unquote(text, '"'))
        if kind == "word" and text.upper() not in RESERVED and self.peek() != ("punct", "("):
            return a.Table(text)
        raise _Decline

    def order_item(self) -> a.OrderItem:
        expr = self.expr()
        direction = self.keyword() if self.keyword() in ("ASC", "DESC") else None
        if direction is not None:
            self.index += 1
        collate = None
        if self.accept("COLLATE"):
            kind, text = self.take()
            if kind != "string":
                raise _Decline
            collate = _unquote(text, "'")
        return a.OrderItem(expr, direction, collate)  # type: ignore[arg-type]

    def integer(self) -> int:
        kind, text = self.take()
        if kind != "number" or not _INT.fullmatch(text):
            raise _Decline
        return int(text)

    def time_clause(self) -> a.TimeClause | None:
        if self.accept("LAST"):
            amount = self.integer()
            unit = self.keyword()
            if unit not in _UNITS:
                raise _Decline
            self.index += 1
            return a.LastTime(amount, unit)
        if self.accept("START"):
            start = self.expr()
            stop = self.expr() if self.accept("STOP") else None
            return a.StartStop(start, stop)
        return None

    # -- conditions ------------------------------------------------------------------------

    def condition(self) -> a.Condition:
        operands = [self.conjunction()]
        while self.accept("OR"):
            operands.append(self.conjunction())
        return operands[0] if len(operands) == 1 else a.Or(tuple(operands))

    def conjunction(self) -> a.Condition:
        operands = [self.negation()]
        while self.accept("AND"):
            operands.append(self.negation())
        return operands[0] if len(operands) == 1 else a.And(tuple(operands))

    def negation(self) -> a.Condition:
        if self.accept("NOT"):
            return a.Not(self.negation())
        if self.accept_punct("("):
            inner = self.condition()
            self.expect_punct(")")
            kind, text = self.peek()
            if (kind == "punct" and text not in "(),") or self.keyword() in _CONTINUES:
                raise _Decline  # a parenthesized value; the full parser reads it
            return inner
        if self.keyword() == "TEXT" and self.keyword(1) == "SEARCH":
            self.index += 2
            kind, text = self.take()
            if kind != "string":
                raise _Decline
            return a.TextSearch(_unquote(text, "'"))
        return self.predicate()

    def predicate(self) -> a.Condition:
        left = self.expr()
        kind, text = self.peek()
        if kind == "punct" and text in _COMPARISONS:
            self.index += 1
            return a.Comparison("=" if text == "==" else text, left, self.expr())
        word = self.keyword()
        negated = word == "NOT"
        if negated:
            word = self.keyword(1)
            if word not in _PATTERN_OPS and word != "IN":
                raise _Decline
            self.index += 1
        if word in _PATTERN_OPS:
            self.index += 1
            return a.PatternMatch(left, word, self.expr(), negated)  # type: ignore[arg-type]
        if word == "IN":
            self.index += 1
            self.expect_punct("(")
            if self.keyword() == "SELECT":
                raise _Decline
            values = tuple(self.expr_list())
            self.expect_punct(")")
            return a.InList(left, values, negated)
        if word == "IS":
            self.index += 1
            is_not = self.accept("NOT")
            self.expect("NULL")
            return a.IsNull(left, is_not)
        if word == "BETWEEN":
            self.index += 1
            low = self.expr()
            self.expect("AND")
            return a.Between(left, low, self.expr())
        return a.Predicate(left)

    # -- expressions -----------------------------------------------------------------------

    def expr_list(self) -> list[a.Expr]:
        values = [self.expr()]
        while self.accept_punct(","):
            values.append(self.expr())
        return values

    def expr(self) -> a.Expr:
        kind, text = self.take()
        if kind == "qident":
            value: a.Expr = a.Identifier(_unquote(text, '"'), quoted=True)
        elif kind == "string":
            value = a.StringLit(_unquote(text, "'"))
        elif kind == "number":
            value = _number(text)
        elif kind == "word":
            value = self.word(text)
        else:
            raise _Decline
        if self.peek() == ("punct", "*"):
            raise _Decline  # multiplication
        return value

    def word(self, text: str) -> a.Expr:
        upper = text.upper()
        call = self.peek() == ("punct", "(")
        if upper in RESERVED and not (upper == "LAST" and call):
            if upper == "NULL":
                return a.NullLit()
            if upper in ("TRUE", "FALSE"):
                return a.BoolLit(upper == "TRUE")
            raise _Decline
        if not call:
            return a.Identifier(text)
        self.index += 1
        if self.peek() == ("punct", "*") and self.peek(1) == ("punct", ")"):
            self.index += 2
            return a.FunctionCall(upper, (a.Star(),))
        if self.accept_punct(")"):
            return a.FunctionCall(upper, ())
        args = tuple(self.expr_list())
        self.expect_punct(")")
        return a.FunctionCall(upper, args)


def parse_fast(text: str, statement: bool) -> a.Statement | a.Condition | None:
    """Parse a query (``statement``) or a bare condition, or return None when the text is
    outside the subset this parser reads (the caller then uses the full parser)."""
    try:
        parser = _Parser(text)
        if statement:
            return parser.query()
        condition = parser.condition()
        parser.end()
        return condition
    except (_Decline, RecursionError):
        return None
