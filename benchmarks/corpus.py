"""Benchmark: the whole corpus through ``sigmaqr corpus``, cold and warm, next to a peer.

The peer is pySigma-backend-QRadar-community (its fields pipeline), converting the same files
rule by rule with errors caught. It is not a dependency of sigmaqr: this script keeps it in its
own virtual environment (``benchmarks/.venv-peer``, created on first use) and times it in a
subprocess there. Every timing is the wall time of a fresh process (start-up and imports
included), the best of ``--repeat`` runs.

    python benchmarks/corpus.py [--repeat 3] [--jobs N] [PATH ...]

PATH defaults to the three SigmaHQ rule folders of the shared corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEER_VENV = HERE / ".venv-peer"
PEER_PACKAGE = "pysigma-backend-qradar-community==0.4.0"
SHARED = Path(os.environ.get("SIGMAQR_SHARED", ROOT.parent / "shared"))
FOLDERS = ("rules", "rules-emerging-threats", "rules-threat-hunting")
API_COLD = (
    "import sys; from sigmaqr.corpus import convert_corpus; "
    "print(convert_corpus(sys.argv[1:], cache=False).total)"
)  # the same conversion without the CLI's start-up (it imports every command module)


def peer_python() -> Path:
    """The peer's interpreter, creating its virtual environment on first use."""
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {PEER_VENV} with {PEER_PACKAGE} ...", file=sys.stderr)
        venv.create(PEER_VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PEER_PACKAGE], check=True)
    return python


def timed(
    command: list[str], stdin: str | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """Run a command; return its wall time, its CPU time (all its processes) and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stderr}")
    return seconds, cpu, done.stdout


def best(
    repeat: int, command: list[str], stdin: str | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """The fastest of several runs."""
    return min((timed(command, stdin, env) for _ in range(repeat)), key=lambda run: run[0])


def main() -> None:
    """Time sigmaqr cold and warm and the peer on the same files; print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    paths = [str(p) for p in args.paths] or [str(SHARED / "sigmahq" / f) for f in FOLDERS]
    sys.path.insert(0, str(ROOT))
    from sigmaqr.corpus.files import corpus_files

    files = corpus_files(paths)
    # Byte-compile sigmaqr as pip does when it installs a wheel: an editable checkout under
    # PYTHONDONTWRITEBYTECODE would otherwise recompile every module in every timed process,
    # while the peer runs from its installed, compiled wheel.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "sigmaqr")], check=True)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "SIGMAQR_CACHE_DIR": cache}
        ours = [sys.executable, "-m", "sigmaqr", "corpus", "-j", str(args.jobs), *paths]
        cold, cold_cpu, summary = best(args.repeat, [*ours[:4], "--no-cache", *ours[4:]], env=env)
        api = [sys.executable, "-c", API_COLD, *paths]
        api_cold, api_cold_cpu, _ = best(args.repeat, api, env=env)
        timed(ours, env=env)  # fill the cache
        warm, warm_cpu, _ = best(args.repeat, ours, env=env)
        api_warm = _api_warm(paths, cache)
    peer_command = [str(peer_python()), str(HERE / "peer_community.py")]
    peer_seconds, peer_cpu, peer_out = best(args.repeat, peer_command, stdin="\n".join(files))
    peer = json.loads(peer_out)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {len(files)} rule files, best of {args.repeat}"
    )
    print(f"sigmaqr: {summary.splitlines()[0]}")
    print(
        f"peer:    {peer['converted']} converted, {peer['failed']} failed "
        "(pySigma-backend-QRadar-community 0.4.0, fields pipeline)"
    )
    print(f"sigmaqr cold (--no-cache, -j {args.jobs}):  {cold:6.2f} s wall {cold_cpu:6.2f} s CPU")
    print(f"sigmaqr cold (API, no CLI):     {api_cold:6.2f} s wall {api_cold_cpu:6.2f} s CPU")
    print(f"sigmaqr warm (cache, CLI):      {warm:6.2f} s wall {warm_cpu:6.2f} s CPU")
    print(f"sigmaqr warm (convert_corpus):  {api_warm:6.2f} s (in process, after imports)")
    print(f"peer (one process):             {peer_seconds:6.2f} s wall {peer_cpu:6.2f} s CPU")
    print(
        f"cold / peer: {cold / peer_seconds:.2f} (API: {api_cold / peer_seconds:.2f})   "
        f"warm / peer: {warm / peer_seconds:.3f}"
    )


def _api_warm(paths: list[str], cache: str) -> float:
    """The best of three in-process warm runs (imports and interpreter start-up excluded)."""
    from sigmaqr.corpus import convert_corpus

    runs = []
    for _ in range(3):
        started = time.perf_counter()
        convert_corpus(paths, cache_directory=cache)
        runs.append(time.perf_counter() - started)
    return min(runs)


if __name__ == "__main__":
    main()
