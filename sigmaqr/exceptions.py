"""Error types raised by sigmaqr, all pySigma errors so batches can collect them per rule."""

from __future__ import annotations

from sigma.exceptions import SigmaError, SigmaTransformationError


class SigmaQRError(SigmaError):
    """Base class of sigmaqr's own errors."""


class UnmappedFieldError(SigmaTransformationError):
    """A rule uses a field that the active QRadar field profile does not map."""


class UnsupportedLogsourceError(SigmaTransformationError):
    """A rule's log source has no QRadar log source type in the active pipelines."""


class SeverityError(SigmaQRError):
    """The rule's ``qradar.severity`` attribute is malformed."""


class UnresolvedPlaceholderError(SigmaTransformationError):
    """A ``|expand`` placeholder has no value in the pipeline variables."""
