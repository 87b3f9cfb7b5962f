"""
DescribeCacheClusters with ShowCacheNodeInfo lists each cluster's cache nodes, with the
Availability Zone each node runs in.

AWS: a CacheCluster carries `CacheNodes` — "a list of cache nodes that are members of the
cluster", each with its CacheNodeId, status, endpoint and `CustomerAvailabilityZone`, "the
Availability Zone where this node was created and now resides" — when ShowCacheNodeInfo is true
(https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheCluster.html,
https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html,
https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeCacheClusters.html).
A Memcached cluster created with AZMode cross-az places its nodes in the PreferredAvailabilityZones
given, in order (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheCluster.html).

moto 5.2 returns no CacheNodes at all (it returns them whether or not ShowCacheNodeInfo is set
after this patch; gatewatch always sets it).
"""
from moto.elasticache.models import CacheCluster


def _cache_nodes(self):
    region = self.arn.split(":")[3]
    zones = [zone for zone in (self.preferred_availability_zones or []) if zone]
    default = self.preferred_availability_zone or f"{region}a"
    nodes = []
    for index in range(int(self.num_cache_nodes or 1)):
        node_id = f"{index + 1:04d}"
        nodes.append(
            {
                "CacheNodeId": node_id,
                "CacheNodeStatus": "available",
                "CacheNodeCreateTime": self.cache_cluster_create_time,
                "Endpoint": {"Address": f"{self.cache_cluster_id}.{node_id}.{region}.cache.amazonaws.com", "Port": self.port},
                "ParameterGroupStatus": "in-sync",
                "CustomerAvailabilityZone": zones[index % len(zones)] if zones else default,
            }
        )
    return nodes


def apply():
    if "cache_nodes" not in vars(CacheCluster):
        CacheCluster.cache_nodes = property(_cache_nodes)
