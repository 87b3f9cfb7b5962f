"""
Every DB instance has a DbiResourceId of its own.

AWS: `DbiResourceId` is "the AWS Region-unique, immutable identifier for the DB instance"
(https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBInstance.html); AWS Config keys
AWS::RDS::DBInstance by it (its resourceId), and so does gatewatch.

moto 5.2 gives every DB instance the same constant, db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U.
"""
import string

from moto.moto_api._internal import mock_random as random
from moto.rds.models import DBInstance


def apply():
    original = DBInstance.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.dbi_resource_id = "db-" + "".join(random.choice(string.ascii_uppercase + string.digits) for _ in range(26))

    DBInstance.__init__ = __init__
