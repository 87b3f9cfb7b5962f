"""
ListDistributions' summaries carry the distribution's configuration.

AWS: a DistributionSummary holds, beside Id, ARN, Status and DomainName, the configuration's
Aliases, Origins, OriginGroups, DefaultCacheBehavior (with its ViewerProtocolPolicy),
CacheBehaviors, CustomErrorResponses, Comment, PriceClass, Enabled, ViewerCertificate,
Restrictions, WebACLId, HttpVersion, IsIPV6Enabled and Staging — all required members
(https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionSummary.html,
https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ListDistributions.html).

moto 5.2 serialises its distribution object for the summary, which keeps that configuration in a
nested DistributionConfig: the summary comes out without cache behaviors, origins or comment.
"""
from moto.cloudfront.models import Distribution

_FROM_CONFIG = (
    "Aliases",
    "Origins",
    "OriginGroups",
    "DefaultCacheBehavior",
    "CacheBehaviors",
    "CustomErrorResponses",
    "Comment",
    "PriceClass",
    "Enabled",
    "ViewerCertificate",
    "Restrictions",
    "WebACLId",
    "HttpVersion",
    "IsIPV6Enabled",
)


def _from_config(name):
    return property(lambda self: getattr(self.distribution_config, name, None))


def apply():
    for name in _FROM_CONFIG:
        if name not in vars(Distribution):
            setattr(Distribution, name, _from_config(name))
    if "Staging" not in vars(Distribution):
        Distribution.Staging = property(lambda self: bool(getattr(self.distribution_config, "Staging", False)))
