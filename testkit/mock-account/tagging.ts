/** The Resource Groups Tagging API of the mocked account: GetResources pages at most 100 at a time over the
 * tagged resources of the Region matching the `service[:type]` filters. */

import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  type GetResourcesCommandInput,
  type GetResourcesCommandOutput,
  type ResourceTagMapping,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError, ec2Tags, lookup, type Out, paginate, regionOf, type Restorable, type TaggedResource } from './kit.js';

export function matches(resource: TaggedResource, filters: readonly string[]): boolean {
  return filters.some((filter) => {
    const [service, type] = filter.split(':');
    return resource.service === service && (type === undefined || resource.type === type);
  });
}

/** `tagged`: the tagged resources by Region; `taggedIn(region, filters)`: those matching the filters, in a stable order. */
export function mockTagging(tagged: ReadonlyMap<string, TaggedResource[]>, taggedIn: (region: string, filters: readonly string[]) => TaggedResource[]): Restorable[] {
  const tagging = mockClient(ResourceGroupsTaggingAPIClient);
  tagging.on(GetResourcesCommand).callsFake(async (input: GetResourcesCommandInput, getClient): Promise<Out<GetResourcesCommandOutput>> => {
    const region = await regionOf(getClient);
    const arns = input.ResourceARNList;
    if (arns !== undefined) {
      // By ARNs: no filters, no pagination, at most 100; an ARN the Region does not tag is simply absent.
      const combined = input.ResourceTypeFilters ?? input.TagFilters ?? input.PaginationToken ?? input.ResourcesPerPage ?? input.TagsPerPage;
      if (combined !== undefined) throw awsError('InvalidParameterException', 'ResourceARNList cannot be combined with filters or pagination parameters');
      if (arns.length === 0 || arns.length > 100) throw awsError('InvalidParameterException', `ResourceARNList takes 1 to 100 ARNs, got ${arns.length}`);
      const inRegion = tagged.get(region) ?? [];
      const found = [...new Set(arns)].flatMap((arn) => lookup(inRegion, (resource) => [resource.arn], arn) ?? []);
      return { ResourceTagMappingList: found.map((resource) => ({ ResourceARN: resource.arn, Tags: ec2Tags(resource.tags).map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })) })), PaginationToken: '' };
    }
    const filters = input.ResourceTypeFilters ?? [];
    const resources = filters.length === 0 ? (tagged.get(region) ?? []) : taggedIn(region, filters);
    const page = paginate(`GetResources:${region}:${[...filters].sort().join(',')}`, resources, input.PaginationToken, input.ResourcesPerPage, 100, 50);
    const mappings: ResourceTagMapping[] = page.items.map((resource) => ({ ResourceARN: resource.arn, Tags: ec2Tags(resource.tags).map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })) }));
    // The Tagging API ends a walk with an empty token, not an absent one.
    return { ResourceTagMappingList: mappings, PaginationToken: page.next ?? '' };
  });

  return [tagging];
}
