"""A rule in plain words: its selections, its condition, and what its QRadar filter reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sigma.conditions import (
    ConditionAND,
    ConditionIdentifier,
    ConditionNOT,
    ConditionOR,
    ConditionSelector,
    condition,
)
from sigma.rule import SigmaRule

MODIFIER_WORDS = {
    "contains": "contains",
    "startswith": "starts with",
    "endswith": "ends with",
    "re": "matches the regular expression",
    "cidr": "is in the network",
    "gt": "is greater than",
    "gte": "is at least",
    "lt": "is less than",
    "lte": "is at most",
    "exists": "exists:",
    "fieldref": "equals the field",
}
ENCODING_WORDS = {
    "base64": "base64-encoded",
    "base64offset": "base64-encoded at any offset",
    "wide": "as UTF-16",
    "utf16": "as UTF-16",
    "utf16le": "as UTF-16LE",
    "utf16be": "as UTF-16BE",
    "windash": "with any dash form of its flags",
    "cased": "case-sensitively",
}
_STRINGS = re.compile(r"'(?:[^']|'')*'")
_IDENTIFIERS = re.compile(r'"([^"]+)"')


def selection_lines(rule: SigmaRule) -> list[str]:
    """One Markdown line per detection: ``**name**: what it matches``.

    Args:
        rule: The rule.

    Returns:
        The lines, in the rule's order (the condition excluded).
    """
    detection = rule.to_dict().get("detection", {})
    return [
        f"**{name}**: {describe(body)}" for name, body in detection.items() if name != "condition"
    ]


def describe(body: Any) -> str:
    """Describe one detection: a map (all must hold), a list of maps (any), or keywords."""
    if isinstance(body, dict):
        return ", and ".join(field_words(k, v) for k, v in body.items())
    if isinstance(body, list) and all(isinstance(item, dict) for item in body):
        return "; or ".join(describe(item) for item in body)
    values = body if isinstance(body, list) else [body]
    return "the event text contains " + join_words([code(v) for v in values], "or")


def field_words(key: str, value: Any) -> str:
    """``Image|endswith`` and its values in words: ``Image ends with `\\net.exe` or ...``."""
    field, *modifiers = key.split("|")
    values = value if isinstance(value, list) else [value]
    joiner = "and" if "all" in modifiers else "or"
    verb = next((MODIFIER_WORDS[m] for m in modifiers if m in MODIFIER_WORDS), "is")
    how = [ENCODING_WORDS[m] for m in modifiers if m in ENCODING_WORDS]
    if value is None or values == [None]:
        return f"`{field}` is empty or missing"
    text = f"`{field}` {verb} {join_words([code(v) for v in values], joiner)}"
    return text + (f" ({', '.join(how)})" if how else "")


def code(value: Any) -> str:
    """A value as a Markdown code span (backticks inside are doubled around)."""
    text = str(value)
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def join_words(items: Sequence[str], word: str) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def condition_words(rule: SigmaRule) -> list[str]:
    """Each of the rule's conditions as a sentence.

    Args:
        rule: The rule.

    Returns:
        ``An event matches when ...`` per condition.
    """
    names = [n for n in rule.detection.detections]
    sentences = []
    for text in rule.detection.condition:
        tree = condition.parse_string(text, parse_all=True)[0]
        sentences.append(f"An event matches when {node_words(tree, names)}.")
    return sentences


def node_words(node: Any, names: Sequence[str], nested: bool = False) -> str:
    """One condition node in words."""
    if isinstance(node, ConditionIdentifier):
        return f"**{node.identifier}** matches"
    if isinstance(node, ConditionNOT):
        return f"**not** ({node_words(node.args[0], names, True)})"
    if isinstance(node, ConditionSelector):
        return selector_words(node, names)
    parts = [node_words(arg, names, True) for arg in node.args]
    if isinstance(node, ConditionAND):
        return f"({join_words(parts, 'and')})" if nested else join_words(parts, "and")
    if isinstance(node, ConditionOR):
        text = ("either " if len(parts) == 2 else "any of: ") + join_words(parts, "or")
        return f"({text})" if nested else text
    return str(node)


def selector_words(node: ConditionSelector, names: Sequence[str]) -> str:
    """``all of selection_*`` in words, naming the detections it covers."""
    pattern = node.pattern
    if pattern == "them":
        covered = list(names)
    else:
        regex = re.compile("^" + re.escape(pattern).replace(r"\*", ".*") + "$")
        covered = [n for n in names if regex.match(n)]
    bold = [f"**{n}**" for n in covered]
    if len(covered) <= 1:
        return f"{''.join(bold) or 'nothing'} matches"
    if node.cond_class is ConditionAND:
        return f"all of {join_words(bold, 'and')} match"
    return f"at least one of {join_words(bold, 'or')} matches"


def properties(aql: str) -> list[str]:
    """The double-quoted identifiers (QRadar properties) an AQL text reads, sorted.

    Args:
        aql: An AQL search or filter.

    Returns:
        Property names, without quotes, each once.
    """
    return sorted(set(_IDENTIFIERS.findall(_STRINGS.sub("''", aql))))


def log_source_types(aql: str) -> list[int]:
    """The ``devicetype`` values an AQL filter restricts to."""
    found: set[int] = set()
    for single, listed in re.findall(r"devicetype\s*(?:=\s*(\d+)|IN\s*\(([\d,\s]+)\))", aql):
        found.update(int(v) for v in (single or listed).split(",") if v.strip())
    return sorted(found)


def channels(aql: str) -> list[str]:
    """The Windows channels (``qideventcategory``) an AQL filter restricts to."""
    return sorted(set(re.findall(r"qideventcategory\s+I?LIKE\s+'((?:[^']|'')*)'", aql)))


def event_ids(aql: str) -> list[int]:
    """The Windows Event IDs (``qideventid``) an AQL filter restricts to."""
    found: set[int] = set()
    for single, listed in re.findall(r"qideventid\s*(?:=\s*(\d+)|IN\s*\(([\d,\s]+)\))", aql):
        found.update(int(v) for v in (single or listed).split(",") if v.strip())
    return sorted(found)
