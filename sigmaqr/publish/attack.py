"""MITRE ATT&CK names, offline: tactics, techniques, groups and software from data/attack.json."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import Any

import attrs

ATTACK_SITE = "https://attack.mitre.org"
TAG_NAMESPACE = "attack"


@attrs.frozen
class Tactic:
    """An ATT&CK tactic: ``TA0005``, ``defense-evasion``, ``Defense Evasion``."""

    id: str
    tag: str
    name: str

    @property
    def url(self) -> str:
        """The tactic's page on attack.mitre.org."""
        return f"{ATTACK_SITE}/tactics/{self.id}/"


@attrs.frozen
class Technique:
    """An ATT&CK technique or sub-technique and the tactics (short names) it serves."""

    id: str
    name: str
    tactics: tuple[str, ...]

    @property
    def parent_id(self) -> str:
        """The technique's id without the sub-technique part (``T1070`` for ``T1070.005``)."""
        return self.id.split(".")[0]

    @property
    def is_sub(self) -> bool:
        """Whether this is a sub-technique."""
        return "." in self.id

    @property
    def url(self) -> str:
        """The canonical page: ``https://attack.mitre.org/techniques/T1070/005/``."""
        return f"{ATTACK_SITE}/techniques/{self.id.replace('.', '/')}/"


@attrs.frozen
class AttackData:
    """The ATT&CK Enterprise tables, their version and MITRE's notice."""

    version: str
    source: str
    notice: str
    license: str
    tactics: tuple[Tactic, ...]
    techniques: dict[str, Technique]
    groups: dict[str, str]
    software: dict[str, str]

    def tactic(self, tag: str) -> Tactic | None:
        """The tactic with this short name (``defense-evasion``) or id (``TA0005``)."""
        return next((t for t in self.tactics if tag in (t.tag, t.id)), None)

    def technique(self, technique_id: str) -> Technique | None:
        """The technique or sub-technique with this id, any case (``t1070.005``)."""
        return self.techniques.get(technique_id.upper())

    def name_of(self, tag_name: str) -> str | None:
        """The name an ``attack.<name>`` tag refers to, or None when it names nothing."""
        tactic = self.tactic(tag_name)
        if tactic is not None:
            return tactic.name
        technique = self.technique(tag_name)
        if technique is not None:
            return technique.name
        upper = tag_name.upper()
        return self.groups.get(upper) or self.software.get(upper)


@lru_cache(maxsize=1)
def attack_data() -> AttackData:
    """Load the shipped ATT&CK tables (once per process).

    Returns:
        The tables, read from ``sigmaqr/publish/data/attack.json``.
    """
    raw: dict[str, Any] = json.loads(
        files("sigmaqr.publish").joinpath("data/attack.json").read_text(encoding="utf-8")
    )
    return AttackData(
        version=raw["attack_version"],
        source=raw["source"],
        notice=raw["notice"],
        license=raw["license"],
        tactics=tuple(Tactic(t["id"], t["tag"], t["name"]) for t in raw["tactics"]),
        techniques={
            tid: Technique(tid, t["name"], tuple(t["tactics"]))
            for tid, t in raw["techniques"].items()
        },
        groups=dict(raw["groups"]),
        software=dict(raw["software"]),
    )


@attrs.frozen
class RuleAttack:
    """The ATT&CK tactics and techniques a rule's tags name, and the tags that name nothing."""

    tactics: tuple[Tactic, ...]
    techniques: tuple[Technique, ...]
    unknown: tuple[str, ...]


def rule_attack(tags: Iterable[str]) -> RuleAttack:
    """Resolve a rule's ``attack.*`` tags.

    Args:
        tags: Tags as text (``attack.defense-evasion``, ``attack.t1070.005``); others ignored.

    Returns:
        The tactics and techniques, in tag order, and the ``attack.*`` tags that name nothing.
    """
    data = attack_data()
    tactics: list[Tactic] = []
    techniques: list[Technique] = []
    unknown: list[str] = []
    for tag in tags:
        namespace, _, name = tag.partition(".")
        if namespace != TAG_NAMESPACE:
            continue
        tactic, technique = data.tactic(name), data.technique(name)
        if tactic is not None:
            tactics.append(tactic)
        elif technique is not None:
            techniques.append(technique)
        elif data.name_of(name) is None:
            unknown.append(tag)
    return RuleAttack(tuple(tactics), tuple(techniques), tuple(unknown))
