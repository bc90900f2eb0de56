"""Converting one unit of the corpus: the code each worker process runs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sigma.collection import SigmaCollection

from sigmaqr.api import RuleConversion, _convert_one
from sigmaqr.corpus.files import read_source
from sigmaqr.corpus.report import RuleLogSource, RuleOutcome
from sigmaqr.corpus.settings import Settings, UnitResult
from sigmaqr.corpus.units import Unit, unit_key
from sigmaqr.rules import LoadedRule, load_text
from sigmaqr.status import ERROR


class Converter:
    """Converts units with one backend, built once per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.backend = settings.backend()

    def convert(self, unit: Unit, texts: Sequence[str] | None = None) -> UnitResult:
        """Convert a unit's main file; never raises for a bad rule.

        Args:
            unit: The file and the files its correlations depend on.
            texts: The files' texts when already read (else they are read here).

        Returns:
            One outcome per rule of the main file, or one error for a file that fails.
        """
        try:
            texts = list(texts) if texts is not None else [read_source(p) for p in unit.paths]
            return UnitResult(unit.index, unit_key(texts), self._convert(unit, texts))
        except (Exception, SystemExit) as error:  # a crash costs this file only
            return UnitResult(unit.index, None, [crash_outcome(unit.main, error)])

    def _convert(self, unit: Unit, texts: Sequence[str]) -> list[RuleOutcome]:
        pairs = list(zip(unit.paths, texts, strict=True))
        depends = [entry for path, text in pairs[:-1] for entry in load_text(text, path)]
        entries = load_text(texts[-1], unit.main)
        collection = SigmaCollection([e.rule for e in (*depends, *entries) if e.ok and e.rule])
        for entry in depends:
            if entry.ok:
                self._convert_entry(collection, entry)
        return [self._safe_outcome(collection, entry) for entry in entries]

    def _safe_outcome(self, collection: SigmaCollection, entry: LoadedRule) -> RuleOutcome:
        try:
            return self._outcome(self._convert_entry(collection, entry), entry)
        except (Exception, SystemExit) as error:  # a crash costs this rule only
            title = str(getattr(entry.rule, "title", "") or "")
            return crash_outcome(entry.path or "", error, title)

    def _convert_entry(self, collection: SigmaCollection, entry: LoadedRule) -> RuleConversion:
        if not entry.ok or entry.rule is None:
            return RuleConversion(entry.path, entry.rule, status=ERROR, error=entry.error)
        return _convert_one(self.backend, collection, entry.rule, entry, self.settings.format)

    def _outcome(self, result: RuleConversion, entry: LoadedRule) -> RuleOutcome:
        logsource = getattr(entry.rule, "logsource", None)
        return RuleOutcome(
            path=entry.path or "",
            id=result.id,
            title=result.title,
            status=result.status,
            reason=result.error,
            query=self._query_text(result.queries) if result.queries else None,
            logsource=RuleLogSource(
                str(getattr(logsource, "product", None) or ""),
                str(getattr(logsource, "category", None) or ""),
                str(getattr(logsource, "service", None) or ""),
            ),
        )

    def _query_text(self, queries: list[Any]) -> str:
        output = self.backend.finalize(queries, self.settings.format)
        if isinstance(output, list):
            return "\n\n".join(str(query) for query in output)
        return str(output)


def crash_outcome(path: str, error: BaseException, title: str = "") -> RuleOutcome:
    """The outcome of a rule (or file) whose conversion raised.

    Args:
        path: The rule file.
        error: What was raised.
        title: The rule's title, when known.

    Returns:
        An ``error`` outcome naming the exception.
    """
    text = str(error)
    reason = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return RuleOutcome(path, title=title, status=ERROR, reason=reason)
