"""Turn pyparsing failures into messages that say what is wrong and what to do."""

from __future__ import annotations

import re

import pyparsing as pp

__all__ = ["explain"]

_TOKEN = re.compile(r"""'(?:[^']|'')*'?|"(?:[^"]|"")*"?|[A-Za-z_][A-Za-z0-9_]*|\S""")
_CLAUSE_RANK = {
    "INTO": 1,
    "WHERE": 2,
    "GROUP": 3,
    "HAVING": 4,
    "ORDER": 5,
    "LIMIT": 6,
    "LAST": 7,
    "START": 7,
    "PARAMETERS": 8,
}
_CLAUSE_NAME = {
    "GROUP": "GROUP BY",
    "ORDER": "ORDER BY",
    "LAST": "LAST (time)",
    "START": "START (time)",
}
_ORDER_TEXT = (
    "AQL clauses go SELECT, FROM, INTO, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, "
    "LAST/START, PARAMETERS"
)
_BACKSLASH_HINT = (
    " (backslash does not escape a quote in AQL: write '' for a quote inside a string)"
)


def _clause(word: str) -> str:
    """Human name of a clause keyword."""
    return _CLAUSE_NAME.get(word, word)


def _scan(text: str, end: int) -> tuple[list[tuple[int, str, int]], int]:
    """Return ``(depth, WORD, offset)`` for the words before ``end``, and the depth at ``end``."""
    words: list[tuple[int, str, int]] = []
    depth = 0
    for match in _TOKEN.finditer(text, 0, end):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif token[0].isalpha() or token[0] == "_":
            words.append((depth, token.upper(), match.start()))
    return words, depth


def _clauses_before(text: str, end: int) -> list[str]:
    """Clause keywords already used by the statement that contains ``end``."""
    words, depth = _scan(text, end)
    seen: list[str] = []
    for level, word, offset in words:
        if level != depth:
            continue
        if word in ("SELECT", "UNION"):
            seen = []
        elif word in _CLAUSE_RANK and not _is_call(text, offset + len(word)):
            seen.append(word)
    return seen


def _is_call(text: str, after: int) -> bool:
    """Return whether a ``(`` follows ``after`` (``LAST(x)`` is the aggregate)."""
    return text[after:].lstrip().startswith("(")


def _is_word_char(char: str) -> bool:
    """Return whether ``char`` can be part of a bare word."""
    return char.isalnum() or char == "_"


def _token_at(text: str, offset: int) -> str:
    """Return the whole token at ``offset``, widened to the start of a word (empty at end)."""
    start = offset
    if _is_word_char(text[offset : offset + 1]):
        while start > 0 and _is_word_char(text[start - 1]):
            start -= 1
    match = _TOKEN.match(text, start)
    return match.group() if match else ""


def _show(token: str) -> str:
    """Quote a token for a message."""
    if not token:
        return "end of query"
    if len(token) > 30:
        token = token[:27] + "..."
    return f'"{token}"' if "'" in token else f"'{token}'"


def _misorder(text: str, offset: int, word: str) -> str | None:
    """Explain a clause keyword found where the grammar no longer allows it."""
    seen = _clauses_before(text, offset)
    rank = _CLAUSE_RANK[word]
    later = [w for w in seen if _CLAUSE_RANK[w] >= rank]
    if not later:
        return None
    if "PARAMETERS" in later:
        return f"PARAMETERS must be the last clause: move it after the {_clause(word)} clause"
    if word == "LIMIT" and any(w in ("LAST", "START") for w in later):
        return (
            "LIMIT must come before the time clause: write '... LIMIT n LAST ...' "
            "(IBM: place the LIMIT clause in front of the time clause)"
        )
    if rank == 7 and any(_CLAUSE_RANK[w] == 7 for w in later):
        return "a query has only one time clause (LAST or START/STOP): remove one"
    if word in later:
        how = "combine the conditions with AND" if word in ("WHERE", "HAVING") else "merge them"
        return f"duplicate {_clause(word)} clause: {how}"
    return (
        f"{_clause(word)} clause is out of order: it must come before "
        f"{_clause(later[0])}; {_ORDER_TEXT}"
    )


def _filter_hint(text: str, offset: int, word: str) -> str | None:
    """Explain statement syntax given to the filter (rule test) profile."""
    first = _TOKEN.search(text)
    first_word = first.group().upper() if first else ""
    if first_word == "SELECT":
        return (
            "the filter profile takes a bare condition, not a SELECT statement: keep only "
            "the expression after WHERE (CRE test 'when the event matches this AQL filter query')"
        )
    if first_word == "WHERE" and first is not None and offset == first.start():
        return "drop the leading WHERE: a rule filter is only the condition"
    if word in _CLAUSE_RANK:
        return (
            f"a rule filter is only a condition: remove the {_clause(word)} clause "
            "(no GROUP BY, ORDER BY, LIMIT, time clause or PARAMETERS)"
        )
    return None


def _token_hint(text: str, offset: int, token: str) -> str | None:
    """Explain lexical problems: unterminated quotes, ``<>``, stray ``)``."""
    if token[:1] == "'" and (len(token) == 1 or not token.endswith("'")):
        return "unterminated string literal: close it with ' (write '' for a quote inside it)"
    if token[:1] == '"' and (len(token) == 1 or not token.endswith('"')):
        return 'unterminated quoted name: close it with "'
    if token == ">" and text[offset - 1 : offset] == "<":
        return "AQL has no '<>' operator: use '!='"
    if token == ";":
        return "remove the ';': an AQL query is not terminated by a semicolon"
    return None


def _generic(exc: pp.ParseBaseException, token: str) -> str:
    """The pyparsing expectation, reworded."""
    if exc.msg.startswith("Expected end of text"):
        if token == ")":
            return "unbalanced ')': remove it or add the matching '('"
        return (
            f"unexpected {_show(token)}: expected AND, OR, a comma, an operator or the next clause"
        )
    expected = re.sub(r"^Expected ", "", exc.msg)
    return f"syntax error: expected {expected}, found {_show(token)}"


def explain(text: str, exc: pp.ParseBaseException, profile: str) -> tuple[str, str]:
    """Describe a parse failure.

    Args:
        text: The AQL text that failed to parse.
        exc: The pyparsing exception.
        profile: The validation profile (``"filter"`` parses a bare condition).

    Returns:
        ``(code, message)``: the issue code and a message saying what to do.
    """
    if not text.strip():
        what = "a condition" if profile == "filter" else "SELECT ... FROM ..."
        return "syntax", f"the query is empty: write {what}"
    offset = exc.loc
    token = _token_at(text, offset)
    word = token.upper()
    if profile == "filter":
        hint = _filter_hint(text, offset, word)
        if hint:
            return "filter-syntax", hint
    elif word in _CLAUSE_RANK and not _is_call(text, offset + len(token)):
        hint = _misorder(text, offset, word)
        if hint:
            return "clause-order", hint
    message = _token_hint(text, offset, token) or _generic(exc, token)
    if "\\'" in text[: offset + 1]:
        message += _BACKSLASH_HINT
    return "syntax", message
