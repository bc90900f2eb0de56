"""The published site in a real headless browser (Debian's chromium): rule titles, matrix cells."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sigmaqr.publish import publish
from tests.conftest import RULES_DIR

BROWSERS = ("chromium", "chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TITLES = [
    "Network Share Object Accessed Or Added",
    "Network Share Connection Removed Via Net.EXE",
    "Network Share History Deleted From MountPoints2 Via Reg.EXE",
    "Explorer MountPoints2 Registry Key Deleted",
]


def browser() -> str:
    """The chromium executable, or skip the test."""
    found = next((p for p in map(shutil.which, BROWSERS) if p), None)
    if found is None:
        pytest.skip("chromium is not installed (apt-get install chromium); see .ci/run")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped rules published, QRadar only; returns the site folder."""
    out = tmp_path_factory.mktemp("site") / "content"
    assert publish([RULES_DIR], out, targets=["qradar"]).ok
    return out / "site"


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM chromium builds for a file:// page."""
    command = [browser(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def index_dom(site: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The index page's DOM."""
    return dump_dom(site / "index.html", tmp_path_factory.mktemp("chromium"))


@pytest.mark.parametrize("title", TITLES)
def test_index_lists_rule(index_dom: str, title: str) -> None:
    """The index's rule table links each rule's page by its title."""
    assert re.search(rf'<a href="rules/[a-z0-9_]+\.html">{re.escape(title)}</a>', index_dom)


def test_matrix_has_every_tactic_column(index_dom: str) -> None:
    """The coverage matrix has the fourteen Enterprise tactics as columns."""
    assert len(re.findall(r'<th data-tactic="[a-z-]+">', index_dom)) == 14


def test_matrix_marks_covered_technique(index_dom: str) -> None:
    """T1070 is covered under Defense Evasion with the four rules, T1070.005 listed inside."""
    assert (
        '<td class="technique covered" data-technique="T1070" data-tactic="defense-evasion" '
        'data-score="4">' in index_dom
    )
    assert '<li class="covered" data-technique="T1070.005" data-score="4">' in index_dom


def test_matrix_leaves_others_uncovered(index_dom: str) -> None:
    """No other technique is marked covered."""
    assert re.findall(r'class="technique covered" data-technique="(T\d+)"', index_dom) == ["T1070"]


def test_rule_page_renders(site: Path, tmp_path: Path) -> None:
    """A rule page renders its title, the AQL and working links back to the files."""
    page = site / "rules" / "proc_creation_win_net_use_share_connection_removal.html"
    dom = dump_dom(page, tmp_path / "profile")
    assert '<h1 id="network-share-connection-removed-via-net-exe">' in dom
    assert "WHERE devicetype = 12 AND" in dom
    link = re.search(r'<a href="([^"]+qradar\.filter\.aql)">', dom)
    assert link is not None
    assert (page.parent / link.group(1)).resolve().is_file()
