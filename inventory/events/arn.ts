/**
 * The resource an ARN or a bare id names, among the types gatewatch describes, with the collector's
 * id: derived from the descriptions' ARN formats (model/resource-types/). DB instances and clusters
 * are named by their identifier and IAM resources by their name, the ARN attached: their collector
 * ids (DbiResourceId, unique ids) are in no ARN.
 */
import { isResourceType, type ResourceType } from '../../model/configuration-item.js';
import { matchArn, parseArn, type ArnFormat, type ArnScope } from '../../model/resource-types/arn.js';
import { describedTypes } from '../../model/resource-types/index.js';
import type { ResourceRef } from './change-request.js';

const FORMATS: readonly (readonly [ResourceType, ArnFormat])[] = describedTypes().flatMap(([type, description]) =>
  description.arn !== undefined && isResourceType(type) ? [[type, description.arn] as const] : [],
);

/** The described resource an ARN names; `undefined` for an ARN of a type gatewatch has no rule for (or no ARN). */
export function resourceOfArn(value: string): ResourceRef | undefined {
  const arn = parseArn(value);
  if (arn === undefined) return undefined;
  for (const [resourceType, format] of FORMATS) {
    const found = matchArn(format, value, arn);
    if (found !== undefined) return { resourceType, resourceId: found.resourceId, arn: found.arn };
  }
  return undefined;
}

/** The resource of `service` a bare id names by its prefix (`i-…`, `vol-…`, `fs-…`), with the ARN the collectors give it in `scope`. */
export function refOfId(service: string, id: string, scope: ArnScope): ResourceRef | undefined {
  for (const [resourceType, format] of FORMATS) {
    if (format.service !== service || format.idPrefix === undefined || format.build === undefined || !id.startsWith(format.idPrefix)) continue;
    return { resourceType, resourceId: id, arn: format.build(scope, id) };
  }
  return undefined;
}
