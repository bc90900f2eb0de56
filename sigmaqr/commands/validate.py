"""``sigmaqr validate``: check AQL files against a validation profile."""

from __future__ import annotations

import sys
from typing import cast

import click

from sigmaqr.aql import PROFILES, Profile, ValidationResult
from sigmaqr.aql import validate as validate_aql

__all__ = ["validate"]

STDIN = "-"


def _read(path: str) -> str:
    """Read one query file (``-`` is standard input); a UTF-8 BOM is ignored."""
    if path == STDIN:
        return sys.stdin.read()
    with open(path, encoding="utf-8-sig") as handle:
        return handle.read()


def _report(name: str, result: ValidationResult) -> None:
    """Print ``NAME: OK`` or one ``NAME:LINE:COL: message`` line per issue."""
    for issue in result.issues:
        prefix = "warning: " if issue.severity == "warning" else ""
        click.echo(f"{name}:{issue.line}:{issue.col}: {prefix}{issue.message}")
    if result.ok:
        click.echo(f"{name}: OK")


def _check_one(path: str, profile: str, allow_unknown_functions: bool) -> bool:
    """Validate one file and print the outcome; return whether it is valid."""
    name = "<stdin>" if path == STDIN else path
    try:
        text = _read(path)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        click.echo(f"{name}: cannot read file: {reason}", err=True)
        return False
    try:
        result = validate_aql(text, cast(Profile, profile), allow_unknown_functions)
    except Exception as error:  # the CLI promises no tracebacks
        click.echo(f"{name}: internal error while validating: {error}", err=True)
        return False
    _report(name, result)
    return result.ok


@click.command("validate")
@click.option(
    "--profile",
    "-p",
    type=click.Choice(PROFILES),
    default="strict",
    show_default=True,
    help="strict: documented AQL; extended: also UNION and qidmap; filter: a bare rule condition.",
)
@click.option(
    "--allow-unknown-functions",
    is_flag=True,
    help="Do not report functions missing from the built-in table (custom AQL functions).",
)
@click.argument("files", nargs=-1, required=True, metavar="FILE... | -")
def validate(profile: str, allow_unknown_functions: bool, files: tuple[str, ...]) -> None:
    """Validate AQL queries, one query per FILE ('-' reads standard input).

    Prints 'FILE: OK', or 'FILE:LINE:COL: message' for each issue. Exits 0 when
    every query is valid and 1 otherwise.
    """
    results = [_check_one(path, profile, allow_unknown_functions) for path in files]
    if not all(results):
        sys.exit(1)
