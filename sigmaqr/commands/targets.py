"""``sigmaqr targets``: the installed conversion targets and the pipelines applied by default."""

from __future__ import annotations

import json

import click

from sigmaqr.target_list import TargetInfo, installed_targets

__all__ = ["targets"]


@click.command(name="targets")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def targets(as_json: bool) -> None:
    """List installed targets: identifier, name, formats, default pipelines per product."""
    found = installed_targets()
    if as_json:
        click.echo(json.dumps([t.to_dict() for t in found], indent=2, sort_keys=True))
        return
    rows = [("TARGET", "NAME", "FORMATS", "DEFAULT PIPELINES"), *map(_row, found)]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        click.echo("  ".join([*cells, row[3]]).rstrip())


def _row(target: TargetInfo) -> tuple[str, str, str, str]:
    pipelines = "; ".join(
        f"{_product(product)}: {', '.join(names)}"
        for product, names in sorted(target.pipelines.items())
    )
    return target.identifier, target.name, ", ".join(target.formats), pipelines or "-"


def _product(product: str) -> str:
    return "any product (built in)" if product == "*" else product
