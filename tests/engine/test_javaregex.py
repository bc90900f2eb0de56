"""Java regular expressions translated to Python: syntax rewrites and unsupported constructs."""

from __future__ import annotations

import pytest

from sigmaqr.engine import EngineError
from sigmaqr.engine.javaregex import compile_java, translate

TRANSLATIONS: dict[str, tuple[str, str]] = {
    "named group": (r"(?<year>\d{4})", r"(?P<year>\d{4})"),
    "named back-reference": (r"(?<a>x)\k<a>", r"(?P<a>x)(?P=a)"),
    "lookbehind is kept": (r"(?<=a)b(?<!c)", r"(?<=a)b(?<!c)"),
    "absolute end": (r"a\z", r"a\Z"),
    "inline flag scoped to the rest": (r"a(?i)b", r"a(?i:b)"),
    "inline flag inside a group": (r"(a(?i)b)c", r"(a(?i:b))c"),
    "flag group": (r"(?i:a)b", r"(?i:a)b"),
    "UNIX_LINES flag dropped": (r"(?d)a", r"(?:a)"),
    "escape character": (r"\e", r"\x1b"),
    "control character": (r"\cA", r"\x01"),
    "octal": (r"\0101", r"\x41"),
    "code point": (r"\x{41}", r"\U00000041"),
    "quoting": (r"\Q(a)\E", r"\(a\)"),
    "posix class": (r"\p{Digit}", "[0-9]"),
    "negated posix class": (r"\P{Digit}", "[^0-9]"),
    "posix class in a class": (r"[\p{Lower}_]", "[a-z_]"),
    "possessive kept": ("a*+", "a*+"),
    "atomic kept": ("(?>a)", "(?>a)"),
}


@pytest.mark.parametrize(("java", "python"), TRANSLATIONS.values(), ids=list(TRANSLATIONS))
def test_translation(java: str, python: str) -> None:
    """Java syntax becomes the equivalent Python syntax."""
    assert translate(java)[0] == python


UNSUPPORTED: dict[str, tuple[str, str]] = {
    "class intersection": ("[a-z&&[^b]]", "intersection"),
    "nested class": ("[a[bc]]", "nested character class"),
    "Unicode category": (r"\p{L}", "Unicode property class"),
    "end of previous match": (r"\Ga", r"'\\G'"),
    "grapheme cluster": (r"\X", r"'\\X'"),
    "unknown inline flag": ("(?q)a", "inline flag 'q'"),
    "unclosed class": ("[abc", "unclosed character class"),
    "unbalanced paren": ("a)", "unbalanced"),
}


@pytest.mark.parametrize(("java", "message"), UNSUPPORTED.values(), ids=list(UNSUPPORTED))
def test_unsupported(java: str, message: str) -> None:
    """Constructs without a faithful translation raise EngineError naming the construct."""
    with pytest.raises(EngineError, match=message):
        compile_java(java)


def test_unicode_flag_reported() -> None:
    """(?u) switches off the ASCII-only default."""
    assert translate("(?u)a")[1] is True


def test_dot_excludes_java_line_terminators() -> None:
    """Without DOTALL, ``.`` does not match U+2028 (a Java line terminator)."""
    assert compile_java("a.b").fullmatch("a\u2028b") is None


def test_java_big_z_allows_a_final_line_terminator() -> None:
    """Java's ``\\Z`` matches before a final line terminator."""
    assert compile_java(r"abc\Z\r\n").fullmatch("abc\r\n") is not None
