"""
The Tagging API lists tagged Kinesis data streams (`kinesis:stream`).

AWS: GetResources returns tagged resources of the services that support the Tagging API, filtered
by `service[:resourceType]`
(https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html);
a data stream is `arn:aws:kinesis:REGION:ACCOUNT:stream/NAME`
(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html#amazonkinesis-resources-for-iam-policies).

moto 5.2's walk has no Kinesis streams.
"""
from moto.kinesis.models import kinesis_backends
from tagging_walk import extra


def _streams(tagging):
    backend = kinesis_backends[tagging.account_id][tagging.region_name]
    for stream in backend.streams.values():
        yield stream.arn, [{"Key": key, "Value": value} for key, value in stream.tags.items()]


def apply():
    extra("kinesis", "stream", _streams)
