"""Other SIEMs: any installed pySigma backend converts the rules, with default pipelines."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import sigmaqr
from sigmaqr.api import NO_QUERY, UNSUPPORTED
from sigmaqr.cli import cli
from sigmaqr.commands import registered
from sigmaqr.target_pipelines import auto_pipelines
from sigmaqr.targets import installed_plugins, target_format
from tests.conftest import RULES_DIR

REGISTRY = RULES_DIR / "windows/registry/registry_delete/registry_delete_mountpoints2.yml"
SECURITY = RULES_DIR / "windows/builtin/security/win_security_network_share_object_events.yml"
KEY = r"\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\MountPoints2"
EXTRA = {"splunk": "splunk", "splunk_spl2": "splunk", "lucene": "elastic", "eql": "elastic",
         "esql": "elastic", "elastalert": "elastic", "kusto": "kusto"}  # fmt: skip

AUTO = {
    "splunk_windows": ("splunk", ["windows"], ("splunk_windows",)),
    "ecs_for_lucene": ("lucene", ["windows"], ("ecs_windows",)),
    "ecs_for_esql": ("esql", ["windows"], ("ecs_windows",)),
    "xdr_for_kusto": ("kusto", ["windows"], ("microsoft_xdr",)),
    "all_products": ("kusto", None, ("microsoft_xdr",)),
    "other_product": ("splunk", ["linux"], ()),
    "no_product": ("splunk", [None], ()),
    "qradar_has_its_own": ("qradar", ["windows"], ()),
    "unknown_target": ("nosuchtarget", ["windows"], ()),
}
REGISTRY_QUERIES = {
    "splunk": f'TargetObject="*{KEY}*" | table TargetObject,Image',
    "lucene": f"registry.path:*{KEY}*",
    "eql": f'any where registry.path:"*{KEY}*"',
    "esql": f'from * metadata _id, _index, _version | where registry.path like "*{KEY}*"',
    "kusto": f'DeviceRegistryEvents\n| where RegistryKey contains "{KEY}"',
}


def need(target: str) -> None:
    """Skip the test when the target's backend is not installed."""
    if target not in installed_plugins().backends:
        pytest.skip(f"backend '{target}' not installed (pip install 'sigmaqr[{EXTRA[target]}]')")


@pytest.mark.parametrize(("target", "products", "expected"), AUTO.values(), ids=list(AUTO))
def test_auto_pipelines(
    target: str, products: list[str | None] | None, expected: tuple[str, ...]
) -> None:
    """The table names each target's pipelines for the rules' Sigma products."""
    assert auto_pipelines(target, products) == expected


@pytest.mark.parametrize(("target", "query"), REGISTRY_QUERIES.items(), ids=list(REGISTRY_QUERIES))
def test_other_target_converts_with_default_pipelines(target: str, query: str) -> None:
    """A Windows rule converts for another SIEM with no pipeline named."""
    need(target)
    assert sigmaqr.convert(REGISTRY, target=target).rules[0].queries == [query]


def test_named_pipeline_replaces_the_default() -> None:
    """Naming a pipeline turns the default choice off."""
    need("splunk")
    result = sigmaqr.convert(REGISTRY, target="splunk", pipelines=["splunk_cim"])
    assert result.rules[0].queries[0].startswith(f'Registry.registry_key_name="*{KEY}*"')


def test_query_format_means_default_elsewhere() -> None:
    """The CLI's default format, query, asks other targets for their default format."""
    need("splunk")
    assert target_format("splunk", "query") == "default"


@pytest.mark.parametrize(("target", "fmt"), [("qradar", "query"), ("splunk", "savedsearches")])
def test_other_formats_are_kept(target: str, fmt: str) -> None:
    """Formats other than query, and every QRadar format, pass unchanged."""
    if target != "qradar":
        need(target)
    assert target_format(target, fmt) == fmt


def test_rule_without_query_is_unsupported() -> None:
    """A rule the target's pipeline drops (no Defender table for Security 5140) is reported."""
    need("kusto")
    rule = sigmaqr.convert(SECURITY, target="kusto").rules[0]
    assert (rule.status, rule.error) == (UNSUPPORTED, NO_QUERY)


def test_cli_converts_for_splunk() -> None:
    """``sigmaqr convert -t splunk`` prints the Splunk search."""
    need("splunk")
    result = CliRunner().invoke(cli, ["convert", "-t", "splunk", str(REGISTRY)])
    assert (result.exit_code, result.stdout) == (0, REGISTRY_QUERIES["splunk"] + "\n")


def _targets(*args: str) -> str:
    command = next(c for c in registered() if c.name == "targets")
    result = CliRunner().invoke(command, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_targets_lists_qradar_first() -> None:
    """``sigmaqr targets`` starts with the QRadar backend and its formats."""
    first = _targets().splitlines()[1].split()
    assert first[:4] == ["qradar", "IBM", "QRadar", "AQL"]


def test_targets_json_names_default_pipelines() -> None:
    """``sigmaqr targets --json`` gives each target's default pipelines per product."""
    need("splunk")
    found = {t["identifier"]: t for t in json.loads(_targets("--json"))}
    assert found["splunk"]["pipelines"] == {"windows": ["splunk_windows"]}
    assert found["qradar"]["formats"] == ["default", "query", "filter", "union", "combined"]
