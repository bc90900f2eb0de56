"""Generate sigmaqr/publish/data/attack.json: MITRE ATT&CK tactics and techniques, offline.

pySigma 0.11.x shipped the ATT&CK Enterprise tables it generated from MITRE's STIX data as
``sigma/data/mitre_attack.py`` (later releases download them at run time). This script reads that
module from the wheel (as literals, without importing it) and writes the tactics, techniques,
technique-to-tactic mapping, groups and software the publisher needs, with the source, the
ATT&CK version and MITRE's notice and licence.

Usage::

    pip download --no-deps -d /tmp/attack pysigma==0.11.23
    python tools/gen_attack_data.py /tmp/attack/pysigma-0.11.23-py3-none-any.whl
"""

from __future__ import annotations

import ast
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

MODULE = "sigma/data/mitre_attack.py"
OUT = Path(__file__).resolve().parent.parent / "sigmaqr" / "publish" / "data" / "attack.json"
MATRIX_ORDER = (
    "reconnaissance", "resource-development", "initial-access", "execution", "persistence",
    "privilege-escalation", "defense-evasion", "credential-access", "discovery",
    "lateral-movement", "collection", "command-and-control", "exfiltration", "impact",
)  # fmt: skip
"""The Enterprise matrix's column order (tactic short names)."""
SMALL_WORDS = frozenset({"and", "or", "of", "the"})
NOTICE = (
    "© 2025 The MITRE Corporation. This work is reproduced and distributed with the "
    "permission of The MITRE Corporation. MITRE ATT&CK and ATT&CK are registered trademarks "
    "of The MITRE Corporation."
)
LICENSE = (
    "The MITRE Corporation (MITRE) hereby grants you a non-exclusive, royalty-free license to "
    "use ATT&CK for research, development, and commercial purposes. Any copy you make for such "
    "purposes is authorized provided that you reproduce MITRE's copyright designation and this "
    "license in any such copy."
)


def module_literals(wheel: Path) -> dict[str, Any]:
    """Read the module-level literal assignments of mitre_attack.py inside the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        tree = ast.parse(archive.read(MODULE).decode("utf-8"))
    values: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign) and node.value is not None:
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            if isinstance(target, ast.Name):
                values[target.id] = ast.literal_eval(node.value)
    return values


def tactic_name(short: str) -> str:
    """``command-and-control`` -> ``Command and Control``."""
    words = short.split("-")
    return " ".join(w if i and w in SMALL_WORDS else w.capitalize() for i, w in enumerate(words))


def build(wheel: Path) -> dict[str, Any]:
    """Build the JSON document from the wheel's tables."""
    data = module_literals(wheel)
    by_short = {short: tid for tid, short in data["mitre_attack_tactics"].items()}
    mapping = data["mitre_attack_techniques_tactics_mapping"]
    return {
        "source": f"{wheel.name}: {MODULE} (pySigma's tables generated from MITRE ATT&CK STIX)",
        "attack_version": data["mitre_attack_version"],
        "domain": "enterprise-attack",
        "notice": NOTICE,
        "license": LICENSE,
        "tactics": [{"id": by_short[s], "tag": s, "name": tactic_name(s)} for s in MATRIX_ORDER],
        "groups": dict(sorted(data["mitre_attack_intrusion_sets"].items())),
        "software": dict(sorted(data["mitre_attack_software"].items())),
        "techniques": {
            tid: {"name": name, "tactics": sorted(mapping.get(tid, []))}
            for tid, name in sorted(data["mitre_attack_techniques"].items())
        },
    }


def main(argv: list[str]) -> int:
    """Write attack.json from the wheel named on the command line."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    document = build(Path(argv[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(document['techniques'])} techniques, ATT&CK {document['attack_version']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
