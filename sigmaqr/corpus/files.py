"""Finding and reading rule files quickly (os.walk rather than pathlib globbing)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sigmaqr.rules import RULE_SUFFIXES, RulePathError


def corpus_files(paths: Iterable[str | Path]) -> list[str]:
    """Expand files and directories into rule files, in :func:`sigmaqr.rules.rule_files` order.

    Args:
        paths: Files and directories (directories are searched recursively).

    Returns:
        The ``.yml``/``.yaml`` files.

    Raises:
        RulePathError: A path does not exist.
    """
    files: list[str] = []
    for path in map(str, paths):
        if os.path.isdir(path):
            found = [
                os.path.join(root, name)
                for root, _, names in os.walk(path)
                for name in names
                if os.path.splitext(name)[1] in RULE_SUFFIXES
            ]
            files.extend(sorted(found, key=lambda f: f.split(os.sep)))
        elif os.path.exists(path):
            files.append(path)
        else:
            raise RulePathError(f"{path}: no such file or directory")
    return files


def read_source(path: str) -> str:
    """Read a rule file as UTF-8 text.

    Args:
        path: The file.

    Returns:
        Its text.

    Raises:
        OSError: The file cannot be read.
        UnicodeDecodeError: The file is not UTF-8.
    """
    with open(path, "rb") as stream:
        return stream.read().decode("utf-8")
