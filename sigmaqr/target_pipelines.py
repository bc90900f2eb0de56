"""The pipelines each non-QRadar target needs, per Sigma product, applied when none are named.

Other pySigma backends convert nothing useful without a pipeline that maps Sigma's Windows field
names and log sources onto their data model (Splunk's Windows sources, Elastic Common Schema,
Microsoft Defender XDR tables). The table below is the choice sigmaqr makes when the user names
no pipeline; naming any pipeline (``-p``) replaces it.
"""

from __future__ import annotations

from collections.abc import Iterable

TARGET_PIPELINES: dict[str, dict[str, tuple[str, ...]]] = {
    "splunk": {"windows": ("splunk_windows",)},
    "splunk_spl2": {"windows": ("splunk_windows",)},
    "lucene": {"windows": ("ecs_windows",)},
    "eql": {"windows": ("ecs_windows",)},
    "esql": {"windows": ("ecs_windows",)},
    "elastalert": {"windows": ("ecs_windows",)},
    "opensearch": {"windows": ("ecs_windows",)},
    "kusto": {"windows": ("microsoft_xdr",)},
}
"""target identifier -> Sigma ``logsource.product`` -> pipeline identifiers, in order."""


def auto_pipelines(target: str, products: Iterable[str | None] | None = None) -> tuple[str, ...]:
    """Return the pipelines sigmaqr applies for a target when the user names none.

    Args:
        target: The backend identifier (``splunk``, ``lucene``, ``kusto``, ...).
        products: The Sigma products of the rules being converted; all of the target's
            products when None.

    Returns:
        Pipeline identifiers, each once, in table order (empty for unknown targets and qradar).
    """
    table = TARGET_PIPELINES.get(target, {})
    wanted = set(table) if products is None else {p for p in products if p}
    chosen: list[str] = []
    for product, names in table.items():
        if product in wanted:
            chosen.extend(n for n in names if n not in chosen)
    return tuple(chosen)
