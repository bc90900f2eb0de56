"""The offline ATT&CK data: names, links, and every ATT&CK tag of the shipped rules is real."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

import sigmaqr
from sigmaqr.publish.attack import attack_data, rule_attack
from tests.conftest import ROOT, RULES_DIR

GENERATOR = ROOT / "tools" / "gen_attack_data.py"

LOADED = sigmaqr.load_rules([RULES_DIR])
NAMES = {
    "tactic_short_name": ("defense-evasion", "Defense Evasion"),
    "tactic_id": ("TA0005", "Defense Evasion"),
    "technique": ("t1070", "Indicator Removal"),
    "sub_technique": ("t1070.005", "Network Share Connection Removal"),
    "group": ("g0027", "Threat Group-3390"),
    "software": ("s0125", "Remsec"),
    "nothing": ("t9999", None),
}
URLS = {
    "T1070": "https://attack.mitre.org/techniques/T1070/",
    "T1070.005": "https://attack.mitre.org/techniques/T1070/005/",
}


@pytest.mark.parametrize(
    "loaded", LOADED, ids=[str(e.path).removeprefix(str(RULES_DIR) + "/") for e in LOADED]
)
def test_rule_attack_tags_are_real(loaded: sigmaqr.LoadedRule) -> None:
    """Every attack.* tag of a shipped rule names a tactic, technique, group or software."""
    assert loaded.rule is not None
    assert rule_attack(str(t) for t in loaded.rule.tags).unknown == ()


@pytest.mark.parametrize(("tag", "name"), NAMES.values(), ids=list(NAMES))
def test_name_of_tag(tag: str, name: str | None) -> None:
    """An attack.* tag's name resolves offline."""
    assert attack_data().name_of(tag) == name


@pytest.mark.parametrize(("technique", "url"), URLS.items(), ids=list(URLS))
def test_technique_url(technique: str, url: str) -> None:
    """Technique links are the canonical attack.mitre.org pages."""
    found = attack_data().technique(technique)
    assert found is not None
    assert found.url == url


def test_rule_attack_splits_tactics_and_techniques() -> None:
    """Tags become tactics and techniques in tag order; other namespaces are ignored."""
    found = rule_attack(["attack.defense-evasion", "attack.t1070.005", "cve.2021-1234"])
    assert [t.id for t in found.tactics] == ["TA0005"]
    assert [t.id for t in found.techniques] == ["T1070.005"]


def test_unknown_tag_is_reported() -> None:
    """An attack.* tag that names nothing is listed as unknown."""
    assert rule_attack(["attack.t1070.999"]).unknown == ("attack.t1070.999",)


def test_data_records_version_source_and_notice() -> None:
    """The data names its ATT&CK version, its source and MITRE's notice and licence."""
    data = attack_data()
    assert data.version == "17.0"
    assert data.source.startswith("pysigma-0.11.23")
    assert "reproduced and distributed with the permission of The MITRE Corporation" in data.notice
    assert "royalty-free license to use ATT&CK" in data.license


def test_tactics_in_matrix_order() -> None:
    """The fourteen Enterprise tactics, in the matrix's column order."""
    tactics = [t.tag for t in attack_data().tactics]
    assert (tactics[0], tactics[6], tactics[-1], len(tactics)) == (
        "reconnaissance",
        "defense-evasion",
        "impact",
        14,
    )


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_attack_data", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("short", "name"),
    [("defense-evasion", "Defense Evasion"), ("command-and-control", "Command and Control")],
)
def test_generator_tactic_names(short: str, name: str) -> None:
    """The generator turns tactic short names into display names."""
    assert _generator().tactic_name(short) == name


def test_generator_reads_the_wheel_without_importing_it(tmp_path: Path) -> None:
    """The generator reads pySigma's table module from a wheel as literals."""
    generator = _generator()
    tactics = {f"TA{i:04d}": short for i, short in enumerate(generator.MATRIX_ORDER)}
    module = "\n".join(
        [
            "import os; os.exit(1)",
            'mitre_attack_version: str = "9.9"',
            f"mitre_attack_tactics = {tactics!r}",
            'mitre_attack_techniques = {"T1070": "Indicator Removal"}',
            'mitre_attack_techniques_tactics_mapping = {"T1070": ["defense-evasion"]}',
            'mitre_attack_intrusion_sets = {"G0001": "Group"}',
            'mitre_attack_software = {"S0001": "Tool"}',
        ]
    )
    wheel = tmp_path / "pysigma-0.11.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(generator.MODULE, module)
    document = generator.build(wheel)
    assert document["techniques"] == {
        "T1070": {"name": "Indicator Removal", "tactics": ["defense-evasion"]}
    }
    assert (document["attack_version"], document["groups"]) == ("9.9", {"G0001": "Group"})
