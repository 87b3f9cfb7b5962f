"""
The Tagging API lists tagged RDS DB subnet groups (`rds:subgrp`).

AWS: GetResources returns the tagged resources of every service that supports the Tagging API,
RDS included, filtered by `service[:resourceType]`
(https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html);
a DB subnet group is `arn:aws:rds:REGION:ACCOUNT:subgrp:NAME`
(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html#amazonrds-resources-for-iam-policies).

moto 5.2 walks RDS clusters, instances, snapshots and proxies, but not subnet groups.
"""
from moto.rds.models import rds_backends
from tagging_walk import extra


def _subnet_groups(tagging):
    backend = rds_backends[tagging.account_id][tagging.region_name]
    for group in backend.subnet_groups.values():
        yield group.arn, [{"Key": tag["Key"], "Value": tag["Value"]} for tag in group.get_tags()]


def apply():
    extra("rds", "subgrp", _subnet_groups)
