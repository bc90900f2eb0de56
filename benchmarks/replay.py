"""Benchmark: the Windows Sigma corpus over 100,000 events, next to pySigma's SQLite backend.

    python benchmarks/replay.py [--events N] [--rules PATH ...] [--peer-venv DIR] [--no-peer]
                                [--json FILE]

Both sides get the same events and the same rule files in the same run:

* the events are generated deterministically (``replay_events.py``: SigmaHQ regression events
  read at run time from ``../shared/sigmahq/regression_data``, or ``$SIGMAQR_SHARED``, plus
  synthetic variations) and written to one temporary JSONL file that both sides load;
* **sigmaqr** loads the file into an ``EventStore`` (normalisation included), then for every
  rule file reads and parses the rule, converts it to AQL (``sigmaqr.convert``) and runs each
  query on the engine (``replay_store``);
* the **peer**, pySigma-backend-sqlite with the pySigma Sysmon and Windows pipelines, needs
  pySigma 2 while sigmaqr is on pySigma 1.5, so it lives in its own virtual environment
  (``benchmarks/.venv-peer-sqlite``, created on first use) and runs in a subprocess
  (``replay_peer.py``): it flattens the same records into a SQLite table, then reads, converts
  and executes every rule.

The figure of merit is events x rules per second: (events x rules that ran) / the wall seconds
of reading, converting and executing the rules. Loading the events is timed and reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from replay_events import generate, regression_events, write_jsonl  # noqa: E402

SHARED = Path(os.environ.get("SIGMAQR_SHARED", ROOT.parent / "shared"))
PEER_VENV = HERE / ".venv-peer-sqlite"
PEER_PACKAGES = ["pysigma-backend-sqlite==2.1.1"]
PEER_PIPELINES = ["pysigma-pipeline-sysmon==2.0.0", "pysigma-pipeline-windows==2.0.1"]
"""The pipelines still declare ``pysigma<2`` and are installed with ``--no-deps`` (as the
backend's README says); they work unchanged on pySigma 2."""


def peer_python(directory: Path) -> Path:
    """The peer's interpreter, creating its virtual environment on first use."""
    python = directory / "bin" / "python"
    if not python.exists():
        print(f"creating {directory} with {', '.join(PEER_PACKAGES)} ...", file=sys.stderr)
        venv.create(directory, with_pip=True)
        pip = [str(python), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, *PEER_PACKAGES], check=True)
        subprocess.run([*pip, "--no-deps", *PEER_PIPELINES], check=True)
    return python


def run_sigmaqr(events: Path, rules: list[str]) -> dict[str, Any]:
    """Load the events into the engine, then replay every rule; return timings and counts."""
    from sigmaqr.engine import EventStore, replay_store

    began = time.perf_counter()
    store = EventStore()
    loaded = store.load([events])
    load_seconds = time.perf_counter() - began
    if loaded.errors:
        raise SystemExit(f"sigmaqr could not load the events: {loaded.errors[0]}")
    began = time.perf_counter()
    report = replay_store(rules, store)
    replay_seconds = time.perf_counter() - began
    statuses: dict[str, int] = {}
    for rule in report.rules:
        statuses[rule.status] = statuses.get(rule.status, 0) + 1
    ran = [rule for rule in report.rules if rule.status == "ok"]
    return {
        "events": len(store),
        "events_in_window": report.events_in_window,
        "load_seconds": load_seconds,
        "replay_seconds": replay_seconds,
        "rules_ran": len(ran),
        "rules_failed": len(report.rules) - len(ran),
        "statuses": statuses,
        "rules_matched": sum(1 for rule in ran if rule.matches),
        "matches": sum(rule.matches or 0 for rule in ran),
        "per_rule": {rule.id or str(rule.path): rule.matches for rule in ran},
    }


def run_peer(python: Path, events: Path, rules: list[str]) -> dict[str, Any]:
    """Run replay_peer.py in the peer's environment and return its JSON report."""
    done = subprocess.run(
        [str(python), str(HERE / "replay_peer.py"), "--events", str(events), *rules],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def rate(side: dict[str, Any]) -> float:
    """Events x rules that ran, per second of reading, converting and executing rules."""
    return float(side["events"] * side["rules_ran"] / side["replay_seconds"])


def agreement(ours: dict[str, Any], peer: dict[str, Any]) -> dict[str, int]:
    """How many rules both sides ran, and on how many they counted the same matches."""
    both = set(ours["per_rule"]) & set(peer["per_rule"])
    same = sum(1 for key in both if ours["per_rule"][key] == peer["per_rule"][key])
    return {"rules_both_ran": len(both), "same_match_count": same}


def describe(name: str, side: dict[str, Any]) -> str:
    return (
        f"{name:8} {side['events']:>8,} events  {side['rules_ran']:>5} rules ran"
        f" ({side['rules_failed']} did not)  load {side['load_seconds']:6.1f} s"
        f"  rules {side['replay_seconds']:7.1f} s  {rate(side):>14,.0f} events x rules/s"
        f"  ({side['rules_matched']} rules matched, {side['matches']} matches)"
    )


def main(argv: list[str] | None = None) -> int:
    """Generate the events, time both sides, print the figures and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events to generate")
    parser.add_argument(
        "--rules",
        action="append",
        help="rule file or directory (repeatable; default: the shared corpus's rules/windows)",
    )
    parser.add_argument("--peer-venv", type=Path, default=PEER_VENV)
    parser.add_argument("--no-peer", action="store_true", help="time sigmaqr only")
    parser.add_argument("--seed", type=int, default=20260115)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)

    rules = args.rules or [str(SHARED / "sigmahq" / "rules" / "windows")]
    missing = [path for path in rules if not Path(path).exists()]
    if missing:
        print(f"no such rule path: {missing[0]} (set SIGMAQR_SHARED?)", file=sys.stderr)
        return 2
    regression_root = SHARED / "sigmahq" / "regression_data"
    if regression_root.is_dir():
        templates = regression_events(regression_root)
    else:
        print(
            f"{regression_root} is absent: the events are synthetic only, and few rules will match",
            file=sys.stderr,
        )
        templates = []

    with tempfile.TemporaryDirectory(prefix="sigmaqr-replay-bench-") as temp:
        events_file = Path(temp) / "events.jsonl"
        began = time.perf_counter()
        count = write_jsonl(events_file, generate(args.events, templates, args.seed))
        print(
            f"{count:,} events ({len(templates)} regression templates) written in "
            f"{time.perf_counter() - began:.1f} s",
            file=sys.stderr,
        )
        ours = run_sigmaqr(events_file, rules)
        print(describe("sigmaqr", ours))
        peer = None
        if not args.no_peer:
            peer = run_peer(peer_python(args.peer_venv), events_file, rules)
            print(describe("peer", peer))
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
        },
        "events": count,
        "rules": rules,
        "sigmaqr": {**ours, "events_x_rules_per_second": rate(ours)},
    }
    if peer is not None:
        ratio = rate(ours) / rate(peer)
        results["peer"] = {**peer, "events_x_rules_per_second": rate(peer)}
        results["ratio"] = ratio
        results["agreement"] = agreement(ours, peer)
        print(
            f"ratio    sigmaqr / peer = {ratio:.2f}  "
            f"(same match count on {results['agreement']['same_match_count']} of "
            f"{results['agreement']['rules_both_ran']} rules both ran)"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
