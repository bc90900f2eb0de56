"""The publisher's parts: rules in words, AQL facts, Markdown to HTML, extension encoding, slugs."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest
from sigma.collection import SigmaCollection
from sigma.rule import SigmaRule

from sigmaqr.publish import explain, extension
from sigmaqr.publish.content import slugs
from sigmaqr.publish.markdown import inline, to_html

FIELDS = {
    "equals": ("Image", "a.exe", "`Image` is `a.exe`"),
    "list_is_or": ("Image", ["a", "b"], "`Image` is `a` or `b`"),
    "contains": ("CommandLine|contains", " use ", "`CommandLine` contains ` use `"),
    "all_is_and": ("CommandLine|contains|all", ["a", "b"], "`CommandLine` contains `a` and `b`"),
    "endswith": ("Image|endswith", "\\net.exe", "`Image` ends with `\\net.exe`"),
    "regex": ("Image|re", "x.*", "`Image` matches the regular expression `x.*`"),
    "cidr": ("DestinationIp|cidr", "10.0.0.0/8", "`DestinationIp` is in the network `10.0.0.0/8`"),
    "null": ("User", None, "`User` is empty or missing"),
    "windash": ("CommandLine|contains|windash", " -x", "`CommandLine` contains ` -x` "
                "(with any dash form of its flags)"),
    "backtick": ("CommandLine", "a`b", "`CommandLine` is `` a`b ``"),
}  # fmt: skip
CONDITIONS = {
    "one": ("sel", "An event matches when **sel** matches."),
    "and_or": (
        "sel and (a or b)",
        "An event matches when **sel** matches and (either **a** matches or **b** matches).",
    ),
    "all_of": ("all of s*", "An event matches when all of **sel** and **sub** match."),
    "one_of_not": (
        "sel and not 1 of f*",
        "An event matches when **sel** matches and **not** (at least one of **f1** or **f2** "
        "matches).",
    ),
    "them": ("1 of them", "An event matches when at least one of **sel**, **sub**, **a**, **b**, "
             "**f1** or **f2** matches."),
}  # fmt: skip
FILTER = (
    "devicetype = 12 AND (qideventcategory ILIKE 'Security' AND qideventid IN (5140, 5142) "
    'AND "Share Name" ILIKE \'%"x"%\' AND "Command" = \'it\'\'s "y"\')'
)
INLINE = {
    "escapes_html": ("a <b> & c", "a &lt;b&gt; &amp; c"),
    "code_span": ("`<x>`", "<code>&lt;x&gt;</code>"),
    "code_keeps_stars": ("`**x**`", "<code>**x**</code>"),
    "bold": ("**x**", "<strong>x</strong>"),
    "link": ("[t](a.md)", '<a href="../a.md">t</a>'),
    "double_backticks": ("`` a`b ``", "<code>a`b</code>"),
}


def rule_with(detection: str, condition: str) -> SigmaRule:
    """A process_creation rule with the given detection block and condition."""
    text = f"""
title: T
logsource: {{product: windows, category: process_creation}}
detection:
{detection}
    condition: {condition}
"""
    return SigmaCollection.from_yaml(text).rules[0]  # type: ignore[return-value]


@pytest.mark.parametrize(("key", "value", "words"), FIELDS.values(), ids=list(FIELDS))
def test_field_words(key: str, value: Any, words: str) -> None:
    """A detection field, its modifiers and values read as words."""
    assert explain.field_words(key, value) == words


def test_list_of_maps_reads_as_alternatives() -> None:
    """A list of maps is a choice between them."""
    rule = rule_with("    sel:\n        - Image: a\n        - OriginalFileName: b", "sel")
    expected = "**sel**: `Image` is `a`; or `OriginalFileName` is `b`"
    assert explain.selection_lines(rule) == [expected]


def test_keywords_read_as_event_text() -> None:
    """A keyword list is text searched in the whole event."""
    rule = rule_with("    kw:\n        - foo\n        - bar", "kw")
    assert explain.selection_lines(rule) == ["**kw**: the event text contains `foo` or `bar`"]


@pytest.mark.parametrize(("condition", "words"), CONDITIONS.values(), ids=list(CONDITIONS))
def test_condition_words(condition: str, words: str) -> None:
    """The condition reads as a sentence naming the detections."""
    detection = "\n".join(f"    {n}: {{Image: x}}" for n in ("sel", "sub", "a", "b", "f1", "f2"))
    assert explain.condition_words(rule_with(detection, condition)) == [words]


def test_properties_skip_string_literals() -> None:
    """Quoted identifiers are the properties; double quotes inside strings are not."""
    assert explain.properties(FILTER) == ["Command", "Share Name"]


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        (explain.log_source_types, [12]),
        (explain.channels, ["Security"]),
        (explain.event_ids, [5140, 5142]),
    ],
    ids=["log_source_types", "channels", "event_ids"],
)
def test_filter_facts(function: Any, expected: list[Any]) -> None:
    """The log source type, Windows channel and Event IDs a filter restricts to."""
    assert function(FILTER) == expected


@pytest.mark.parametrize(("text", "html"), INLINE.values(), ids=list(INLINE))
def test_inline_markdown(text: str, html: str) -> None:
    """Inline Markdown becomes escaped HTML; links are rewritten."""
    assert inline(text, lambda url: "../" + url) == html


def test_markdown_blocks() -> None:
    """Headings, lists, tables and fences become their HTML elements."""
    text = "# T\n\n- a\n\n| x | y |\n|---|---|\n| `a \\| b` | 2 |\n\n```sql\nSELECT '<'\n```\n"
    assert to_html(text) == (
        '<h1 id="t">T</h1>\n<ul>\n<li>a</li>\n</ul>\n<table>\n<thead><tr><th>x</th><th>y</th>'
        "</tr></thead>\n<tbody>\n<tr><td><code>a | b</code></td><td>2</td></tr>\n</tbody>\n"
        '</table>\n<pre><code class="language-sql">SELECT &#x27;&lt;&#x27;</code></pre>\n'
    )


def test_aql_test_argument_encoding() -> None:
    """The AQL test stores urlencode(expr)|urlencode(JSON list of expr)."""
    assert extension.user_selection("\"A\" = 'x\\y'") == (
        "%22A%22%20%3D%20%27x%5Cy%27|%5B%22%5C%22A%5C%22%20%3D%20%27x%5C%5Cy%27%22%5D"
    )


def test_rule_ids_are_stable_and_unique() -> None:
    """Rule ids come from the Sigma id; equal ids still get distinct numbers."""
    rules = cast(Any, [SimpleNamespace(id="a"), SimpleNamespace(id="b"), SimpleNamespace(id="a")])
    first, second, third = extension.rule_ids(rules)
    assert extension.rule_ids(rules[:1]) == [first]
    assert len({first, second, third}) == 3
    assert third == first + 1


def test_slugs_disambiguate_equal_file_names() -> None:
    """Rules from files with the same name get the start of their id appended."""
    paths = ["a/x.yml", "b/x.yml", "c/y.yml"]
    ids = ["11111111-aaaa", "22222222-bbbb", "33333333-cccc"]
    assert slugs(paths, ids) == ["x-11111111", "x-22222222", "y"]


def test_slugs_without_ids_are_numbered() -> None:
    """Rules of one file without ids are numbered."""
    assert slugs(["a/x.yml", "a/x.yml", None], ["", "", ""]) == ["x", "x-2", "rule"]
