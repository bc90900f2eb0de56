"""Errors raised by the replay engine."""

from __future__ import annotations

__all__ = ["EngineError", "IngestError"]


class EngineError(Exception):
    """A query cannot be run: unsupported construct, bad argument or bad data."""


class IngestError(EngineError):
    """An event file cannot be read; ``path`` names the file."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
