"""What the content repository holds: every file, as bytes, from the checked rules."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sigmaqr
from sigmaqr.publish import layout
from sigmaqr.publish.attack import attack_data
from sigmaqr.publish.extension import extension_zip
from sigmaqr.publish.layer import navigator_layer
from sigmaqr.publish.model import QRADAR_FORMATS, RuleContent
from sigmaqr.publish.pages import rule_page
from sigmaqr.publish.site import site_files


def slugs(paths: Sequence[str | None], ids: Sequence[str]) -> list[str]:
    """A unique folder name per rule: the file's stem, with the id's start added on a clash.

    Args:
        paths: Each rule's file.
        ids: Each rule's Sigma id (empty when it has none).

    Returns:
        One slug per rule, in order; rules still clashing get ``-2``, ``-3``, ... appended.
    """
    stems = [Path(p).stem if p else "rule" for p in paths]
    counts = {s: stems.count(s) for s in stems}
    wanted = [f"{s}-{i[:8]}" if counts[s] > 1 and i else s for s, i in zip(stems, ids, strict=True)]
    taken: set[str] = set()
    chosen = []
    for slug in wanted:
        unique, number = slug, 1
        while unique in taken:
            number += 1
            unique = f"{slug}-{number}"
        taken.add(unique)
        chosen.append(unique)
    return chosen


def repository_files(
    rules: Sequence[RuleContent], all_rules: Mapping[str, str]
) -> dict[str, bytes]:
    """Build every file of the repository.

    Args:
        rules: The checked rules, in publication order.
        all_rules: The all-rules searches per format (``union``, ``combined``).

    Returns:
        Relative path -> bytes.
    """
    text: dict[str, str] = {}
    for rule in rules:
        text.update(rule_files(rule))
    for fmt, search in all_rules.items():
        text[layout.all_rules_file(fmt)] = search + "\n"
    text[layout.INDEX] = to_json(index(rules))
    text[layout.LAYER] = to_json(navigator_layer(rules))
    text[layout.README] = readme(rules)
    text.update(site_files(rules))
    files = {path: body.encode("utf-8") for path, body in text.items()}
    files[layout.EXTENSION] = extension_zip(rules)
    return dict(sorted(files.items()))


def to_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, two-space indent, final newline."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def rule_files(rule: RuleContent) -> dict[str, str]:
    """The rule's folder: page, Sigma source, AQL in every format, the other targets' queries."""
    folder = layout.rule_dir(rule.slug)
    files = {
        f"{folder}/{layout.PAGE_FILE}": rule_page(rule),
        f"{folder}/{layout.SOURCE_FILE}": rule.source,
    }
    for fmt in QRADAR_FORMATS:
        files[f"{folder}/{layout.aql_file(fmt)}"] = rule.aql[fmt] + "\n"
    for other in rule.others:
        if other.ok:
            files[f"{folder}/{layout.target_file(other.target)}"] = other.text + "\n"
    return files


def index(rules: Sequence[RuleContent]) -> dict[str, Any]:
    """The machine-readable index of every rule."""
    data = attack_data()
    return {
        "generator": f"sigmaqr {sigmaqr.__version__}",
        "attack": {"version": data.version, "notice": data.notice, "license": data.license},
        "rules": [index_entry(rule) for rule in rules],
    }


def index_entry(rule: RuleContent) -> dict[str, Any]:
    """One rule's index entry."""
    folder = layout.rule_dir(rule.slug)
    r = rule.rule
    return {
        "id": rule.id,
        "title": rule.title,
        "slug": rule.slug,
        "level": rule.level,
        "status": rule.status,
        "date": r.date.isoformat() if r.date else None,
        "modified": r.modified.isoformat() if r.modified else None,
        "tags": [str(t) for t in r.tags],
        "tactics": [{"id": t.id, "name": t.name} for t in rule.attack.tactics],
        "techniques": [{"id": t.id, "name": t.name, "url": t.url} for t in rule.attack.techniques],
        "page": f"{folder}/{layout.PAGE_FILE}",
        "source": f"{folder}/{layout.SOURCE_FILE}",
        "qradar": {fmt: f"{folder}/{layout.aql_file(fmt)}" for fmt in QRADAR_FORMATS},
        "targets": {
            o.target: target_entry(folder, o.target, o.ok, o.error, o.pipelines)
            for o in rule.others
        },
        "tests": {"total": len(rule.tests), "passed": sum(1 for t in rule.tests if t.passed)},
    }


def target_entry(
    folder: str, target: str, ok: bool, error: str | None, pipelines: tuple[str, ...]
) -> dict[str, Any]:
    """Where another target's query is, or why there is none."""
    entry: dict[str, Any] = {"pipelines": list(pipelines)}
    if ok:
        entry["file"] = f"{folder}/{layout.target_file(target)}"
    else:
        entry["error"] = error
    return entry


def readme(rules: Sequence[RuleContent]) -> str:
    """The repository's README: a table of all rules and what else is here."""
    lines = [
        "# Detection content",
        "",
        f"{len(rules)} Sigma rules for IBM QRadar, published by sigmaqr. Each rule's folder holds "
        "its page, its Sigma source, its AQL in every format and the other platforms' queries.",
        "",
        "| Rule | Level | ATT&CK | Tests | Platforms |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        page = f"{layout.rule_dir(rule.slug)}/{layout.PAGE_FILE}"
        techniques = ", ".join(f"[{t.id}]({t.url})" for t in rule.attack.techniques) or "-"
        passed = sum(1 for t in rule.tests if t.passed)
        platforms = ", ".join(["qradar", *(o.target for o in rule.others if o.ok)])
        lines.append(
            f"| [{rule.title}]({page}) | {rule.level} | {techniques} | "
            f"{passed}/{len(rule.tests)} | {platforms} |"
        )
    lines += [
        "",
        "Also here: `index.json` (every rule's metadata and files), `layer.json` (ATT&CK Navigator "
        "layer), `queries/` (all rules in one search), `extension/sigmaqr-content.zip` (QRadar "
        "content extension) and `site/` (open `site/index.html`).",
        "",
        f"MITRE ATT&CK® {attack_data().version}: {attack_data().notice}",
    ]
    return "\n".join(lines) + "\n"
