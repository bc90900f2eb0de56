"""pySigma plugin shim: makes ``sigma convert -t sigmaqr`` find the QRadar AQL backend."""

from sigmaqr.backend import QRadarAQLBackend

__all__ = ["QRadarAQLBackend", "backends"]

backends = {"sigmaqr": QRadarAQLBackend}  # informational: pySigma uses QRadarAQLBackend.identifier
