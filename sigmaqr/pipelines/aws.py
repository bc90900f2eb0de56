"""The AWS pipeline: CloudTrail through QRadar's Amazon AWS CloudTrail DSM (347).

CloudTrail records are JSON; each Sigma field is its JSON path. QRadar ships no custom
properties for most of them: the names below are sigmaqr's, in the style of IBM's content
extensions (title case, spaces), to be defined as JSON custom properties on log source type 347.
``sourceIPAddress`` stays a text property: it also holds service names (``AWS Internal``).
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

AWS_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("aws", None, "cloudtrail"): ls("AmazonAWSCloudTrail"),
    ("aws", None, "guardduty"): ls("AmazonGuardDuty"),
}

AWS_FIELDS: dict[str, str] = {
    "eventName": "Event Name",
    "eventSource": "Event Source",
    "eventType": "Event Type",
    "eventCategory": "Event Category",
    "awsRegion": "AWS Region",
    "recipientAccountId": "Recipient Account ID",
    "errorCode": "Error Code",
    "errorMessage": "Error Message",
    "status": "Status",
    "userAgent": "User Agent",
    "sourceIPAddress": "Source IP Address",
    "userIdentity.type": "User Identity Type",
    "userIdentity.arn": "User Identity ARN",
    "userIdentity.accountId": "User Identity Account ID",
    "userIdentity.principalId": "User Identity Principal ID",
    "userIdentity.userName": "username",
    "userIdentity.invokedBy": "User Identity Invoked By",
    "userIdentity.sessionContext.sessionIssuer.type": "Session Issuer Type",
    "userIdentity.sessionContext.sessionIssuer.userName": "Session Issuer Username",
    "additionalEventData.MFAUsed": "MFA Used",
    "requestParameters": "Request Parameters",
    "requestParameters.attribute": "Request Attribute",
    "requestParameters.enable": "Request Enable",
    "requestParameters.layers": "Request Layers",
    "requestParameters.userData": "Request User Data",
    "requestParameters.containerDefinitions.command": "Request Container Command",
    "requestParameters.ipPermissions.items.ipRanges.items.cidrIP": "Request CIDR IP",
    "requestParameters.ipPermissions.items.ipRanges.items.fromPort": "Request From Port",
    "responseElements": "Response Elements",
    "responseElements.ConsoleLogin": "Console Login Result",
    "responseElements.publiclyAccessible": "Publicly Accessible",
    "responseElements.pendingModifiedValues.masterUserPassword": "Pending Master User Password",
    "terminatingRuleId": "Terminating Rule ID",
}


AWS_FAMILY = Family("aws", "AWS", AWS_LOGSOURCES, AWS_FIELDS)


def qradar_aws_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map AWS rules onto QRadar's CloudTrail log source type (347) and JSON properties.

    Args:
        profile: The property-name profile (AWS names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(AWS_FAMILY, profile)
