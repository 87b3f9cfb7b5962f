"""
Redshift clusters report `MultiAZ`, and CreateCluster takes it.

AWS: CreateCluster has a `MultiAZ` parameter ("If true, Amazon Redshift will deploy the cluster in
two Availability Zones", https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html)
and every Cluster of DescribeClusters carries `MultiAZ` ("indicates that the cluster is deployed in
two Availability Zones", https://docs.aws.amazon.com/redshift/latest/APIReference/API_Cluster.html),
`Enabled` or `Disabled`.

moto 5.2 ignores the parameter and leaves the field out.
"""
from moto.redshift.models import Cluster
from moto.redshift.responses import RedshiftResponse


def apply():
    Cluster.multi_az = "Disabled"
    original = RedshiftResponse.create_cluster

    def create_cluster(self):
        result = original(self)
        if self._get_bool_param("MultiAZ", False):
            self.redshift_backend.clusters[self._get_param("ClusterIdentifier")].multi_az = "Enabled"
        return result

    RedshiftResponse.create_cluster = create_cluster
