"""``sigmaqr publish``: the shipped rules become a content repository, or nothing changes."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner

import sigmaqr.publish.checks
from sigmaqr.aql import Issue, ValidationResult
from sigmaqr.commands import registered
from sigmaqr.publish import publish
from sigmaqr.publish.attack import attack_data
from sigmaqr.publish.writer import MANIFEST
from tests.conftest import ROOT, RULES_DIR

NET = "proc_creation_win_net_use_share_connection_removal"
SLUGS = [
    "proc_creation_win_net_use_share_connection_removal",
    "proc_creation_win_reg_delete_mountpoints2",
    "registry_delete_mountpoints2",
    "win_security_network_share_object_events",
]
RULE_FILES = [
    "README.md",
    "qradar.combined.aql",
    "qradar.filter.aql",
    "qradar.query.aql",
    "qradar.union.aql",
    "rule.yml",
]
PAGE_SECTIONS = [
    "## MITRE ATT&CK",
    "## QRadar detection query",
    "## How it works",
    "## Data sources",
    "## False positives & tuning",
    "## Other platforms",
    "## Testing methodology",
    "## Replay result",
]
GOOD = (RULES_DIR / "windows/process_creation" / f"{NET}.yml").read_text(encoding="utf-8")
EVENTS = ROOT / "tests" / "events" / "t1070_005"
BROKEN = {
    "malformed_yaml": ("title: [unclosed\n", "malformed YAML"),
    "does_not_convert": (
        GOOD.replace("CommandLine|contains: ' use '", "NoSuchField: x"),
        "does not convert (query): ",
    ),
    "replay_mismatch": (
        GOOD.replace("matches: 0", "matches: 5"),
        "test 'Benign net.exe use (mapping a share, deleting a user account)': expected 5 "
        "matches, got query 0, filter 0, union 0, combined 0",
    ),
    "missing_events": (
        GOOD.replace("net_benign.json", "no_such_file.json"),
        "test 'Benign net.exe use (mapping a share, deleting a user account)': events file "
        "not found: ",
    ),
    "unknown_attack_tag": (
        GOOD.replace("attack.t1070.005", "attack.t1070.099"),
        "ATT&CK tag names nothing: attack.t1070.099",
    ),
}


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under root (.git excluded): bytes, inode, mtime."""
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts):
        stat = path.stat()
        name = path.relative_to(root).as_posix()
        found[name] = (path.read_bytes(), stat.st_ino, stat.st_mtime_ns)
    return found


def content_repo(tmp: Path) -> Path:
    """A copy of the project's rules and test events, to edit; returns its sigma_rules."""
    shutil.copytree(RULES_DIR, tmp / "sigma_rules")
    shutil.copytree(EVENTS, tmp / "tests" / "events" / "t1070_005")
    return tmp / "sigma_rules"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped rules published once for the module."""
    out = tmp_path_factory.mktemp("published") / "content"
    result = publish([RULES_DIR], out)
    assert result.problems == ()
    return out


def load(out: Path, name: str) -> Any:
    """A JSON file of the repository."""
    return json.loads((out / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("slug", SLUGS)
def test_rule_folder_files(published: Path, slug: str) -> None:
    """Each rule's folder holds its page, source and AQL in every format."""
    names = sorted(p.name for p in (published / "rules" / slug).iterdir())
    assert [n for n in names if n in RULE_FILES] == RULE_FILES


@pytest.mark.parametrize("slug", SLUGS)
def test_rule_source_is_copied_byte_for_byte(published: Path, slug: str) -> None:
    """rule.yml is the Sigma file as written."""
    (source,) = RULES_DIR.rglob(f"{slug}.yml")
    assert (published / "rules" / slug / "rule.yml").read_bytes() == source.read_bytes()


@pytest.mark.parametrize("fmt", ["query", "filter", "union", "combined"])
def test_rule_aql_matches_golden(published: Path, fmt: str) -> None:
    """The published AQL is the converter's output (the golden files)."""
    golden = ROOT / "tests/golden/windows/process_creation" / f"{NET}.{fmt}.aql"
    text = (published / "rules" / NET / f"qradar.{fmt}.aql").read_text(encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("section", PAGE_SECTIONS)
def test_page_has_section(published: Path, section: str) -> None:
    """The rule page has each section of the reference detection page."""
    assert section in (published / "rules" / NET / "README.md").read_text(encoding="utf-8")


def test_page_names_attack_with_canonical_link(published: Path) -> None:
    """Tactic, technique and sub-technique are named and linked."""
    page = (published / "rules" / NET / "README.md").read_text(encoding="utf-8")
    assert "- **Tactic:** [Defense Evasion](https://attack.mitre.org/tactics/TA0005/)" in page
    assert (
        "- **Technique:** [T1070 Indicator Removal](https://attack.mitre.org/techniques/T1070/)"
        in page
    )
    assert (
        "- **Sub-technique:** [T1070.005 Network Share Connection Removal]"
        "(https://attack.mitre.org/techniques/T1070/005/)" in page
    )


@pytest.mark.parametrize(
    ("slug", "severity"),
    [
        (NET, "Severity: `MEDIUM - Targeted Share Removal`. Raised to `HIGH - Bulk Share Removal` "
         "when `selection_bulk` also matches."),
        ("win_security_network_share_object_events", "Severity: `INFO - Share Object Event`."),
    ],
    ids=["raised", "informational"],
)  # fmt: skip
def test_page_severity_labels(published: Path, slug: str, severity: str) -> None:
    """The page gives the Severity labels the query produces."""
    assert severity in (published / "rules" / slug / "README.md").read_text(encoding="utf-8")


def test_page_lists_properties_from_the_query(published: Path) -> None:
    """Data sources name the log source type and each quoted property of the query."""
    page = (published / "rules" / NET / "README.md").read_text(encoding="utf-8")
    assert "- **Log source type:** Microsoft Windows Security Event Log (12)" in page
    assert (
        '- **QRadar properties:** `"Command"`, `"Original File Name"`, '
        '`"Parent Process Path"`, `"Process Path"`' in page
    )


def test_page_replay_result(published: Path) -> None:
    """The replay table shows each test's matches in every format."""
    page = (published / "rules" / NET / "README.md").read_text(encoding="utf-8")
    assert "| 2 | 1 | 1 | 1 | 1 | 1 | pass |" in page
    assert "3 of 3 tests pass in every format (sigmaqr replay)." in page


def test_index_lists_every_rule(published: Path) -> None:
    """index.json has one entry per rule with its files and test counts."""
    rules = {r["slug"]: r for r in load(published, "index.json")["rules"]}
    assert sorted(rules) == SLUGS
    net = rules[NET]
    assert (net["id"], net["level"], net["tests"]) == (
        "5a6d48bf-8cae-424b-8ebf-2b51f23cdb40",
        "medium",
        {"passed": 3, "total": 3},
    )
    assert net["qradar"]["filter"] == f"rules/{NET}/qradar.filter.aql"


def test_readme_table(published: Path) -> None:
    """README.md has a row per rule linking its page."""
    readme = (published / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[(.+?)\]\((rules/.+?/README.md)\)", readme, re.M)
    assert sorted(link.split("/")[1] for _, link in rows) == SLUGS


def test_layer_is_a_navigator_4_layer(published: Path) -> None:
    """layer.json is a Navigator 4.x layer scoring T1070.005 by its four rules."""
    layer = load(published, "layer.json")
    assert (layer["versions"]["layer"], layer["domain"]) == ("4.5", "enterprise-attack")
    assert layer["versions"]["attack"] == attack_data().version.split(".")[0]
    scored = {t["techniqueID"]: t for t in layer["techniques"] if "score" in t}
    assert {k: (v["tactic"], v["score"]) for k, v in scored.items()} == {
        "T1070.005": ("defense-evasion", 4)
    }
    assert layer["gradient"]["maxValue"] == 4


def test_layer_expands_the_parent_technique(published: Path) -> None:
    """The parent technique is shown expanded so the covered sub-technique is visible."""
    parents = [t for t in load(published, "layer.json")["techniques"] if "score" not in t]
    assert parents == [
        {
            "enabled": True,
            "showSubtechniques": True,
            "tactic": "defense-evasion",
            "techniqueID": "T1070",
        }
    ]


def extension_rules(out: Path) -> list[str]:
    """The decoded rule XML of each custom rule in the content extension."""
    with zipfile.ZipFile(out / "extension" / "sigmaqr-content.zip") as archive:
        assert archive.namelist() == ["sigmaqr-content.xml"]
        xml = archive.read("sigmaqr-content.xml").decode("utf-8")
    return [base64.b64decode(d).decode("utf-8") for d in re.findall(r"<rule_data>(.*?)<", xml)]


def test_extension_has_one_aql_rule_per_rule(published: Path) -> None:
    """The extension holds a custom rule with the AQL filter test for each Sigma rule."""
    rules = extension_rules(published)
    assert len(rules) == len(SLUGS)
    assert all('name="com.q1labs.semsources.cre.tests.AQL_Test" id="320"' in r for r in rules)


def test_extension_rule_carries_the_filter(published: Path) -> None:
    """The AQL test's argument is the rule's filter, URL-encoded as QRadar stores it."""
    filter_aql = (published / "rules" / NET / "qradar.filter.aql").read_text().strip()
    selections = [re.findall(r"<userSelection>([^|<]*)\|", r) for r in extension_rules(published)]
    assert [quote(filter_aql, safe="")] in selections


def test_extension_zip_has_fixed_timestamps(published: Path) -> None:
    """The ZIP entry's date is fixed, so equal content gives equal bytes."""
    with zipfile.ZipFile(published / "extension" / "sigmaqr-content.zip") as archive:
        assert archive.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


def test_site_has_index_and_pages(published: Path) -> None:
    """The site has an index, a stylesheet and a page per rule."""
    site = published / "site"
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.*"))
    assert found == ["index.html", *(f"rules/{s}.html" for s in SLUGS), "style.css"]


def test_all_rules_searches(published: Path) -> None:
    """queries/ holds all rules in one union and one combined search."""
    union = (published / "queries" / "all.union.aql").read_text(encoding="utf-8")
    assert union.count("\nUNION\n") == len(SLUGS) - 1


def test_two_runs_are_byte_identical(published: Path, tmp_path: Path) -> None:
    """Publishing the same rules again elsewhere gives the same bytes, file for file."""
    again = tmp_path / "again"
    assert publish([RULES_DIR], again).ok
    first = {p: v[0] for p, v in snapshot(published).items()}
    assert {p: v[0] for p, v in snapshot(again).items()} == first


def test_republishing_changes_nothing(published: Path) -> None:
    """Publishing the same rules into the same folder rewrites no file."""
    before = snapshot(published)
    result = publish([RULES_DIR], published)
    assert result.plan is not None
    assert result.plan.empty
    assert snapshot(published) == before


@pytest.mark.parametrize(("text", "message"), BROKEN.values(), ids=list(BROKEN))
def test_broken_rule_leaves_the_repository_untouched(
    published: Path, tmp_path: Path, text: str, message: str
) -> None:
    """A rule that fails a check is refused with its reason, and no file of DIR changes."""
    bad = content_repo(tmp_path) / "windows" / "process_creation" / "bad.yml"
    bad.write_text(text.replace("tests/events/", f"{EVENTS.parent}/"), encoding="utf-8")
    before = snapshot(published)
    result = publish([RULES_DIR, bad], published)
    assert all(p.startswith(f"{bad}: ") for p in result.problems), result.problems
    assert any(message in p for p in result.problems), result.problems
    assert snapshot(published) == before


def test_correlation_rule_is_refused(published: Path) -> None:
    """A correlation rule is refused: a custom rule's AQL filter sees one event at a time."""
    correlations = ROOT / "tests" / "files" / "correlations.yml"
    before = snapshot(published)
    result = publish([correlations], published)
    assert result.problems[0].startswith(f"{correlations}: correlation rules are not published")
    assert snapshot(published) == before


def test_invalid_aql_is_refused(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule whose AQL the validator rejects is refused, naming format, profile and place."""
    issue = Issue(1, 7, "no such function", "unknown-function")
    monkeypatch.setattr(
        sigmaqr.publish.checks, "validate", lambda text, profile: ValidationResult(False, [issue])
    )
    before = snapshot(published)
    result = publish([RULES_DIR / "windows" / "registry"], published)
    assert result.problems[0].endswith(
        "registry_delete_mountpoints2.yml: invalid AQL (query, strict) at 1:7: no such function"
    )
    assert snapshot(published) == before


def test_changed_rule_rewrites_only_what_depends_on_it(tmp_path: Path) -> None:
    """Editing one rule rewrites its files and the shared ones; other rules' files stay."""
    rules = content_repo(tmp_path / "src")
    out = tmp_path / "content"
    assert publish([rules], out).ok
    before = snapshot(out)
    (net,) = rules.rglob(f"{NET}.yml")
    net.write_text(net.read_text().replace("level: medium", "level: high"), encoding="utf-8")
    result = publish([rules], out)
    after = snapshot(out)
    untouched = [p for p in before if p.startswith("rules/registry_delete_mountpoints2/")]
    assert result.changed == (NET,)
    assert {p: after[p] for p in untouched} == {p: before[p] for p in untouched}
    assert after[f"rules/{NET}/rule.yml"][0] != before[f"rules/{NET}/rule.yml"][0]


def test_removed_rule_is_deleted(tmp_path: Path) -> None:
    """A rule no longer published loses its folder and its site page."""
    rules = content_repo(tmp_path / "src")
    out = tmp_path / "content"
    assert publish([rules], out).ok
    next(rules.rglob("registry_delete_mountpoints2.yml")).unlink()
    result = publish([rules], out)
    assert result.removed == ("registry_delete_mountpoints2",)
    assert not (out / "rules" / "registry_delete_mountpoints2").exists()
    assert not (out / "site" / "rules" / "registry_delete_mountpoints2.html").exists()
    assert "registry_delete_mountpoints2" not in (out / MANIFEST).read_text()


def git_log(out: Path) -> list[str]:
    """Commit subjects, newest first."""
    return subprocess.run(
        ["git", "-C", str(out), "log", "--format=%s"], capture_output=True, text=True, check=True
    ).stdout.splitlines()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_commit_summarises_the_change(tmp_path: Path) -> None:
    """--commit makes one commit per publication that changes something, with a summary."""
    rules = content_repo(tmp_path / "src")
    out = tmp_path / "content"
    assert publish([rules], out, git_commit=True).commit is not None
    assert publish([rules], out, git_commit=True).commit is None
    (net,) = rules.rglob(f"{NET}.yml")
    net.write_text(net.read_text().replace("level: medium", "level: high"), encoding="utf-8")
    assert publish([rules], out, git_commit=True).commit is not None
    assert git_log(out) == [
        "Publish 4 rules: 0 added, 1 changed, 0 removed",
        "Publish 4 rules: 4 added, 0 changed, 0 removed",
    ]


def _publish_cli(*args: str) -> Any:
    command = next(c for c in registered() if c.name == "publish")
    return CliRunner().invoke(command, list(args))


def test_cli_publishes(tmp_path: Path) -> None:
    """``sigmaqr publish`` reports what it wrote and exits 0."""
    result = _publish_cli("--out", str(tmp_path / "c"), "--targets", "qradar", str(RULES_DIR))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"published 4 rules to {tmp_path / 'c'}: 37 files added")


def test_cli_refuses_with_reasons(tmp_path: Path) -> None:
    """A refused publication prints each path: problem on stderr and exits 1."""
    bad = tmp_path / "bad.yml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    result = _publish_cli("--out", str(tmp_path / "c"), str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}: malformed YAML")
    assert not (tmp_path / "c").exists()


def test_cli_unknown_target_is_a_usage_error(tmp_path: Path) -> None:
    """A target that is not installed is a usage error (exit 2)."""
    result = _publish_cli("--out", str(tmp_path / "c"), "--targets", "nosuch", str(RULES_DIR))
    assert result.exit_code == 2
    assert "target not installed: nosuch" in result.output
