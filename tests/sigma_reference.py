"""An independent reference matcher for Sigma string values, written from the Sigma spec.

It shares no code with pySigma's string handling or with sigmaqr: the differential test compares
what the converted AQL matches on the engine with what this matcher says the rule means.

Sigma (specification, "Value modifiers" and "Escaping"): values match the whole field value,
case-insensitively unless ``|cased``; ``*`` matches any sequence, ``?`` any one character; a
backslash escapes ``*``, ``?`` and itself, and is literal before any other character;
``contains``/``startswith``/``endswith`` add ``*`` around the value.
"""

from __future__ import annotations

import re

WILDCARD_ANY = object()
WILDCARD_ONE = object()
Token = str | object


def tokens(value: str) -> list[Token]:
    """Split a raw Sigma value into literal characters and wildcards."""
    out: list[Token] = []
    i = 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value) and value[i + 1] in "*?\\":
            out.append(value[i + 1])
            i += 2
            continue
        out.append(WILDCARD_ANY if char == "*" else WILDCARD_ONE if char == "?" else char)
        i += 1
    return out


def with_modifier(value: str, modifier: str) -> list[Token]:
    """The value's tokens with the implicit wildcards of a modifier."""
    body = tokens(value)
    if modifier in ("contains", "startswith"):
        body = [*body, WILDCARD_ANY]
    if modifier in ("contains", "endswith"):
        body = [WILDCARD_ANY, *body]
    return body


def matches(value: str, modifier: str, cased: bool, event_value: str) -> bool:
    """Whether a Sigma value with a modifier matches an event's field value."""
    pattern = "".join(
        ".*" if t is WILDCARD_ANY else "." if t is WILDCARD_ONE else re.escape(str(t))
        for t in with_modifier(value, modifier)
    )
    flags = re.DOTALL if cased else re.DOTALL | re.IGNORECASE
    return re.fullmatch(pattern, event_value, flags) is not None


def instance(value: str, modifier: str, fill: str, flip_case: bool) -> str:
    """An event value the Sigma value matches: wildcards filled, case optionally flipped."""
    out = []
    for token in with_modifier(value, modifier):
        if token is WILDCARD_ANY:
            out.append(fill)
        elif token is WILDCARD_ONE:
            out.append(fill[:1] or "x")
        else:
            out.append(str(token))
    text = "".join(out)
    return text.swapcase() if flip_case else text
