"""The Azure pipeline: activity logs (Azure platform, 413) and Entra ID / Azure AD logs (445).

Sign-in, audit, risk-detection and PIM records come through the Microsoft Azure Active Directory
DSM; activity logs through the Microsoft Azure Platform DSM. Field names are JSON paths (and
their Log Analytics column spellings); the property names are sigmaqr's, IBM style.
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

AZURE_AD = "MicrosoftAzureActiveDirectory"

AZURE_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("azure", None, "activitylogs"): ls("MicrosoftAzure"),
    ("azure", None, "auditlogs"): ls(AZURE_AD),
    ("azure", None, "signinlogs"): ls(AZURE_AD),
    ("azure", None, "riskdetection"): ls(AZURE_AD),
    ("azure", None, "pim"): ls(AZURE_AD),
    ("azure", None, "microsoft365portal"): ls(AZURE_AD),
}

AZURE_FIELDS: dict[str, str] = {
    # Activity logs
    "operationName": "Operation Name",
    "OperationName": "Operation Name",
    "OperationNameValue": "Operation Name",
    "CategoryValue": "Category Value",
    "ResourceProviderValue": "Resource Provider",
    "ResourceId": "Resource ID",
    "properties.message": "Properties Message",
    # Audit logs
    "Category": "Audit Category",
    "category": "Audit Category",
    "ActivityDisplayName": "Activity Display Name",
    "ActivityType": "Activity Type",
    "activityType": "Activity Type",
    "ActivityDetails": "Activity Details",
    "LoggedByService": "Logged By Service",
    "Status": "Status",
    "properties.result": "Result",
    "failure_status_reason": "Failure Status Reason",
    "Initiatedby": "Initiated By",
    "Target": "Target",
    "TargetResources": "Target Resources",
    "properties.targetResources": "Target Resources",
    "targetResources.type": "Target Resource Type",
    "TargetResources.modifiedProperties": "Modified Properties",
    "TargetResources.modifiedProperties.newValue": "Modified Property New Value",
    "TargetResources.ModifiedProperties.NewValue": "Modified Property New Value",
    "TargetResources.ModifiedProperties.DisplayName": "Modified Property Name",
    "ConsentContext.IsAdminConsent": "Is Admin Consent",
    "additionalDetails.additionalInfo": "Additional Info",
    # Sign-in logs
    "ResultType": "Result Type",
    "ResultDescription": "Result Description",
    "Resultdescription": "Result Description",
    "AuthenticationRequirement": "Authentication Requirement",
    "conditionalAccessStatus": "Conditional Access Status",
    "ClientApp": "Client App",
    "AppDisplayName": "App Display Name",
    "ResourceDisplayName": "Resource Display Name",
    "DeviceDetail.deviceId": "Device ID",
    "DeviceDetail.isCompliant": "Device Is Compliant",
    "DeviceDetail.trusttype": "Device Trust Type",
    "NetworkLocationDetails": "Network Location Details",
    "RiskState": "Risk State",
    "userAgent": "User Agent",
    "Username": "username",
    "UserPrincipalName": "username",
    "IPAddress": "sourceip",
    # Risk detections and PIM alerts
    "riskEventType": "Risk Event Type",
}


AZURE_FAMILY = Family("azure", "Azure", AZURE_LOGSOURCES, AZURE_FIELDS)


def qradar_azure_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map Azure rules onto QRadar's Azure platform (413) and Azure AD (445) log source types.

    Args:
        profile: The property-name profile (Azure names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(AZURE_FAMILY, profile)
