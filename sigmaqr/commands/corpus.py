"""``sigmaqr corpus``: convert a whole rule corpus, summarise it, and write a JSON report."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click
from sigma.exceptions import SigmaConfigurationError

from sigmaqr.commands.options import backend_options as backend_options_of
from sigmaqr.commands.options import path_list
from sigmaqr.corpus import convert_corpus, summary_table

__all__ = ["corpus"]


@click.command("corpus")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [one per CPU].")
@click.option("-f", "--format", "fmt", default="query", show_default=True, help="Output format.")
@click.option("-t", "--target", default="qradar", show_default=True, help="Backend identifier.")
@click.option("-p", "--pipeline", "pipelines", multiple=True, help="Pipeline name or YAML file.")
@click.option("-O", "--backend-option", "backend_options", multiple=True, metavar="KEY=VALUE")
@click.option(
    "-r", "--report", type=click.Path(dir_okay=False, path_type=Path), help="Write a JSON report."
)
@click.option("--no-cache", is_flag=True, help="Convert every rule, ignoring the cache.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def corpus(
    jobs: int | None,
    fmt: str,
    target: str,
    pipelines: tuple[str, ...],
    backend_options: tuple[str, ...],
    report: Path | None,
    no_cache: bool,
    paths: tuple[Path, ...],
) -> None:
    """Convert every rule under PATHS in worker processes and summarise the outcome.

    Each rule is converted, unsupported (the target cannot express it; the reason names the
    field, modifier or log source) or an error (anything else). Exits 1 when any rule errored.
    """
    try:
        result = convert_corpus(
            paths,
            target,
            fmt,
            pipelines,
            jobs=jobs,
            cache=not no_cache,
            report=report,
            progress=sys.stderr.isatty(),
            **backend_options_of(backend_options),
        )
    except SigmaConfigurationError as error:
        raise click.UsageError(str(error)) from error
    if not result.total:
        raise click.ClickException("no rule files (*.yml, *.yaml) found in " + path_list(paths))
    click.echo(summary_table(result))
    if report is not None:
        click.echo(f"report written to {report}")
    gc.freeze()  # the command ends the process: spare the exit a collection of the heap (~50 ms)
    if not result.ok:
        sys.exit(1)
