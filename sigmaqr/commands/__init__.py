"""CLI commands that live in their own modules, registered on the ``sigmaqr`` group."""

from __future__ import annotations

import importlib

import click

COMMAND_MODULES = ("validate", "replay", "corpus", "targets", "publish")


def registered() -> list[click.Command]:
    """Import each command module that exists and return its command.

    Returns:
        The commands, in a stable order.
    """
    commands = []
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"sigmaqr.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"sigmaqr.commands.{name}":
                raise
            continue
        command = getattr(module, name, None) or getattr(module, f"{name}_command", None)
        if isinstance(command, click.Command):
            commands.append(command)
    return commands
