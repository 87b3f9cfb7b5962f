"""
The DB instances of an Aurora cluster get no automated DB snapshots of their own: Aurora backs up
the cluster volume, as DB cluster snapshots.

AWS: "Aurora backs up your cluster volume automatically and retains restore data for the length of
the backup retention period ... you can take a snapshot of the data in your cluster volume"
(https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html);
a DB cluster snapshot backs up "the entire DB cluster"
(https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_CreateSnapshotCluster.html).

moto 5.2 creates an automated DB snapshot (`rds:<instance>-<time>`) for every DB instance it
creates, cluster members included, beside the cluster's own automated cluster snapshot.
"""
from moto.rds.models import DBInstanceClustered


def apply():
    DBInstanceClustered.save_automated_backup = lambda self: None
