"""Loading Sigma rule files: every file read, every problem recorded against its file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs
import yaml
from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaError, SigmaRuleLocation
from sigma.rule import SigmaRule

from sigmaqr.names import YAML_LOADER

RULE_SUFFIXES = (".yml", ".yaml")

AnyRule = SigmaRule | SigmaCorrelationRule


@attrs.frozen
class LoadedRule:
    """One rule read from a file, or the reason the file (or this document in it) failed."""

    path: str | None
    rule: AnyRule | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the rule loaded without errors."""
        return self.rule is not None and self.error is None


class RulePathError(SigmaError):
    """A rule path does not exist or holds no rule files."""


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories (recursively) into rule files, sorted per directory.

    Args:
        paths: Files and directories.

    Returns:
        The ``.yml``/``.yaml`` files, in a stable order.

    Raises:
        RulePathError: A path does not exist.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise RulePathError(f"{path}: no such file or directory")
    return files


def load_rules(paths: Iterable[str | Path]) -> list[LoadedRule]:
    """Load every rule under the given files and directories; bad files are recorded, not raised.

    Args:
        paths: Rule files and directories (searched recursively for .yml/.yaml).

    Returns:
        One entry per rule document, in file order; a file that cannot be read or parsed gives
        one entry with its error.

    Raises:
        RulePathError: A path does not exist.
    """
    return [loaded for path in rule_files(paths) for loaded in load_file(path)]


def load_file(path: Path) -> list[LoadedRule]:
    """Load the rules of one file.

    Args:
        path: The rule file.

    Returns:
        Its rules, or one entry carrying the error.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [LoadedRule(str(path), error=f"cannot read file: {_reason(error)}")]
    return load_text(text, str(path))


def load_text(text: str, path: str | None = None) -> list[LoadedRule]:
    """Load the rules of one YAML text (one or several documents).

    Args:
        text: The YAML text.
        path: Where it came from, for messages.

    Returns:
        Its rules, or one entry carrying the error.
    """
    try:
        documents = [d for d in yaml.load_all(text, Loader=YAML_LOADER) if d is not None]
    except yaml.YAMLError as error:
        return [LoadedRule(path, error=f"malformed YAML: {_yaml_reason(error)}")]
    if not documents:
        return [LoadedRule(path, error="no Sigma rule in file")]
    if not all(isinstance(d, dict) for d in documents):
        return [LoadedRule(path, error="a YAML document is not a mapping (not a Sigma rule)")]
    source = SigmaRuleLocation(Path(path)) if path else None
    try:
        collection = SigmaCollection.from_dicts(
            documents, collect_errors=True, source=source, resolve_references=False
        )
    except SigmaError as error:
        return [LoadedRule(path, error=str(error))]
    return [_entry(path, rule) for rule in collection.rules] or [
        LoadedRule(path, error=_collection_error(collection))
    ]


def _entry(path: str | None, rule: AnyRule) -> LoadedRule:
    if rule.errors:
        return LoadedRule(path, rule, "; ".join(_reason(e) for e in rule.errors))
    return LoadedRule(path, rule)


def _collection_error(collection: SigmaCollection) -> str:
    errors = getattr(collection, "errors", [])
    return "; ".join(_reason(e) for e in errors) or "no Sigma rule in file"


def _reason(error: BaseException) -> str:
    text = str(error)
    return text or type(error).__name__


def _yaml_reason(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(problem)
