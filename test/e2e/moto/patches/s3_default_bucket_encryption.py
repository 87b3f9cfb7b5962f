"""
Every S3 bucket has default encryption: SSE-S3 unless another is configured.

AWS: "All Amazon S3 buckets have encryption configured by default ... Amazon S3 managed keys
(SSE-S3)"; deleting a bucket's default encryption returns it to SSE-S3
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html,
https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketEncryption.html), and
GetBucketEncryption returns that configuration
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html).

moto 5.2 answers ServerSideEncryptionConfigurationNotFoundError for a bucket whose encryption
was never put, as S3 did before January 2023.
"""
from moto.s3.models import S3Backend

_SSE_S3 = {"Rule": {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": "false"}}


def apply():
    original = S3Backend.get_bucket_encryption

    def get_bucket_encryption(self, bucket_name):
        return original(self, bucket_name) or _SSE_S3

    S3Backend.get_bucket_encryption = get_bucket_encryption
