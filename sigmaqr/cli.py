"""The ``sigmaqr`` command line: a thin layer over the Python API."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from sigma.exceptions import SigmaConfigurationError

from sigmaqr.commands import LazyGroup
from sigmaqr.commands.options import backend_options as parse_options
from sigmaqr.commands.options import path_list
from sigmaqr.status import CONVERTED, UNSUPPORTED

if TYPE_CHECKING:
    from sigmaqr.api import Conversion

CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(package_name="sigmaqr")
def cli() -> None:
    """Detection-as-code for IBM QRadar: Sigma rules to AQL, validated and replayed."""


@cli.command(name="convert")
@click.option("-t", "--target", default="qradar", show_default=True, help="Backend identifier.")
@click.option("-p", "--pipeline", "pipelines", multiple=True, help="Pipeline name or YAML file.")
@click.option("-f", "--format", "fmt", default="query", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option(
    "-s", "--skip-unsupported", is_flag=True, help="Skip rules the target cannot express."
)
@click.option("-O", "--backend-option", "backend_options", multiple=True, metavar="KEY=VALUE")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def convert_command(
    target: str,
    pipelines: tuple[str, ...],
    fmt: str,
    output: Path | None,
    skip_unsupported: bool,
    backend_options: tuple[str, ...],
    paths: tuple[Path, ...],
) -> None:
    """Convert Sigma rules (files or directories, recursively) into queries."""
    from sigmaqr.api import convert
    from sigmaqr.rules import rule_files

    if not rule_files(paths):
        raise click.ClickException("no rule files (*.yml, *.yaml) found in " + path_list(paths))
    try:
        result = convert(paths, target, fmt, pipelines, **parse_options(backend_options))
    except SigmaConfigurationError as error:
        raise click.UsageError(str(error)) from error
    _write(result.text, output)
    failed = _report_failures(result, skip_unsupported)
    if failed:
        sys.exit(1)


def _write(text: str, output: Path | None) -> None:
    if not text:
        return
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")


def _report_failures(result: Conversion, skip_unsupported: bool) -> int:
    """Print each failed rule on stderr; return how many count as failures."""
    failures = 0
    for rule in result.failed:
        skipped = skip_unsupported and rule.status == UNSUPPORTED
        click.echo(("skipped " if skipped else "error: ") + rule.message, err=True)
        failures += 0 if skipped else 1
    converted = sum(1 for r in result.rules if r.status == CONVERTED)
    if result.failed:
        click.echo(f"{converted} of {len(result.rules)} rules converted", err=True)
    return failures


def main() -> None:
    """Run the CLI; unexpected errors become one line on stderr, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except Exception as error:  # last resort: report, do not dump a traceback
        click.echo(f"error: {type(error).__name__}: {error}", err=True)
        sys.exit(1)
