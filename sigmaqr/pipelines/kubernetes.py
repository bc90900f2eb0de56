"""The Kubernetes pipeline: API server audit logs (Kubernetes Auditing 446, EKS 502, OpenShift 504).

Field names are audit-event JSON paths; property names are sigmaqr's, IBM style.
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

KUBERNETES_TYPES = ("KubernetesAuditing", "AmazonAWSKubernetes", "RedhatKubernetes")

KUBERNETES_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("kubernetes", "application", "audit"): ls(KUBERNETES_TYPES),
    ("kubernetes", None, "audit"): ls(KUBERNETES_TYPES),
}

KUBERNETES_FIELDS: dict[str, str] = {
    "verb": "Verb",
    "apiGroup": "Object API Group",
    "objectRef.apiGroup": "Object API Group",
    "objectRef.resource": "Object Resource",
    "objectRef.subresource": "Object Subresource",
    "objectRef.namespace": "Object Namespace",
    "objectRef.name": "Object Name",
    "responseStatus.code": "Response Status Code",
    "requestURI": "Request URI",
    "userAgent": "User Agent",
    "user.username": "username",
    "sourceIPs": "sourceip",
    "hostPath": "Host Path",
    "capabilities": "Capabilities",
}


KUBERNETES_FAMILY = Family("kubernetes", "Kubernetes", KUBERNETES_LOGSOURCES, KUBERNETES_FIELDS)


def qradar_kubernetes_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map Kubernetes audit rules onto QRadar's Kubernetes log source types.

    Args:
        profile: The property-name profile (the names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(KUBERNETES_FAMILY, profile)
