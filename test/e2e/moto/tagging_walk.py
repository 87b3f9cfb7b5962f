"""
Shared by the tagging_* patches of patches/ (a helper beside them, not a patch: the launcher applies every module of that folder).

Wraps the Resource Groups Tagging API backend's resource walk: `rename` maps AWS's
`service:resourceType` filters to the names moto's walk knows; `extra` adds the resources of a
type moto's walk does not serve at all.
"""
from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend


def wanted(resource_type_filters, service, resource_type):
    """Whether GetResources' filters select `service:resource_type` (no filter selects everything)."""
    if not resource_type_filters:
        return True
    return service in resource_type_filters or f"{service}:{resource_type}" in resource_type_filters


def tag_filter_matches(tag_filters, tags):
    """GetResources' TagFilters: every filter's key present, with one of its values if it lists any."""
    for tag_filter in tag_filters or []:
        values = tag_filter.get("Values") or []
        if not any(tag["Key"] == tag_filter["Key"] and (not values or tag["Value"] in values) for tag in tags):
            return False
    return True


def rename(aliases):
    original = ResourceGroupsTaggingAPIBackend._get_resources_generator

    def generator(self, tag_filters=None, resource_type_filters=None):
        filters = resource_type_filters
        if filters:
            filters = list(filters) + [aliases[name] for name in filters if name in aliases]
        return original(self, tag_filters=tag_filters, resource_type_filters=filters)

    ResourceGroupsTaggingAPIBackend._get_resources_generator = generator


def extra(service, resource_type, resources):
    """`resources(backend)` yields (arn, [{Key, Value}]) of the type moto's walk leaves out."""
    original = ResourceGroupsTaggingAPIBackend._get_resources_generator

    def generator(self, tag_filters=None, resource_type_filters=None):
        yield from original(self, tag_filters=tag_filters, resource_type_filters=resource_type_filters)
        if not wanted(resource_type_filters, service, resource_type):
            return
        for arn, tags in resources(self):
            # The Tagging API lists tagged resources only.
            if tags and tag_filter_matches(tag_filters, tags):
                yield {"ResourceARN": arn, "Tags": tags}

    ResourceGroupsTaggingAPIBackend._get_resources_generator = generator
