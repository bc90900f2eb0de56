"""The summary table printed after a corpus run: counts by log source, and the top reasons."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from sigmaqr.corpus.report import CorpusReport, RuleOutcome
from sigmaqr.status import CONVERTED, ERROR, UNSUPPORTED

COLUMNS = ("log source", "rules", CONVERTED, UNSUPPORTED, ERROR, "%")


def summary_table(report: CorpusReport, rows: int = 25, reasons: int = 10) -> str:
    """Render the summary: totals, a table by product and category, and the top reasons.

    Args:
        report: The corpus report.
        rows: How many log-source rows to show (largest first; the rest are folded into one).
        reasons: How many of the most frequent unsupported and error reasons to list.

    Returns:
        The text, lines separated by newlines.
    """
    lines = [_totals(report), "", *_table(_by_logsource(report.rules), rows)]
    for status in (ERROR, UNSUPPORTED):
        top = Counter(r.reason or "" for r in report.with_status(status)).most_common(reasons)
        if top:
            lines += ["", f"top {status} reasons:", *(f"{n:6d}  {reason}" for reason, n in top)]
    return "\n".join(lines)


def _totals(report: CorpusReport) -> str:
    share = f" ({report.converted / report.total:.1%})" if report.total else ""
    cached = f", {report.from_cache} from cache" if report.from_cache else ""
    return (
        f"{report.total} rules: {report.converted} converted{share}, {report.unsupported} "
        f"unsupported, {report.errors} errors in {report.seconds:.2f} s{cached}"
    )


def _by_logsource(rules: Iterable[RuleOutcome]) -> dict[str, Counter[str]]:
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for rule in rules:
        groups[rule.logsource.label][rule.status] += 1
    return groups


def _table(groups: dict[str, Counter[str]], rows: int) -> list[str]:
    ordered = sorted(groups.items(), key=lambda item: (-item[1].total(), item[0]))
    shown, rest = ordered[:rows], ordered[rows:]
    body = [_row(label, counts) for label, counts in shown]
    if rest:
        folded: Counter[str] = sum((counts for _, counts in rest), Counter())
        body.append(_row(f"({len(rest)} more)", folded))
    return _align([list(COLUMNS), *body])


def _row(label: str, counts: Counter[str]) -> list[str]:
    total = counts.total()
    share = f"{counts[CONVERTED] / total:.1%}" if total else "-"
    return [
        label,
        str(total),
        str(counts[CONVERTED]),
        str(counts[UNSUPPORTED]),
        str(counts[ERROR]),
        share,
    ]


def _align(table: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in table
    ]
