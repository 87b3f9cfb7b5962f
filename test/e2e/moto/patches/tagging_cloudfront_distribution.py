"""
The Tagging API's CloudFront distribution type is `cloudfront:distribution`.

AWS: GetResources filters by `service[:resourceType]` as the ARN names it
(https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html);
a distribution is `arn:aws:cloudfront::ACCOUNT:distribution/ID`
(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudfront.html#amazoncloudfront-resources-for-iam-policies),
served by the Tagging API in us-east-1.

moto 5.2 matches `cloudfront:distributions` (plural) instead.
"""
from tagging_walk import rename


def apply():
    rename({"cloudfront:distribution": "cloudfront:distributions"})
