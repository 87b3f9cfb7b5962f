"""
The Tagging API lists tagged OpenSearch Service domains (`es:domain`).

AWS: GetResources returns tagged resources of the services that support the Tagging API, filtered
by `service[:resourceType]`
(https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html);
an OpenSearch Service domain is `arn:aws:es:REGION:ACCOUNT:domain/NAME`
(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonopensearchservice.html#amazonopensearchservice-resources-for-iam-policies).

moto 5.2's walk has no OpenSearch domains.
"""
from moto.opensearch.models import opensearch_backends
from tagging_walk import extra


def _domains(tagging):
    backend = opensearch_backends[tagging.account_id][tagging.region_name]
    for domain in backend.domains.values():
        yield domain.arn, backend.list_tags(domain.arn)


def apply():
    extra("es", "domain", _domains)
