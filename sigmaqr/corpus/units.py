"""Units of work: one rule file, plus the files its correlation rules reference."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

import attrs
import yaml

from sigmaqr.names import YAML_LOADER

_CORRELATION = re.compile(r"^correlation\s*:", re.M)
_NAME_OR_ID = re.compile(r"^(?:name|id)\s*:\s*['\"]?([^'\"\s#]+)", re.M)


@attrs.frozen
class Unit:
    """One rule file to convert (the last path) after the files it depends on."""

    index: int
    paths: tuple[str, ...]

    @property
    def main(self) -> str:
        """The file whose rules this unit reports."""
        return self.paths[-1]


def unit_key(texts: Sequence[str]) -> str:
    """A digest of a unit's file texts, the content half of a cache key.

    Args:
        texts: The texts of the unit's files, in unit order.

    Returns:
        A hexadecimal digest.
    """
    digest = hashlib.blake2b(digest_size=20)
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def make_units(texts: Mapping[str, str], positions: Mapping[str, int]) -> list[Unit]:
    """One unit per file; a file with correlation rules also carries the files they reference.

    Args:
        texts: Each readable rule file's text, by path, in corpus order.
        positions: Each file's position in the corpus, which becomes its unit's index.

    Returns:
        The units, in corpus order.
    """
    if not any("correlation" in text and _CORRELATION.search(text) for text in texts.values()):
        return [Unit(positions[path], (path,)) for path in texts]
    definers = _definers(texts)
    return [Unit(positions[path], (*_dependencies(path, texts, definers), path)) for path in texts]


def _definers(texts: Mapping[str, str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for path, text in texts.items():
        for name in _NAME_OR_ID.findall(text):
            names.setdefault(name, path)
    return names


def _dependencies(path: str, texts: Mapping[str, str], definers: Mapping[str, str]) -> list[str]:
    """The other files defining rules that this file's correlations reference, transitively."""
    found: set[str] = set()
    pending = [path]
    while pending:
        for name in _references(texts[pending.pop()]):
            dependency = definers.get(name)
            if dependency is not None and dependency != path and dependency not in found:
                found.add(dependency)
                pending.append(dependency)
    return sorted(found)


def _references(text: str) -> list[str]:
    if not _CORRELATION.search(text):
        return []
    try:
        documents = list(yaml.load_all(text, Loader=YAML_LOADER))
    except yaml.YAMLError:
        return []
    names: list[str] = []
    for document in documents:
        correlation = document.get("correlation") if isinstance(document, dict) else None
        rules = correlation.get("rules") if isinstance(correlation, dict) else None
        if isinstance(rules, list):
            names.extend(str(rule) for rule in rules)
        elif isinstance(rules, str):
            names.append(rules)
    return names
