"""Grammar: IBM's documented AQL examples parse, into the expected trees."""

from __future__ import annotations

import pytest

from sigmaqr.aql import AQLSyntaxError, parse, parse_condition, parse_statement
from sigmaqr.aql import ast as a
from tests.aql.examples import IBM_EXAMPLES


class TestDocumentedExamples:
    """Every IBM example from aql-facts.md parses."""

    @pytest.mark.parametrize("text", list(IBM_EXAMPLES.values()), ids=list(IBM_EXAMPLES))
    def test_parses(self, text: str) -> None:
        """The example parses into a Query or Union."""
        assert isinstance(parse(text), a.Query | a.Union)


def where(text: str) -> a.Condition | None:
    """The WHERE condition of ``SELECT * FROM events WHERE <text>``."""
    tree = parse_statement(f"SELECT * FROM events WHERE {text}")
    assert isinstance(tree, a.Query)
    return tree.where


def value(text: str) -> a.Expr:
    """The expression of ``SELECT <text> FROM events``."""
    tree = parse_statement(f"SELECT {text} FROM events")
    assert isinstance(tree, a.Query)
    return tree.select[0].expr


ID = a.Identifier
S = a.StringLit
N = a.NumberLit


class TestLiterals:
    """Strings, numbers, identifiers and keywords."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("'it''s'", "it's"),
            ("'C:\\Windows\\x'", "C:\\Windows\\x"),
            ("'%\\(here\\)%'", "%\\(here\\)%"),
            ("'a\\'", "a\\"),
            ("'say \"hi\"'", 'say "hi"'),
            ("''", ""),
            ("'line\nbreak\ttab'", "line\nbreak\ttab"),
            ("'ü—漢'", "ü—漢"),
        ],
        ids=[
            "doubled_quote",
            "backslashes",
            "backslash_paren",
            "trailing_backslash",
            "double_quotes",
            "empty",
            "newline_tab",
            "unicode",
        ],
    )
    def test_string_literal(self, text: str, expected: str) -> None:
        """Single quotes delimit strings, '' is a quote, backslash is literal."""
        assert value(text) == S(expected)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("42", 42),
            ("0xff000000", 0xFF000000),
            ("0XFF", 255),
            ("1.5", 1.5),
            ("2e3", 2000.0),
            ("-7", -7),
            ("-0x10", -16),
        ],
        ids=["int", "hex", "hex_upper", "float", "exponent", "negative", "negative_hex"],
    )
    def test_number_literal(self, text: str, expected: float) -> None:
        """Integers, floats and hex numbers parse to their value."""
        assert value(text) == N(expected)

    def test_hex_spelling_is_recorded(self) -> None:
        """A hex literal remembers its spelling for printing."""
        literal = value("0xff")
        assert isinstance(literal, a.NumberLit)
        assert literal.hex

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("NULL", a.NullLit()),
            ("null", a.NullLit()),
            ("TRUE", a.BoolLit(True)),
            ("false", a.BoolLit(False)),
        ],
    )
    def test_keyword_literals(self, text: str, expected: a.Expr) -> None:
        """NULL, TRUE and FALSE are literals in any case."""
        assert value(text) == expected

    def test_bare_identifier_keeps_spelling(self) -> None:
        """A bare name keeps its letters; its key is lower-case."""
        ident = value("SourceIP")
        assert ident == ID("SourceIP")
        assert isinstance(ident, ID)
        assert ident.key == "sourceip"

    def test_quoted_identifier(self) -> None:
        """Double quotes make an exact-text name; "" is a double quote."""
        assert value('"Process ""Path"" ü"') == ID('Process "Path" ü', quoted=True)

    def test_function_names_are_case_insensitive(self) -> None:
        """Function names are stored upper-case whatever the spelling."""
        assert value("QiDnAmE(qid)") == a.FunctionCall("QIDNAME", (ID("qid"),))

    def test_namespaced_function(self) -> None:
        """GEO::LOOKUP style names parse as one function."""
        assert value("geo::lookup(sourceip, 'city')") == a.FunctionCall(
            "GEO::LOOKUP", (ID("sourceip"), S("city"))
        )

    def test_count_star(self) -> None:
        """COUNT(*) takes the star as its argument."""
        assert value("COUNT(*)") == a.FunctionCall("COUNT", (a.Star(),))

    def test_no_argument_call(self) -> None:
        """NOW() has no arguments."""
        assert value("NOW()") == a.FunctionCall("NOW")

    def test_last_aggregate_is_a_function(self) -> None:
        """LAST(x) is the aggregate, not the time clause."""
        assert value("LAST(username)") == a.FunctionCall("LAST", (ID("username"),))

    @pytest.mark.parametrize("keyword", ["select", "SeLeCt", "SELECT"])
    def test_keywords_are_case_insensitive(self, keyword: str) -> None:
        """Keywords parse in any letter case."""
        assert isinstance(parse(f"{keyword} * fRoM events wHeRe a = 1 LaSt 1 hOuRs"), a.Query)


class TestExpressions:
    """Arithmetic precedence and conditional expressions."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("a + b * c", a.BinaryOp("+", ID("a"), a.BinaryOp("*", ID("b"), ID("c")))),
            ("a - b - c", a.BinaryOp("-", a.BinaryOp("-", ID("a"), ID("b")), ID("c"))),
            ("a * b ^ c", a.BinaryOp("*", ID("a"), a.BinaryOp("^", ID("b"), ID("c")))),
            ("(a + b) * c", a.BinaryOp("*", a.BinaryOp("+", ID("a"), ID("b")), ID("c"))),
            ("a & b + c", a.BinaryOp("&", ID("a"), a.BinaryOp("+", ID("b"), ID("c")))),
            ("a | b & c", a.BinaryOp("|", ID("a"), a.BinaryOp("&", ID("b"), ID("c")))),
            ("-a", a.UnaryOp("-", ID("a"))),
            ("a - -1", a.BinaryOp("-", ID("a"), N(-1))),
            ("-(1)", a.UnaryOp("-", N(1))),
        ],
        ids=[
            "mul_over_add",
            "left_assoc",
            "pow_over_mul",
            "parens",
            "add_over_bitand",
            "bitand_over_bitor",
            "unary_minus",
            "negative_literal",
            "negated_literal",
        ],
    )
    def test_arithmetic(self, text: str, expected: a.Expr) -> None:
        """Operators bind ^ > * / % > + - > & > |, all left-associative."""
        assert value(text) == expected

    def test_simple_case(self) -> None:
        """CASE operand WHEN value THEN result ... ELSE ... END."""
        assert value("CASE username WHEN 'root' THEN 'A' ELSE 'B' END") == a.Case(
            ID("username"), (a.When(S("root"), S("A")),), S("B")
        )

    def test_searched_case(self) -> None:
        """CASE WHEN condition THEN result END (our backend emits it)."""
        assert value("CASE WHEN qid = 1 THEN 'one' END") == a.Case(
            None, (a.When(a.Comparison("=", ID("qid"), N(1)), S("one")),)
        )

    def test_if_then_else(self) -> None:
        """IF condition THEN a ELSE b stops before AS."""
        tree = parse_statement(
            "SELECT IF username = 'root' THEN 'ADMIN' ELSE username AS user FROM events"
        )
        assert isinstance(tree, a.Query)
        assert tree.select[0] == a.SelectItem(
            a.IfThenElse(a.Comparison("=", ID("username"), S("root")), S("ADMIN"), ID("username")),
            "user",
        )


class TestConditions:
    """WHERE conditions."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("a != 1", a.Comparison("!=", ID("a"), N(1))),
            ("a == 1", a.Comparison("=", ID("a"), N(1))),
            ("a BETWEEN 1 AND 5", a.Between(ID("a"), N(1), N(5))),
            ("a IN (1, 2)", a.InList(ID("a"), (N(1), N(2)))),
            ("a NOT IN ('x')", a.InList(ID("a"), (S("x"),), negated=True)),
            ("a ilike '%x%'", a.PatternMatch(ID("a"), "ILIKE", S("%x%"))),
            ("a NOT LIKE 'x'", a.PatternMatch(ID("a"), "LIKE", S("x"), negated=True)),
            ("a MATCHES '.*'", a.PatternMatch(ID("a"), "MATCHES", S(".*"))),
            ("a IS NULL", a.IsNull(ID("a"))),
            ("a IS NOT NULL", a.IsNull(ID("a"), negated=True)),
            ("TEXT SEARCH 'fw'", a.TextSearch("fw")),
            (
                "INCIDR('10.0.0.0/8', sourceip)",
                a.Predicate(a.FunctionCall("INCIDR", (S("10.0.0.0/8"), ID("sourceip")))),
            ),
            ("text = 'x'", a.Comparison("=", ID("text"), S("x"))),
        ],
        ids=[
            "not_equal",
            "double_equal",
            "between",
            "in",
            "not_in",
            "ilike",
            "not_like",
            "matches",
            "is_null",
            "is_not_null",
            "text_search",
            "function_predicate",
            "column_named_text",
        ],
    )
    def test_predicate(self, text: str, expected: a.Condition) -> None:
        """Each predicate form parses to its node."""
        assert where(text) == expected

    def test_precedence_not_and_or(self) -> None:
        """NOT binds tighter than AND, AND tighter than OR."""
        p, q, r = (a.Predicate(ID(n)) for n in "pqr")
        assert where("NOT p AND q OR r") == a.Or((a.And((a.Not(p), q)), r))

    def test_chain_is_flattened(self) -> None:
        """An AND chain becomes one And node."""
        p, q, r = (a.Predicate(ID(n)) for n in "pqr")
        assert where("p AND q AND r") == a.And((p, q, r))

    def test_parenthesized_group_stays_nested(self) -> None:
        """A parenthesized AND inside an AND stays a separate node."""
        p, q, r = (a.Predicate(ID(n)) for n in "pqr")
        assert where("p AND (q AND r)") == a.And((p, a.And((q, r))))

    def test_parenthesized_value_before_comparison(self) -> None:
        """(x & mask) = v is a comparison, not a parenthesized condition."""
        assert where("(x & 0xff) = 100") == a.Comparison(
            "=", a.BinaryOp("&", ID("x"), N(255)), N(100)
        )

    def test_in_subquery(self) -> None:
        """IN (SELECT ...) holds the subquery."""
        cond = where("qid IN (SELECT qid FROM qidmap WHERE eventid IN (5140, 5142))")
        assert cond == a.InSubquery(
            ID("qid"),
            a.Query(
                (a.SelectItem(ID("qid")),),
                a.Table("qidmap"),
                where=a.InList(ID("eventid"), (N(5140), N(5142))),
            ),
        )

    def test_bare_condition(self) -> None:
        """parse_condition reads a rule filter without SELECT."""
        assert parse_condition("qid = 1 AND username = 'x'") == a.And(
            (a.Comparison("=", ID("qid"), N(1)), a.Comparison("=", ID("username"), S("x")))
        )


class TestStatements:
    """Clauses, their order, and UNION."""

    def test_all_clauses(self) -> None:
        """Every clause lands in its Query field."""
        tree = parse_statement(
            "SELECT sourceip AS ip, COUNT(*) FROM flows INTO 'c' WHERE a = 1 GROUP BY sourceip "
            "HAVING COUNT(*) > 2 ORDER BY ip DESC LIMIT 5 LAST 2 DAYS PARAMETERS x=1"
        )
        count = a.FunctionCall("COUNT", (a.Star(),))
        assert tree == a.Query(
            select=(a.SelectItem(ID("sourceip"), "ip"), a.SelectItem(count)),
            from_=a.Table("flows"),
            into="c",
            where=a.Comparison("=", ID("a"), N(1)),
            group_by=(ID("sourceip"),),
            having=a.Comparison(">", count, N(2)),
            order_by=(a.OrderItem(ID("ip"), "DESC"),),
            limit=5,
            time=a.LastTime(2, "DAYS"),
            parameters=(a.Parameter("x", N(1)),),
        )

    def test_globalview(self) -> None:
        """GLOBALVIEW('name', 'interval') is a FROM source."""
        tree = parse_statement("SELECT * FROM GLOBALVIEW('Top Log Sources','DAILY') LAST 2 DAYS")
        assert isinstance(tree, a.Query)
        assert tree.from_ == a.GlobalView("Top Log Sources", "DAILY")

    def test_start_stop(self) -> None:
        """START and STOP keep their values."""
        tree = parse_statement("SELECT * FROM events START '2024-01-01 00:00' STOP 1700000000000")
        assert isinstance(tree, a.Query)
        assert tree.time == a.StartStop(S("2024-01-01 00:00"), N(1700000000000))

    def test_union_trailing_clauses_apply_to_the_whole(self) -> None:
        """ORDER BY / LIMIT / time after the last branch belong to the Union."""
        tree = parse_statement(
            "SELECT a FROM events LAST 5 MINUTES UNION SELECT a FROM flows ORDER BY a LIMIT 3 "
            "LAST 1 HOURS"
        )
        assert tree == a.Union(
            (
                a.Query((a.SelectItem(ID("a")),), a.Table("events"), time=a.LastTime(5, "MINUTES")),
                a.Query((a.SelectItem(ID("a")),), a.Table("flows")),
            ),
            order_by=(a.OrderItem(ID("a")),),
            limit=3,
            time=a.LastTime(1, "HOURS"),
        )

    def test_union_all(self) -> None:
        """UNION ALL sets union_all."""
        tree = parse_statement("SELECT a FROM events UNION ALL SELECT a FROM flows")
        assert isinstance(tree, a.Union)
        assert tree.union_all

    def test_mixed_union_forms_are_rejected(self) -> None:
        """UNION and UNION ALL cannot be mixed in one statement."""
        with pytest.raises(AQLSyntaxError, match="mixing UNION and UNION ALL"):
            parse_statement(
                "SELECT a FROM events UNION SELECT a FROM flows UNION ALL SELECT a FROM events"
            )

    def test_locations(self) -> None:
        """Nodes carry 1-based line and column of their first character."""
        tree = parse_statement("SELECT *\nFROM events\nWHERE  a = 'x'")
        assert isinstance(tree, a.Query)
        assert tree.where is not None
        assert (tree.loc, tree.from_.loc, tree.where.loc) == (a.Loc(1, 1), a.Loc(2, 6), a.Loc(3, 8))

    def test_location_is_not_compared(self) -> None:
        """Equal trees from differently laid out text compare equal."""
        assert parse("SELECT * FROM events") == parse("select   *\n  from events")

    def test_profile_filter_returns_condition(self) -> None:
        """parse(..., profile='filter') returns the bare condition."""
        assert parse("a = 1", "filter") == a.Comparison("=", ID("a"), N(1))

    def test_unknown_profile(self) -> None:
        """An unknown profile name is a ValueError."""
        with pytest.raises(ValueError, match="unknown profile 'loose'"):
            parse("SELECT * FROM events", "loose")  # type: ignore[arg-type]
