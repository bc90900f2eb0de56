"""AQL lexical helpers: string literals, LIKE patterns and Java regular expressions."""

from __future__ import annotations

import re

from sigma.types import SigmaString, SpecialChars

_JAVA_REGEX_META = set("\\.[]{}()<>*+-=!?^$|")


def quote_string(text: str) -> str:
    """Quote text as an AQL string literal: single quotes, ``'`` doubled, backslash literal.

    Args:
        text: The raw text.

    Returns:
        The quoted literal.
    """
    return "'" + text.replace("'", "''") + "'"


def has_like_metacharacters(value: SigmaString) -> bool:
    """Whether a Sigma string holds a literal ``%`` or ``_``, which LIKE cannot escape.

    Args:
        value: The Sigma string.

    Returns:
        True when a plain part of the string contains ``%`` or ``_``.
    """
    return any(isinstance(part, str) and ("%" in part or "_" in part) for part in value.s)


def like_pattern(value: SigmaString) -> str:
    """Render a Sigma string as a LIKE pattern body (unquoted): ``*`` to ``%``, ``?`` to ``_``.

    Args:
        value: A Sigma string without literal ``%`` or ``_``.

    Returns:
        The pattern text.
    """
    return value.convert(escape_char=None, wildcard_multi="%", wildcard_single="_")


def java_regex_escape(text: str) -> str:
    """Escape text so a Java regular expression matches it literally.

    Args:
        text: Literal text.

    Returns:
        The escaped regular expression.
    """
    return "".join("\\" + c if c in _JAVA_REGEX_META else c for c in text)


def wildcard_regex(value: SigmaString, ignore_case: bool = False) -> str:
    """Render a Sigma string as an anchored Java regex matching the whole value.

    Anchors and ``(?s)`` make the pattern mean the same whether MATCHES tests the whole value or
    searches for a match. Java folds only ASCII case unless UNICODE_CASE is on, so a pattern for
    IMATCHES carries ``(?u)`` too.

    Args:
        value: The Sigma string, with ``*`` and ``?`` wildcards.
        ignore_case: Whether the pattern is for a case-insensitive test (IMATCHES).

    Returns:
        The regular expression.
    """
    parts: list[str] = []
    for part in value.s:
        if isinstance(part, str):
            parts.append(java_regex_escape(part))
        elif part == SpecialChars.WILDCARD_MULTI:
            parts.append(".*")
        else:
            parts.append(".")
    return ("(?su)^" if ignore_case else "(?s)^") + "".join(parts) + "$"


_PY_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<")
_PY_NAMED_BACKREF = re.compile(r"(?<!\\)\(\?P=(\w+)\)")


def python_to_java_regex(pattern: str) -> str:
    """Rewrite the Python-only constructs of a Sigma regex into Java syntax.

    Sigma regular expressions are checked with Python's ``re``; AQL runs Java's
    ``java.util.regex``. Named groups ``(?P<n>..)`` and back-references ``(?P=n)`` differ, and
    Python's ``\\Z`` is Java's ``\\z``.

    Args:
        pattern: The regular expression as written in the rule.

    Returns:
        The equivalent Java regular expression.
    """
    pattern = _PY_NAMED_GROUP.sub("(?<", pattern)
    pattern = _PY_NAMED_BACKREF.sub(lambda m: "\\k<" + m.group(1) + ">", pattern)
    return re.sub(r"(?<!\\)((?:\\\\)*)\\Z", lambda m: m.group(1) + "\\z", pattern)
