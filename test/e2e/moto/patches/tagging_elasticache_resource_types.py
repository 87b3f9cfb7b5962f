"""
The Tagging API's ElastiCache resource types are `elasticache:replicationgroup` and
`elasticache:cluster`.

AWS: GetResources' ResourceTypeFilters take `service[:resourceType]` as the service's ARNs name
them (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html);
ElastiCache's are `arn:aws:elasticache:REGION:ACCOUNT:replicationgroup:ID` and `…:cluster:ID`
(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticache.html#amazonelasticache-resources-for-iam-policies).

moto 5.2 names them `elasticache:replication-group` and `elasticache:cache_clusters`, so AWS's
filters match nothing.
"""
from tagging_walk import rename


def apply():
    rename({"elasticache:replicationgroup": "elasticache:replication-group", "elasticache:cluster": "elasticache:cache_clusters"})
