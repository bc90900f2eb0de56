"""Atomic file writes: a temporary file in the same directory, renamed over the target."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write data to path so readers see the old file or the whole new one, never a part.

    An interruption (even Ctrl-C) removes the temporary file and leaves the target untouched.

    Args:
        path: The target file; its directory is created when missing.
        data: The new content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to path atomically (see :func:`atomic_write_bytes`).

    Args:
        path: The target file.
        text: The new content.
    """
    atomic_write_bytes(path, text.encode("utf-8"))
