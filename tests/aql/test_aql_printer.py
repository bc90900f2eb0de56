"""Printer: canonical AQL text (upper-case keywords, single spaces, safe parentheses)."""

from __future__ import annotations

import pytest

from sigmaqr.aql import ast as a
from sigmaqr.aql import parse, quote_identifier, quote_string, to_aql

CANONICAL = {
    "keywords_upper": (
        "select * from events where a = 1 last 24 hours",
        "SELECT * FROM events WHERE a = 1 LAST 24 HOURS",
    ),
    "spacing": (
        "SELECT  a,b\nFROM events WHERE a=1 AND(b!=2)",
        "SELECT a, b FROM events WHERE a = 1 AND b != 2",
    ),
    "quote_doubled": (
        "SELECT * FROM events WHERE a = 'it''s'",
        "SELECT * FROM events WHERE a = 'it''s'",
    ),
    "backslash_kept": (
        "SELECT * FROM events WHERE a ILIKE '%\\net.exe'",
        "SELECT * FROM events WHERE a ILIKE '%\\net.exe'",
    ),
    "function_upper": (
        "SELECT qidname(qid) AS n FROM events",
        "SELECT QIDNAME(qid) AS n FROM events",
    ),
    "quoted_alias": (
        "SELECT COUNT(*) AS 'Event Count' FROM events",
        "SELECT COUNT(*) AS 'Event Count' FROM events",
    ),
    "bare_alias_from_quotes": ("SELECT a AS 'total' FROM events", "SELECT a AS total FROM events"),
    "quoted_identifier": (
        "SELECT * FROM events WHERE \"Process Path\" ILIKE 'x'",
        "SELECT * FROM events WHERE \"Process Path\" ILIKE 'x'",
    ),
    "double_equals": (
        "SELECT * FROM flows WHERE b % 8 == 7",
        "SELECT * FROM flows WHERE b % 8 = 7",
    ),
    "and_inside_or": (
        "SELECT * FROM events WHERE a = 1 AND b = 2 OR c = 3",
        "SELECT * FROM events WHERE (a = 1 AND b = 2) OR c = 3",
    ),
    "redundant_parens_dropped": (
        "SELECT * FROM events WHERE ((a = 1)) AND (b = 2 OR c = 3)",
        "SELECT * FROM events WHERE a = 1 AND (b = 2 OR c = 3)",
    ),
    "not_parenthesized": (
        "SELECT * FROM events WHERE NOT a = 1",
        "SELECT * FROM events WHERE NOT (a = 1)",
    ),
    "not_function": (
        "SELECT * FROM events WHERE NOT INCIDR('10.0.0.0/8', sourceip)",
        "SELECT * FROM events WHERE NOT INCIDR('10.0.0.0/8', sourceip)",
    ),
    "arithmetic_minimal_parens": (
        "SELECT (a + b) * c, a + (b * c), (a - b) - c, a - (b - c) FROM events",
        "SELECT (a + b) * c, a + b * c, a - b - c, a - (b - c) FROM events",
    ),
    "bitwise_operand_parenthesized": (
        "SELECT * FROM events WHERE (ip & 0xff000000)=0x0a000000",
        "SELECT * FROM events WHERE (ip & 0xff000000) = 0xa000000",
    ),
    "if_operand_parenthesized": (
        "SELECT * FROM events WHERE (IF a = 1 THEN 2 ELSE 3) > 2",
        "SELECT * FROM events WHERE (IF a = 1 THEN 2 ELSE 3) > 2",
    ),
    "in_list": (
        "SELECT * FROM events WHERE devicetype IN(10,12)",
        "SELECT * FROM events WHERE devicetype IN (10, 12)",
    ),
    "not_in_not_like": (
        "SELECT * FROM events WHERE a not in ('x') and b not ilike 'y'",
        "SELECT * FROM events WHERE a NOT IN ('x') AND b NOT ILIKE 'y'",
    ),
    "order_collate": (
        "SELECT * FROM events ORDER BY sourceIP desc collate 'de-CH'",
        "SELECT * FROM events ORDER BY sourceIP DESC COLLATE 'de-CH'",
    ),
    "into_quoted": ("SELECT * FROM events into t1", "SELECT * FROM events INTO 't1'"),
    "globalview": (
        "select * from GLOBALVIEW('Top Log Sources','DAILY') last 2 days",
        "SELECT * FROM GLOBALVIEW('Top Log Sources', 'DAILY') LAST 2 DAYS",
    ),
    "start_stop": (
        "SELECT * FROM events LIMIT 100 START '2015-10-28 10:00' STOP '2015-10-28 11:00'",
        "SELECT * FROM events LIMIT 100 START '2015-10-28 10:00' STOP '2015-10-28 11:00'",
    ),
    "parameters": (
        "SELECT * FROM events LAST 1 HOURS parameters snapshotsize = 2,x=ARIELSERVERS4EPID(8)",
        "SELECT * FROM events LAST 1 HOURS PARAMETERS snapshotsize=2, x=ARIELSERVERS4EPID(8)",
    ),
    "cases": (
        "SELECT case a when 1 then 'x' else 'y' end, case when a = 1 then 'x' end FROM events",
        "SELECT CASE a WHEN 1 THEN 'x' ELSE 'y' END, CASE WHEN a = 1 THEN 'x' END FROM events",
    ),
    "union": (
        "SELECT a FROM events union all SELECT a FROM flows order by a last 5 minutes",
        "SELECT a FROM events UNION ALL SELECT a FROM flows ORDER BY a LAST 5 MINUTES",
    ),
    "subqueries": (
        "SELECT a FROM (SELECT a FROM events) WHERE a IN (SELECT b FROM flows LIMIT 10)",
        "SELECT a FROM (SELECT a FROM events) WHERE a IN (SELECT b FROM flows LIMIT 10)",
    ),
    "negative_numbers": (
        "SELECT -5, - 5, -(5), a - -5, -a, 1.5e-07 FROM events",
        "SELECT -5, -(5), -(5), a - -5, -a, 1.5e-07 FROM events",
    ),
    "text_search": (
        "SELECT * FROM events WHERE text search 'firewall' AND sourceip='192.168.1.1'",
        "SELECT * FROM events WHERE TEXT SEARCH 'firewall' AND sourceip = '192.168.1.1'",
    ),
}


class TestCanonicalText:
    """Parsed text prints in canonical form."""

    @pytest.mark.parametrize(("text", "expected"), list(CANONICAL.values()), ids=list(CANONICAL))
    def test_canonical(self, text: str, expected: str) -> None:
        """The query prints exactly as expected, and that text parses to the same tree."""
        tree = parse(text)
        assert (to_aql(tree), parse(expected)) == (expected, tree)

    def test_condition(self) -> None:
        """A bare condition prints without SELECT."""
        assert to_aql(parse("a=1 or b=2", "filter")) == "a = 1 OR b = 2"

    def test_expression(self) -> None:
        """A bare expression prints too."""
        assert to_aql(a.FunctionCall("str", (a.Identifier("sourceip"),))) == "STR(sourceip)"


class TestQuoting:
    """Quoting helpers."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [("x", "'x'"), ("it's", "'it''s'"), ("C:\\a\\", "'C:\\a\\'"), ("", "''")],
    )
    def test_quote_string(self, value: str, expected: str) -> None:
        """Strings are single-quoted with ' doubled and backslashes untouched."""
        assert quote_string(value) == expected

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("sourceip", "sourceip"),
            ("Process Path", '"Process Path"'),
            ("select", '"select"'),
            ('a"b', '"a""b"'),
            ("1abc", '"1abc"'),
            ("Größe", '"Größe"'),
        ],
        ids=["bare", "space", "keyword", "double_quote", "leading_digit", "non_ascii"],
    )
    def test_quote_identifier(self, name: str, expected: str) -> None:
        """Names are bare when safe, else double-quoted with " doubled."""
        assert quote_identifier(name) == expected

    def test_identifier_quoted_flag_is_kept(self) -> None:
        """An identifier written in quotes stays quoted even if it could be bare."""
        assert to_aql(a.Identifier("qid", quoted=True)) == '"qid"'


class TestErrors:
    """Trees that cannot be printed."""

    def test_infinite_number(self) -> None:
        """A non-finite float has no AQL spelling."""
        with pytest.raises(ValueError, match="cannot write inf"):
            to_aql(a.NumberLit(float("inf")))

    def test_not_a_node(self) -> None:
        """Printing something that is not a statement, condition or expression fails."""
        with pytest.raises(TypeError, match="cannot print Loc as AQL"):
            to_aql(a.Loc(1, 1))  # type: ignore[arg-type]
