"""
ListBuckets names each bucket's Region when the request carries a parameter.

AWS: a Bucket of ListBuckets has `BucketRegion`, "the AWS Region where the bucket is located",
included "if the request contains at least one valid parameter" (max-buckets, continuation-token,
prefix, bucket-region) (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Bucket.html,
https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html).

moto 5.2 never returns it, so a client must ask GetBucketLocation for every bucket.
"""
from moto.core.responses import ActionResult
from moto.s3.responses import S3Response

_PARAMETERS = ("max-buckets", "continuation-token", "prefix", "bucket-region")


def apply():
    original = S3Response.all_buckets

    def all_buckets(self):
        if not any(self._get_param(name) is not None for name in _PARAMETERS):
            return original(self)
        self.data["Action"] = "ListAllMyBuckets"
        self._authenticate_and_authorize_s3_action()
        listed = self.backend.list_buckets(prefix=self._get_param("prefix"), bucket_region=self._get_param("bucket-region"), max_buckets=self._get_param("max-buckets"))
        buckets = [{"Name": bucket.name, "CreationDate": bucket.creation_date_ISO8601, "BucketRegion": bucket.region_name} for bucket in listed]
        self.data["Action"] = "ListBuckets"
        return self.serialized(ActionResult({"Owner": {"ID": "bcaf1ffd86f41161ca5fb16fd081034f", "DisplayName": "webfile"}, "Buckets": buckets}))

    S3Response.all_buckets = all_buckets
