"""pySigma plugin shim: the QRadar mapping pipelines (``-p sigmaqr``, ``-p sigmaqr_legacy``)."""

from sigmaqr.pipelines import qradar_legacy_pipeline, qradar_pipeline

__all__ = ["pipelines"]

pipelines = {
    "sigmaqr": qradar_pipeline,
    "sigmaqr_legacy": qradar_legacy_pipeline,
}
