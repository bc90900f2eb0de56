"""sigmaqr: detection-as-code for IBM QRadar."""

__version__ = "0.1.0"
