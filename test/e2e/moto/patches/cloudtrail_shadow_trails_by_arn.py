"""
GetTrail and GetEventSelectors find a multi-Region trail of another Region by its ARN.

AWS: both take "the name or the ARN" of the trail
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrail.html,
https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html); a
multi-Region trail is replicated to every Region as a shadow trail, which DescribeTrails lists
there (`includeShadowTrails`), and "to get ... a shadow trail (a replication of the trail in
another Region), you must specify its ARN"
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html).

moto 5.2 lists shadow trails and answers GetTrailStatus for them, but GetTrail and
GetEventSelectors look in the called Region only and answer TrailNotFoundException.
"""
from moto.cloudtrail.exceptions import TrailNotFoundException
from moto.cloudtrail.models import CloudTrailBackend, cloudtrail_backends


def apply():
    original = CloudTrailBackend.get_trail

    def get_trail(self, name_or_arn):
        try:
            return original(self, name_or_arn)
        except TrailNotFoundException:
            if not name_or_arn.startswith("arn:"):
                raise
            for backend in cloudtrail_backends[self.account_id].values():
                for trail in backend.trails.values():
                    if trail.arn == name_or_arn and trail.is_multi_region:
                        return trail
            raise

    CloudTrailBackend.get_trail = get_trail
