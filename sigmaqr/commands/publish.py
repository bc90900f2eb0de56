"""``sigmaqr publish``: write a content repository a SOC can browse, diff and deploy."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sigma.exceptions import SigmaConfigurationError

from sigmaqr.publish import PublishResult
from sigmaqr.publish import publish as publish_rules

__all__ = ["publish_command"]


@click.command(name="publish")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The content repository folder (created when missing).",
)
@click.option(
    "--targets",
    help="Comma-separated targets (qradar always). Default: qradar and the installed ones of "
    "splunk, lucene, esql, kusto.",
)
@click.option("--commit", "git_commit", is_flag=True, help="Make one git commit in --out.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def publish_command(
    out: Path, targets: str | None, git_commit: bool, paths: tuple[Path, ...]
) -> None:
    """Check the rules and publish them: pages, AQL, other targets, index, layer, site, extension.

    Refuses (exit 1, nothing written) when a rule does not parse, convert, validate or pass its
    replay tests.
    """
    chosen = [t.strip() for t in targets.split(",") if t.strip()] if targets else None
    try:
        result = publish_rules(paths, out, chosen, git_commit)
    except SigmaConfigurationError as error:
        raise click.UsageError(str(error)) from error
    if not result.ok:
        for problem in result.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"nothing published to {out}", err=True)
        sys.exit(1)
    click.echo(report(result))


def report(result: PublishResult) -> str:
    """One line: where, how many rules, what changed, the commit."""
    plan = result.plan
    files = "no files changed"
    if plan is not None and not plan.empty:
        counts = (len(plan.added), len(plan.changed), len(plan.removed))
        files = "{} files added, {} changed, {} removed".format(*counts)
    rules = (
        f"rules: {len(result.added)} added, {len(result.changed)} changed, "
        f"{len(result.removed)} removed"
    )
    line = f"published {len(result.rules)} rules to {result.out}: {files}; {rules}"
    return line + (f"; commit {result.commit[:12]}" if result.commit else "")
