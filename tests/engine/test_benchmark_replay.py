"""benchmarks/replay.py runs on a tiny input (no timing is asserted: speed lives in benchmarks/)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from replay_events import MIX, generate  # noqa: E402


def test_events_are_deterministic_and_mixed() -> None:
    """The same seed gives the same events; every kind of the mix occurs."""
    first = list(generate(2000, [], seed=3))
    assert first == list(generate(2000, [], seed=3))
    kinds = Counter(
        (e["Event"]["System"]["Channel"], e["Event"]["System"]["EventID"]) for e in first
    )
    assert set(kinds) == set(MIX)


def test_benchmark_runs_on_a_tiny_input(tmp_path: Path) -> None:
    """200 events and the repository's four rules, without the peer: figures and JSON."""
    out = tmp_path / "result.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "replay.py"),
            "--events",
            "200",
            "--rules",
            str(ROOT / "sigma_rules"),
            "--no-peer",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "events x rules/s" in done.stdout
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["events"] == 200
    assert result["sigmaqr"]["events"] == 200
    assert result["sigmaqr"]["rules_ran"] == 4
    assert result["sigmaqr"]["events_x_rules_per_second"] > 0
