"""LIKE, ILIKE, MATCHES and IMATCHES: whole-value matching with AQL's wildcard rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sigmaqr.engine import EngineError, EventStore
from tests.engine.conftest import matches, q

StoreOf = Callable[[object], EventStore]

LIKE_CASES: dict[str, tuple[str, str, bool]] = {
    "exact": ("cmd.exe", "cmd.exe", True),
    "whole value, not a substring": ("cmd.exe /c", "cmd.exe", False),
    "percent any run": (r"C:\Windows\cmd.exe", "%cmd.exe", True),
    "percent empty run": ("cmd.exe", "%cmd.exe%", True),
    "percent contains": ("a net use b", "%net use%", True),
    "underscore one char": ("Joe", "Jo_", True),
    "underscore not zero chars": ("Jo", "Jo_", False),
    "underscore not two chars": ("Joey", "Jo_", False),
    "case-sensitive": ("CMD.EXE", "cmd.exe", False),
    "backslash is literal": (r"C:\Windows\cmd.exe", r"%\cmd.exe", True),
    "backslash does not escape percent": (r"a\%b", r"a\%b", True),
    "backslash-percent is still a wildcard": (r"a\xyzb", r"a\%b", True),
    "escaped-looking paren is literal": (r"is \(here\)", r"%\(here\)%", True),
    "backslash-paren does not match bare paren": ("is (here)", r"%\(here\)%", False),
    "doubled backslash is two backslashes": (r"C:\x", r"C:\\x", False),
    "quote in value": ("it's", "it's", True),
    "percent matches newlines": ("line1\nline2", "line1%line2", True),
    "regex characters are literal": ("a.b", "a_b", True),
    "dot is not a wildcard": ("axb", "a.b", False),
    "star is literal": ("a*b", "a*b", True),
    "star is not a wildcard": ("axb", "a*b", False),
    "empty pattern matches empty value": ("", "", True),
    "empty pattern does not match text": ("x", "", False),
    "lone percent matches empty": ("", "%", True),
}

ILIKE_CASES: dict[str, tuple[str, str, bool]] = {
    "folds case": ("CMD.EXE", "cmd.exe", True),
    "folds pattern case": ("cmd.exe", "%CMD.EXE", True),
    "still whole value": ("xcmd.exe", "cmd.exe", False),
    "unicode case folding": ("ÄRGER", "ärger", True),
    "underscore one char": ("ABC", "a_c", True),
    "backslash literal": (r"C:\WINDOWS\SYSTEM32", r"c:\windows\%", True),
}

MATCHES_CASES: dict[str, tuple[str, str, bool]] = {
    "whole value": ("abc", "b", False),
    "padded for substring": ("abc", ".*b.*", True),
    "case-sensitive": ("ABC", "abc", False),
    "inline flag": ("ABC", "(?i)abc", True),
    "alternation": ("cmd.exe", "cmd\\.exe|powershell\\.exe", True),
    "backslash escapes in regex": (r"C:\tmp", r"C:\\tmp", True),
    "named group": ("2024-2024", r"(?<y>\d{4})-\k<y>", True),
    "dot does not cross newline": ("a\nb", "a.b", False),
    "dot does not cross carriage return": ("a\rb", "a.b", False),
    "dotall crosses newline": ("a\nb", "(?s)a.b", True),
    "possessive quantifier": ("aaa", "a*+a", False),
    "atomic group": ("aab", "(?>a+)b", True),
    "posix class": ("abc_1", r"\p{Alpha}+_\p{Digit}", True),
    "quoted section": ("a.*b", r"\Qa.*b\E", True),
    "absolute end": ("abc", r"abc\z", True),
    "ascii \\w": ("é", r"\w", False),
    "flag mid-pattern applies to the rest": ("aBC", "a(?i)bc", True),
    "flag mid-pattern leaves the start cased": ("ABC", "a(?i)bc", False),
}

IMATCHES_CASES: dict[str, tuple[str, str, bool]] = {
    "case-insensitive": ("POWERSHELL.EXE", ".*powershell\\.exe", True),
    "still whole value": ("xpowershell", "power.*", False),
    "ascii-only folding, as Java": ("É", "é", False),
    "unicode folding with (?u)": ("É", "(?u)é", True),
}


def _ids(cases: dict[str, tuple[str, str, bool]]) -> list[str]:
    return list(cases)


class TestLike:
    """LIKE: ``%`` and ``_`` only, no escape character, whole value, case-sensitive."""

    @pytest.mark.parametrize(
        ("value", "pattern", "expected"), LIKE_CASES.values(), ids=_ids(LIKE_CASES)
    )
    def test_like(self, value_store: StoreOf, value: str, pattern: str, expected: bool) -> None:
        """The LIKE table holds."""
        assert matches(value_store(value), f"Value LIKE {q(pattern)}") is expected

    @pytest.mark.parametrize(
        ("value", "pattern", "expected"), LIKE_CASES.values(), ids=_ids(LIKE_CASES)
    )
    def test_not_like(self, value_store: StoreOf, value: str, pattern: str, expected: bool) -> None:
        """NOT LIKE is the exact opposite on a non-null value."""
        assert matches(value_store(value), f"Value NOT LIKE {q(pattern)}") is not expected


class TestIlike:
    """ILIKE: LIKE with case folded on both sides."""

    @pytest.mark.parametrize(
        ("value", "pattern", "expected"), ILIKE_CASES.values(), ids=_ids(ILIKE_CASES)
    )
    def test_ilike(self, value_store: StoreOf, value: str, pattern: str, expected: bool) -> None:
        """The ILIKE table holds."""
        assert matches(value_store(value), f"Value ILIKE {q(pattern)}") is expected


class TestMatches:
    """MATCHES: a Java regular expression that must match the whole value."""

    @pytest.mark.parametrize(
        ("value", "pattern", "expected"), MATCHES_CASES.values(), ids=_ids(MATCHES_CASES)
    )
    def test_matches(self, value_store: StoreOf, value: str, pattern: str, expected: bool) -> None:
        """The MATCHES table holds."""
        assert matches(value_store(value), f"Value MATCHES {q(pattern)}") is expected

    @pytest.mark.parametrize(
        ("value", "pattern", "expected"), IMATCHES_CASES.values(), ids=_ids(IMATCHES_CASES)
    )
    def test_imatches(self, value_store: StoreOf, value: str, pattern: str, expected: bool) -> None:
        """IMATCHES is MATCHES with (ASCII) case-insensitivity."""
        assert matches(value_store(value), f"Value IMATCHES {q(pattern)}") is expected

    def test_invalid_regex_is_an_engine_error(self, value_store: StoreOf) -> None:
        """A malformed regular expression is reported before the query runs."""
        with pytest.raises(EngineError, match="invalid regular expression"):
            matches(value_store("x"), "Value MATCHES 'a(b'")

    def test_pattern_from_a_column(self, value_store: StoreOf) -> None:
        """A pattern can come from another expression, not just a literal."""
        assert matches(value_store("abc"), "Value MATCHES CONCAT('a', '.c')")


class TestQuotes:
    """String literals: ``''`` is a quote; nothing else is an escape."""

    def test_doubled_quote(self, value_store: StoreOf) -> None:
        """``''`` inside a literal stands for one quote."""
        assert matches(value_store("it's"), "Value = 'it''s'")

    def test_backslash_quote_is_not_an_escape(self, value_store: StoreOf) -> None:
        """``\\'`` ends the literal, so the query does not parse."""
        with pytest.raises(EngineError, match="syntax error"):
            matches(value_store("it's"), r"Value = 'it\'s'")
