"""pySigma plugin discovery: sigma-cli and InstalledSigmaPlugins find sigmaqr."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from sigma.plugins import InstalledSigmaPlugins

from sigmaqr.backend import QRadarAQLBackend
from tests.conftest import RULES_DIR

RULE = RULES_DIR / "windows/process_creation/proc_creation_win_reg_delete_mountpoints2.yml"


def test_backend_is_discovered() -> None:
    """autodiscover() registers the backend under the identifier 'sigmaqr'."""
    plugins = InstalledSigmaPlugins.autodiscover()
    assert plugins.backends["sigmaqr"] is QRadarAQLBackend


def test_pipelines_are_discovered_for_our_backend_only() -> None:
    """The shipped pipelines are discovered and allowed for the sigmaqr backend."""
    plugins = InstalledSigmaPlugins.autodiscover()
    for name in ("sigmaqr", "sigmaqr_legacy"):
        pipeline = plugins.pipelines[name]()
        assert pipeline.allowed_backends == frozenset({"sigmaqr"})


def test_shims_register_nothing_else() -> None:
    """The shims add no stray backends or pipelines (helpers, base classes)."""
    plugins = InstalledSigmaPlugins.autodiscover()
    assert "text_query" not in plugins.backends
    assert {n for n in plugins.pipelines if "sigmaqr" in n} == {"sigmaqr", "sigmaqr_legacy"}


def _sigma_cli() -> str:
    path = shutil.which("sigma") or shutil.which("sigma", path=str(sys.prefix) + "/bin")
    if path is None:
        pytest.skip("sigma-cli is not installed (pip install '.[test]')")
    return path


def test_sigma_cli_converts_with_our_target() -> None:
    """sigma convert -t sigmaqr works in sigma-cli."""
    result = subprocess.run(
        [_sigma_cli(), "convert", "-t", "sigmaqr", "-f", "filter", str(RULE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "\"Command\" ILIKE '%\\Explorer\\MountPoints2%'" in result.stdout


def test_shipped_rules_pass_sigma_check() -> None:
    """Every shipped rule passes sigma check with the offline validator set."""
    config = RULES_DIR.parent / "tests" / "sigma_check.yml"
    result = subprocess.run(
        [_sigma_cli(), "check", "--fail-on-issues", "-c", str(config), str(RULES_DIR)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No validation issues found" in result.stdout
