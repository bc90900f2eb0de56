"""Option parsing shared by the commands."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click


def backend_options(pairs: Sequence[str]) -> dict[str, str]:
    """Parse repeated ``-O KEY=VALUE`` options.

    Args:
        pairs: The option values.

    Returns:
        Key to value.

    Raises:
        click.BadParameter: A value is not KEY=VALUE.
    """
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"'{pair}' is not KEY=VALUE", param_hint="-O")
        options[key] = value
    return options


def path_list(paths: Sequence[Path]) -> str:
    """Paths joined for a message."""
    return ", ".join(str(p) for p in paths)
