"""An ATT&CK Navigator layer (format 4.5): each covered technique scored by its number of rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sigmaqr.publish.attack import Technique, attack_data
from sigmaqr.publish.model import RuleContent

LAYER_VERSION = "4.5"
NAVIGATOR_VERSION = "4.9.1"
DOMAIN = "enterprise-attack"
GRADIENT = ["#ffffff", "#66b1ff", "#0050a0"]


def technique_tactics(rule: RuleContent, technique: Technique) -> list[str]:
    """The tactics a rule places a technique under: its tactic tags the technique serves.

    Args:
        rule: The rule.
        technique: One of its techniques.

    Returns:
        Tactic short names; all the technique's tactics when the rule tags none of them.
    """
    tagged = [t.tag for t in rule.attack.tactics if t.tag in technique.tactics]
    return tagged or list(technique.tactics)


def coverage(rules: Sequence[RuleContent]) -> dict[tuple[str, str], list[RuleContent]]:
    """Which rules cover each (technique id, tactic) pair.

    Args:
        rules: The published rules.

    Returns:
        (technique id, tactic short name) -> the rules, in input order.
    """
    covered: dict[tuple[str, str], list[RuleContent]] = defaultdict(list)
    for rule in rules:
        for technique in rule.attack.techniques:
            for tactic in technique_tactics(rule, technique):
                covered[(technique.id, tactic)].append(rule)
    return dict(covered)


def navigator_layer(rules: Sequence[RuleContent], name: str = "sigmaqr coverage") -> dict[str, Any]:
    """Build the Navigator layer.

    Args:
        rules: The published rules.
        name: The layer's name.

    Returns:
        The layer as a JSON-ready mapping.
    """
    covered = coverage(rules)
    entries = [_entry(tid, tactic, found) for (tid, tactic), found in sorted(covered.items())]
    entries += _parents(covered)
    top = max((len(found) for found in covered.values()), default=1)
    data = attack_data()
    return {
        "name": name,
        "versions": {
            "attack": data.version.split(".")[0],
            "navigator": NAVIGATOR_VERSION,
            "layer": LAYER_VERSION,
        },
        "domain": DOMAIN,
        "description": f"{len(rules)} Sigma rules published by sigmaqr. {data.notice}",
        "sorting": 3,
        "layout": {"layout": "side", "showID": True, "showName": True},
        "hideDisabled": False,
        "techniques": sorted(entries, key=lambda e: (e["techniqueID"], e["tactic"])),
        "gradient": {"colors": GRADIENT, "minValue": 0, "maxValue": top},
        "legendItems": [],
        "metadata": [{"name": "generator", "value": "sigmaqr publish"}],
        "showTacticRowBackground": False,
        "selectTechniquesAcrossTactics": True,
        "selectSubtechniquesWithParent": False,
    }


def _entry(technique_id: str, tactic: str, rules: Sequence[RuleContent]) -> dict[str, Any]:
    titles = "; ".join(r.title for r in rules)
    return {
        "techniqueID": technique_id,
        "tactic": tactic,
        "score": len(rules),
        "comment": f"{len(rules)} rule(s): {titles}",
        "enabled": True,
        "metadata": [{"name": "rule", "value": f"{r.title} ({r.id})"} for r in rules],
        "showSubtechniques": False,
    }


def _parents(covered: dict[tuple[str, str], list[RuleContent]]) -> list[dict[str, Any]]:
    """Entries that expand a parent technique so its covered sub-techniques show."""
    parents = {(tid.split(".")[0], tactic) for tid, tactic in covered if "." in tid}
    return [
        {"techniqueID": tid, "tactic": tactic, "enabled": True, "showSubtechniques": True}
        for tid, tactic in sorted(parents)
        if (tid, tactic) not in covered
    ]
