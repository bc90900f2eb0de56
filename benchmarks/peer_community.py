"""Convert rule files with pySigma-backend-QRadar-community (fields pipeline), rule by rule.

Runs inside the peer's own virtual environment (see corpus.py); reads file paths, one a line,
on standard input and prints one JSON line: how many rules converted, failed and the seconds.
"""

from __future__ import annotations

import json
import sys
import time

from sigma.backends.QRadarAQL import QRadarAQLBackend
from sigma.collection import SigmaCollection
from sigma.pipelines.QRadarAQL import QRadarAQL_fields_pipeline


def main() -> None:
    """Convert every file named on stdin, catching every error per rule."""
    started = time.perf_counter()
    backend = QRadarAQLBackend(QRadarAQL_fields_pipeline())
    converted = failed = 0
    for path in sys.stdin.read().splitlines():
        try:
            with open(path, encoding="utf-8") as stream:
                rules = SigmaCollection.from_yaml(stream.read()).rules
        except Exception:  # a file that does not parse counts as one failure
            failed += 1
            continue
        for rule in rules:
            try:
                backend.convert_rule(rule, "default")
                converted += 1
            except Exception:
                failed += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"converted": converted, "failed": failed, "seconds": seconds}))


if __name__ == "__main__":
    main()
