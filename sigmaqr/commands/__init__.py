"""CLI commands that live in their own modules, loaded only when invoked."""

from __future__ import annotations

import importlib

import click

COMMAND_MODULES = ("validate", "replay", "corpus", "targets", "publish")


def load_command(name: str) -> click.Command | None:
    """Import a command module and return its command (``<name>`` or ``<name>_command``).

    Args:
        name: The command's name, one of COMMAND_MODULES.

    Returns:
        The command, or None when the module does not exist.
    """
    try:
        module = importlib.import_module(f"sigmaqr.commands.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"sigmaqr.commands.{name}":
            raise
        return None
    command = getattr(module, name, None) or getattr(module, f"{name}_command", None)
    return command if isinstance(command, click.Command) else None


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The group's own commands and the module commands, sorted."""
        return sorted({*super().list_commands(ctx), *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The named command, importing its module on first use."""
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in COMMAND_MODULES:
            command = load_command(cmd_name)
            if command is not None:
                self.add_command(command, cmd_name)
        return command


def registered() -> list[click.Command]:
    """Every module command, imported now (for tools that list them all).

    Returns:
        The commands, in a stable order.
    """
    return [c for c in (load_command(name) for name in COMMAND_MODULES) if c is not None]
