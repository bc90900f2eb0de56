"""The Python API: load rules, convert them, get typed results."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
from sigma.collection import SigmaCollection
from sigma.conversion.base import Backend
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import (
    SigmaBackendError,
    SigmaError,
    SigmaFeatureNotSupportedByBackendError,
    SigmaPlaceholderError,
    SigmaTransformationError,
)
from sigma.rule import SigmaRule

from sigmaqr.rules import AnyRule, LoadedRule, load_rules
from sigmaqr.status import CONVERTED, ERROR, NO_QUERY, UNSUPPORTED
from sigmaqr.targets import make_backend, target_format

__all__ = [
    "CONVERTED",
    "ERROR",
    "NO_QUERY",
    "UNSUPPORTED",
    "Conversion",
    "RuleConversion",
    "RuleInput",
    "convert",
]

_UNSUPPORTED_ERRORS = (
    SigmaTransformationError,
    SigmaFeatureNotSupportedByBackendError,
    SigmaBackendError,
    SigmaPlaceholderError,
    NotImplementedError,
)

RuleInput = str | Path | AnyRule | LoadedRule | SigmaCollection


@attrs.frozen
class RuleConversion:
    """The outcome of converting one rule."""

    path: str | None
    rule: AnyRule | None
    queries: list[Any] = attrs.field(factory=list)
    status: str = CONVERTED
    error: str | None = None

    @property
    def id(self) -> str:
        """The rule's id, or an empty string."""
        return str(self.rule.id) if self.rule is not None and self.rule.id else ""

    @property
    def title(self) -> str:
        """The rule's title, or an empty string."""
        return self.rule.title if self.rule is not None else ""

    @property
    def message(self) -> str:
        """``path: rule 'title': error`` for a failed rule (empty when converted)."""
        if not self.error:
            return ""
        parts = [self.path or "<rule>", f"rule '{self.title}'" if self.title else "", self.error]
        return ": ".join(part for part in parts if part)


@attrs.frozen
class Conversion:
    """A batch conversion: each rule's outcome, and the finished output of the format."""

    rules: list[RuleConversion]
    output: Any
    target: str
    format: str

    def __iter__(self) -> Iterator[RuleConversion]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __getitem__(self, index: int) -> RuleConversion:
        return self.rules[index]

    @property
    def failed(self) -> list[RuleConversion]:
        """The rules that did not convert."""
        return [r for r in self.rules if r.status != CONVERTED]

    @property
    def text(self) -> str:
        """The output as text: one query per rule separated by blank lines, or the single search."""
        if isinstance(self.output, str):
            return self.output
        return "\n\n".join(str(q) for q in self.output)


def convert(
    rules_or_paths: RuleInput | Iterable[RuleInput],
    target: str = "qradar",
    format: str = "query",
    pipelines: Sequence[str] = (),
    **options: Any,
) -> Conversion:
    """Convert Sigma rules for a target; one bad rule never stops the batch.

    Args:
        rules_or_paths: Rule files, directories, loaded rules, pySigma rules or collections.
        target: ``qradar`` (sigmaqr's AQL backend) or any installed pySigma backend identifier.
        format: The output format (for qradar: query, filter, union, combined).
        pipelines: Pipeline identifiers (``sigmaqr_legacy``, plugins') or pipeline YAML files.
        **options: Backend options, e.g. ``time_window="LAST 7 DAYS"``, ``conditional="if"``.

    Returns:
        The conversion: ``rules`` (each rule's status, queries and error) and ``output``.

    Raises:
        SigmaConfigurationError: Unknown target, format or pipeline, or a bad option value.
        RulePathError: A path does not exist.

    Example:
        >>> result = convert("sigma_rules/", format="filter")
        >>> result.rules[0].status
        'converted'
    """
    loaded = _load(rules_or_paths)
    format = target_format(target, format)
    products = {e.rule.logsource.product for e in loaded if isinstance(e.rule, SigmaRule)}
    backend = make_backend(target, pipelines, options, format, products)
    backend.init_processing_pipeline(format)
    fresh = {id(entry): copy.deepcopy(entry.rule) for entry in loaded if entry.ok and entry.rule}
    collection = SigmaCollection(list(fresh.values()))
    converted = {  # rules before the correlations that reference them
        key: _convert_one(backend, collection, fresh[key], entry, format)
        for entry in sorted(loaded, key=lambda e: isinstance(e.rule, SigmaCorrelationRule))
        if (key := id(entry)) in fresh
    }
    results = [
        converted.get(id(entry))
        or RuleConversion(entry.path, entry.rule, status=ERROR, error=entry.error)
        for entry in loaded
    ]
    queries = [q for r in results for q in r.queries]
    output = backend.finalize(queries, format) if queries else _empty_output(format)
    return Conversion(results, output, target, format)


def _load(inputs: RuleInput | Iterable[RuleInput]) -> list[LoadedRule]:
    if isinstance(inputs, (str, Path, SigmaRule, LoadedRule, SigmaCollection)) or not isinstance(
        inputs, Iterable
    ):
        inputs = [inputs]
    loaded: list[LoadedRule] = []
    for item in inputs:
        if isinstance(item, (str, Path)):
            loaded.extend(load_rules([item]))
        elif isinstance(item, LoadedRule):
            loaded.append(item)
        elif isinstance(item, SigmaCollection):
            loaded.extend(_from_rule(r) for r in item.rules)
        else:
            loaded.append(_from_rule(item))
    return loaded


def _from_rule(rule: AnyRule) -> LoadedRule:
    path = str(rule.source.path) if rule.source and rule.source.path else None
    return LoadedRule(path, rule)


def _convert_one(
    backend: Backend, collection: SigmaCollection, rule: AnyRule, entry: LoadedRule, fmt: str
) -> RuleConversion:
    try:
        if isinstance(rule, SigmaRule):
            queries = backend.convert_rule(rule, fmt)
        else:
            rule.resolve_rule_references(collection)
            queries = backend.convert_correlation_rule(rule, fmt)
    except _UNSUPPORTED_ERRORS as error:
        return RuleConversion(entry.path, rule, status=UNSUPPORTED, error=_reason(error))
    except Exception as error:  # one rule's bug never stops the batch
        return RuleConversion(entry.path, rule, status=ERROR, error=_reason(error))
    if not queries and rule._output:
        return RuleConversion(entry.path, rule, status=UNSUPPORTED, error=NO_QUERY)
    return RuleConversion(entry.path, rule, list(queries))


def _reason(error: BaseException) -> str:
    text = str(error.args[0]) if isinstance(error, SigmaError) and error.args else str(error)
    if isinstance(error, (SigmaError, NotImplementedError)):
        return text or type(error).__name__
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _empty_output(fmt: str) -> Any:
    return "" if fmt in ("union", "combined") else []
