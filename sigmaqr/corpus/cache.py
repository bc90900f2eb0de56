"""The corpus cache: earlier outcomes keyed by rule content and conversion configuration.

One file per configuration (``corpus-<digest>.json`` in the cache directory) maps each unit's
content digest to its outcomes. The configuration digest covers the target, format, pipelines
(and the text of pipeline files), backend options, the sigmaqr, pySigma (and, for other targets,
plugin) versions, and a digest of sigmaqr's conversion source files (all but the validator, the
engine and the CLI commands), so editing a pipeline invalidates the cache even without a version
bump. Errors are never cached: they are re-checked on every run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from importlib.metadata import PackageNotFoundError, distributions, version
from pathlib import Path
from typing import Any

import attrs

import sigmaqr
from sigmaqr.corpus.atomic import atomic_write_text
from sigmaqr.corpus.report import RuleOutcome
from sigmaqr.corpus.settings import Settings
from sigmaqr.names import OWN_PIPELINE_NAMES, is_qradar
from sigmaqr.status import ERROR

CACHE_ENV = "SIGMAQR_CACHE_DIR"
DEFAULT_DIR = ".sigmaqr-cache"
MAX_ENTRIES = 50_000  # per configuration; entries unused by the latest run are dropped first
MAX_CONFIGURATIONS = 8  # cache files kept; the least recently used go first
FORMAT_VERSION = 1
NOT_CONVERSION = frozenset({"aql", "engine", "commands"})  # packages conversion never imports

Record = Sequence[Any]  # RuleOutcome.record(): id, title, status, reason, query, log source


def cache_dir(directory: str | Path | None = None) -> Path:
    """Where the cache lives: the argument, else ``$SIGMAQR_CACHE_DIR``, else ``.sigmaqr-cache``.

    Args:
        directory: An explicit directory, or None.

    Returns:
        The cache directory (it may not exist yet).
    """
    if directory is not None:
        return Path(directory)
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_DIR)


def config_digest(settings: Settings) -> str:
    """Digest everything besides the rule text that decides a conversion's outcome.

    Args:
        settings: Target, format, pipelines and options.

    Returns:
        A hexadecimal digest.
    """
    parts = {
        "cache": FORMAT_VERSION,
        "target": settings.target,
        "format": settings.format,
        "pipelines": [[name, _file_digest(name)] for name in settings.pipelines],
        "options": sorted((str(k), repr(v)) for k, v in settings.options.items()),
        "sigmaqr": sigmaqr.__version__,
        "pysigma": _package_version("pysigma"),
        "plugins": _plugin_versions(settings),
        "source": _source_fingerprint(),
    }
    text = json.dumps(parts, sort_keys=True)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@attrs.define
class CorpusCache:
    """The cached outcomes of one configuration, keyed by unit content digest."""

    path: Path
    entries: dict[str, list[Record]] = attrs.field(factory=dict)
    fresh: dict[str, list[Record]] = attrs.field(factory=dict)

    @classmethod
    def load(cls, directory: Path, settings: Settings) -> CorpusCache:
        """Open the cache of a configuration; a missing or unreadable file is an empty cache.

        Args:
            directory: The cache directory.
            settings: The configuration.

        Returns:
            The cache.
        """
        path = directory / f"corpus-{config_digest(settings)}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["entries"] if data.get("version") == FORMAT_VERSION else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = {}
        return cls(path, entries if isinstance(entries, dict) else {})

    def get(self, key: str, path: str) -> list[RuleOutcome] | None:
        """The outcomes cached for a unit's content, or None on a miss.

        Args:
            key: The unit's content digest.
            path: The unit's file, for the outcomes.

        Returns:
            The outcomes, or None.
        """
        records = self.entries.get(key)
        if records is None:
            return None
        try:
            outcomes = [RuleOutcome.from_record(path, record) for record in records]
        except (TypeError, ValueError):
            return None
        self.fresh[key] = records
        return outcomes

    def put(self, key: str, outcomes: Iterable[RuleOutcome]) -> None:
        """Remember a unit's outcomes, unless one is an error.

        Args:
            key: The unit's content digest.
            outcomes: Its outcomes.
        """
        outcomes = list(outcomes)
        if all(outcome.status != ERROR for outcome in outcomes):
            self.fresh[key] = [outcome.record() for outcome in outcomes]

    def save(self) -> None:
        """Write the cache atomically: this run's entries first, older ones up to the cap.

        Nothing is written when the run added no entry (a fully cached run).
        """
        if not self.fresh.keys() - self.entries.keys():
            _touch(self.path)
            return
        entries = dict(self.fresh)
        for key, records in self.entries.items():
            if len(entries) >= MAX_ENTRIES:
                break
            entries.setdefault(key, records)
        text = json.dumps({"version": FORMAT_VERSION, "entries": entries}, ensure_ascii=False)
        atomic_write_text(self.path, text)
        _prune(self.path.parent)


def _touch(path: Path) -> None:
    """Mark a configuration's cache file as recently used."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _prune(directory: Path) -> None:
    """Keep the MAX_CONFIGURATIONS most recently used configurations' files, delete the rest."""
    files = sorted(directory.glob("corpus-*.json"), key=_mtime, reverse=True)
    for stale in files[MAX_CONFIGURATIONS:]:
        with contextlib.suppress(OSError):
            stale.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _file_digest(name: str) -> str:
    path = Path(name)
    if not path.is_file():
        return ""
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _plugin_versions(settings: Settings) -> list[tuple[str, str]]:
    """Installed pySigma plugin versions, when the configuration can use a plugin."""
    own = is_qradar(settings.target) and all(
        name in OWN_PIPELINE_NAMES or Path(name).is_file() for name in settings.pipelines
    )
    if own:
        return []
    return sorted(
        (str(dist.metadata["Name"]), dist.version)
        for dist in distributions()
        if str(dist.metadata["Name"] or "").lower().startswith("pysigma-")
    )


def _source_fingerprint() -> str:
    """A digest of sigmaqr's conversion code: editing it invalidates the cache."""
    root = Path(sigmaqr.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] not in NOT_CONVERSION:
            digest.update(str(relative).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
