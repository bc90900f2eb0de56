"""The mapping reference: docs/pipelines.md's tables, generated from the pipeline data.

``python -m sigmaqr.pipelines.reference [--write docs/pipelines.md]`` prints the tables (or
rewrites them between the markers of the doc); a test checks the doc is up to date.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from pathlib import Path

from sigmaqr.columns import BUILTIN_COLUMNS
from sigmaqr.pipelines import FAMILIES
from sigmaqr.pipelines.family import Family
from sigmaqr.pipelines.logsource_types import CUSTOM, DOCUMENTED
from sigmaqr.pipelines.tables import LogSource, LogsourceKey

BEGIN = "<!-- BEGIN GENERATED: python -m sigmaqr.pipelines.reference --write docs/pipelines.md -->"
END = "<!-- END GENERATED -->"

# Custom property names that IBM's own content uses: the Windows, Sysmon and Linux Custom
# Properties extensions and the Properties Dictionary, as named by IBM's pySigma backend and
# IBM's Linux extension notes (see docs/pipelines.md). Every other custom name is sigmaqr's.
IBM_NAMED: frozenset[str] = frozenset(
    {
        "Command", "Parent Command", "Process Path", "Parent Process Path", "Process Name",
        "Process ID", "Parent Process ID", "Filename", "File Path", "Object Name",
        "Object Type", "Share Name", "Service Name", "Service Filename", "Target Process Path",
        "Source Process Path", "Granted Access", "Call Trace", "Pipe Name", "Integrity Level",
        "Logon Type", "Target Username", "MD5 Hash", "SHA1 Hash", "SHA256 Hash", "IMP Hash",
        "Task Name", "Ticket Encryption Type", "Access Mask", "Accesses", "Hostname",
        "Destination Hostname", "Message", "URL", "URL Host", "Machine Identifier",
        "Process CommandLine", "Process Id", "Registry Key", "Registry Value Name", "File Hash",
        "DNS Request Domain", "Image", "ParentImage", "ParentCommandLine", "TargetImage",
        "ServiceFileName", "ObjectName",
    }
)  # fmt: skip


def render(families: Iterable[Family] = FAMILIES) -> str:
    """The generated part of docs/pipelines.md.

    Args:
        families: The families to document, in claiming order.

    Returns:
        Markdown: log source types, then each family's log sources and fields.
    """
    families = list(families)
    lines = [BEGIN, "", "### Log source types", "", *_types_table(families)]
    for family in families:
        lines += ["", f"### {family.title} (`{family.name}`)", "", "Log sources:", ""]
        lines += _logsources_table(family.logsources)
        lines += ["", "Fields:", "", *_fields_table(family)]
    return "\n".join([*lines, "", END])


def _types_table(families: list[Family]) -> list[str]:
    used = sorted({t for f in families for entry in f.logsources.values() for t in entry.types})
    rows = ["| log source type | `devicetype` | source |", "|---|---|---|"]
    for name in used:
        if name in DOCUMENTED:
            rows.append(f"| `{name}` | {DOCUMENTED[name]} | IBM's table |")
        else:
            kind = "custom type, matched by name" if name in CUSTOM else "unknown"
            rows.append(f"| `{name}` | set `qradar_log_source_types` | {kind} |")
    return rows


def _logsources_table(table: Mapping[LogsourceKey, LogSource]) -> list[str]:
    rows = [
        "| product | category | service | log source types | conditions |",
        "|---|---|---|---|---|",
    ]
    for (product, category, service), entry in table.items():
        types = ", ".join(
            f"`{t}` ({DOCUMENTED[t]})" if t in DOCUMENTED else f"`{t}`" for t in entry.types
        )
        conditions = "; ".join(
            f"`{field}` = {', '.join(f'`{v}`' for v in values)}"
            for field, values in entry.conditions.items()
        )
        rows.append(
            f"| {product or '*'} | {category or '*'} | {service or '*'} | {types} | "
            f"{_cell(conditions)} |"
        )
    return rows


def _fields_table(family: Family) -> list[str]:
    default, legacy = family.fields_for("default"), family.fields_for("legacy")
    rows = ["| Sigma field | QRadar name | legacy profile | kind |", "|---|---|---|---|"]
    for field, name in default.items():
        old = f"`{legacy[field]}`" if legacy[field] != name else ""
        rows.append(f"| `{_cell(field)}` | `{name}` | {old} | {_kind(name)} |")
    return rows


def _kind(name: str) -> str:
    if name.lower() in BUILTIN_COLUMNS:
        return "built-in column"
    return "IBM content name" if name in IBM_NAMED else "sigmaqr name"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write(path: Path) -> None:
    """Replace the generated part of a document (between the markers) with :func:`render`.

    Args:
        path: The document, which must contain both markers.
    """
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(head + render() + tail, encoding="utf-8")


def main() -> None:
    """Print the reference, or write it into a document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write", type=Path, help="rewrite the generated part of this file")
    args = parser.parse_args()
    if args.write:
        write(args.write)
    else:
        print(render())


if __name__ == "__main__":
    main()
