"""The Markdown page of one rule, shaped like a detection write-up a SOC reads."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib.resources import files
from typing import Any

from sigma.rule import SigmaRule

from sigmaqr.publish import explain
from sigmaqr.publish.attack import attack_data
from sigmaqr.publish.layout import SOURCE_FILE, aql_file, target_file
from sigmaqr.publish.model import QRADAR_FORMATS, RuleContent, TargetQuery
from sigmaqr.severity import label_text

FORMAT_NOTES = {
    "query": "a complete search (Log Activity, Advanced search)",
    "filter": 'the rule test "when the event matches this AQL filter query"',
    "union": "all rules in one search with UNION (extended AQL, not accepted by stock QRadar)",
    "combined": "all rules ORed in one documented SELECT",
}


def rule_page(rule: RuleContent) -> str:
    """Render the rule's page.

    Args:
        rule: The rule's published content.

    Returns:
        Markdown: title, description, ATT&CK, QRadar query, how it works, data sources, false
        positives and tuning, other platforms, testing methodology, replay result, source.
    """
    sections = [
        header(rule),
        attack_section(rule),
        query_section(rule),
        how_section(rule),
        data_section(rule),
        tuning_section(rule),
        platforms_section(rule),
        testing_section(rule),
        replay_section(rule),
        source_section(rule),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections if lines) + "\n"


def one_line(text: str | None) -> str:
    """Fold a multi-line YAML text into one paragraph."""
    return " ".join((text or "").split())


def header(rule: RuleContent) -> list[str]:
    """Title, description and the rule's metadata."""
    r = rule.rule
    dates = f"{r.date}" + (f", modified {r.modified}" if r.modified else "")
    rows = [
        ("Sigma id", f"`{rule.id}`"),
        ("Status", rule.status or "-"),
        ("Level", rule.level or "-"),
        ("Author", one_line(r.author) or "-"),
        ("Date", dates if r.date else "-"),
        ("Log source", logsource_text(r)),
    ]
    lines = [f"# {rule.title}", "", one_line(r.description), "", "| | |", "|---|---|"]
    return lines + [f"| {k} | {v} |" for k, v in rows]


def logsource_text(rule: Any) -> str:
    """``product windows, category process_creation``."""
    if not isinstance(rule, SigmaRule):
        return "-"
    ls = rule.logsource
    parts = [(k, getattr(ls, k)) for k in ("product", "category", "service")]
    return ", ".join(f"{k} `{v}`" for k, v in parts if v) or "-"


def attack_section(rule: RuleContent) -> list[str]:
    """MITRE ATT&CK tactic, technique, sub-technique and the canonical link."""
    lines = ["## MITRE ATT&CK", ""]
    for tactic in rule.attack.tactics:
        lines.append(f"- **Tactic:** [{tactic.name}]({tactic.url}) ({tactic.id})")
    data = attack_data()
    for technique in rule.attack.techniques:
        parent = data.technique(technique.parent_id) if technique.is_sub else None
        if parent is not None:
            lines.append(f"- **Technique:** [{parent.id} {parent.name}]({parent.url})")
        label = "Sub-technique" if technique.is_sub else "Technique"
        lines.append(f"- **{label}:** [{technique.id} {technique.name}]({technique.url})")
    lines += [f"- **Canonical reference:** [{t.url}]({t.url})" for t in rule.attack.techniques]
    return lines if len(lines) > 2 else [*lines, "No ATT&CK tags."]


def query_section(rule: RuleContent) -> list[str]:
    """The QRadar search, and links to every format."""
    lines = ["## QRadar detection query", "", "```sql", rule.aql["query"], "```", ""]
    for fmt in QRADAR_FORMATS:
        lines.append(f"- [`{aql_file(fmt)}`]({aql_file(fmt)}): {FORMAT_NOTES[fmt]}")
    return lines


def how_section(rule: RuleContent) -> list[str]:
    """The rule's detections and condition in words, and its severity tiers."""
    if not isinstance(rule.rule, SigmaRule):
        return []
    lines = ["## How it works", "", f"Sigma log source: {logsource_text(rule.rule)}.", ""]
    lines += [f"- {line}" for line in explain.selection_lines(rule.rule)]
    lines += ["", *explain.condition_words(rule.rule)]
    return [*lines, "", *severity_tiers(rule)]


def severity_tiers(rule: RuleContent) -> list[str]:
    """The ``Severity`` labels the QRadar search gives, from ``qradar.severity``."""
    spec = (rule.rule.custom_attributes.get("qradar") or {}).get("severity") or {}
    base = label_text(rule.level or "medium", str(spec.get("label") or rule.title))
    lines = [f"Severity: `{base}`."]
    for tier in spec.get("raise") or []:
        label = label_text(str(tier.get("level", "")).lower(), str(tier.get("label", "")))
        lines.append(f"Raised to `{label}` when `{tier.get('when', '')}` also matches.")
    return [" ".join(lines)]


@lru_cache(maxsize=1)
def log_source_type_names() -> dict[int, str]:
    """QRadar log source type id -> name, from the engine's table."""
    text = files("sigmaqr.engine").joinpath("data/logsourcetypes.csv").read_text("utf-8")
    return {int(row["id"]): row["name"] for row in csv.DictReader(text.splitlines())}


def data_section(rule: RuleContent) -> list[str]:
    """Log source types, Windows channels and Event IDs, and the properties the query reads."""
    query, where = rule.aql["query"], rule.aql["filter"]
    names = log_source_type_names()
    types = [f"{names.get(t, 'log source type')} ({t})" for t in explain.log_source_types(where)]
    lines = ["## Data sources", ""]
    lines.append(f"- **Log source type:** {', '.join(types) or 'any'}")
    channels = ", ".join(f"`{c}`" for c in explain.channels(where))
    if channels:
        lines.append(f"- **Windows channel** (`qideventcategory`): {channels}")
    ids = ", ".join(str(i) for i in explain.event_ids(where))
    if ids:
        lines.append(f"- **Windows Event ID** (`qideventid`): {ids}")
    props = ", ".join(f'`"{p}"`' for p in explain.properties(query))
    lines.append(f"- **QRadar properties:** {props or 'built-in fields only'}")
    lines += ["", "The properties must be extracted (custom event properties) for the log source."]
    return lines


def tuning_section(rule: RuleContent) -> list[str]:
    """False positives, and how to tune the rule."""
    lines = ["## False positives & tuning", ""]
    lines += [f"- {one_line(fp)}" for fp in rule.rule.falsepositives] or ["- None documented."]
    lines += [
        "",
        "Tune in the Sigma rule, not in QRadar: add a `filter_*` selection for the known-good "
        "activity, exclude it in the condition (`... and not 1 of filter_*`), and publish again; "
        "the replay tests show that the attack is still caught.",
    ]
    if rule.level == "informational":
        lines += ["", "This rule is context for other detections, not an alert on its own."]
    return lines


def platforms_section(rule: RuleContent) -> list[str]:
    """The other targets' queries."""
    if not rule.others:
        return ["## Other platforms", "", "Published for QRadar only (see `--targets`)."]
    lines = ["## Other platforms"]
    for other in rule.others:
        lines += ["", *platform_lines(other)]
    return lines


def platform_lines(other: TargetQuery) -> list[str]:
    """One target's query, or why it has none."""
    pipelines = ", ".join(other.pipelines) or "none"
    title = f"### {other.name} (`{other.target}`, pipelines: {pipelines})"
    if not other.ok:
        return [title, "", f"Not converted: {one_line(other.error)}"]
    path = target_file(other.target)
    return [title, "", "```", other.text, "```", "", f"File: [`{path}`]({path})"]


def testing_section(rule: RuleContent) -> list[str]:
    """The rule's tests: behaviour, expected signal, events, expected matches."""
    lines = ["## Testing methodology", ""]
    if not rule.tests:
        return [*lines, "This rule has no replay tests (`qradar.tests`)."]
    positive = sum(1 for t in rule.tests if t.expected > 0)
    lines.append(
        f"Validate this detection with {len(rule.tests)} tests ({positive} expecting matches, "
        f"{len(rule.tests) - positive} expecting none). Each names the behaviour to exercise, the "
        "telemetry to expect, and the recorded events that sigmaqr replays through the rule."
    )
    lines.append("")
    for number, test in enumerate(rule.tests, 1):
        severity = f"; severity `{test.severity}`" if test.severity else ""
        lines.append(
            f"- **Test {number}: {one_line(test.name)}**. Expected signal: {one_line(test.signal)}."
            f" Events: `{test.events}`, {test.expected} matching{severity}."
        )
    return lines


def replay_section(rule: RuleContent) -> list[str]:
    """The replay result: each test's matches in every QRadar format."""
    if not rule.tests:
        return []
    head = "| test | expected | " + " | ".join(QRADAR_FORMATS) + " | result |"
    lines = ["## Replay result", "", head, "|---" * (len(QRADAR_FORMATS) + 3) + "|"]
    for number, test in enumerate(rule.tests, 1):
        counts = " | ".join(str(test.matches.get(f, "-")) for f in QRADAR_FORMATS)
        verdict = "pass" if test.passed else "FAIL"
        lines.append(f"| {number} | {test.expected} | {counts} | {verdict} |")
    passed = sum(1 for t in rule.tests if t.passed)
    lines += ["", f"{passed} of {len(rule.tests)} tests pass in every format (sigmaqr replay)."]
    return lines


def source_section(rule: RuleContent) -> list[str]:
    """Where the Sigma source is."""
    return ["## Source", "", f"Sigma rule: [`{SOURCE_FILE}`]({SOURCE_FILE})."]
