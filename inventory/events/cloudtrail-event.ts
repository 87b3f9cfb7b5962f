/**
 * "AWS API Call via CloudTrail" events into change requests: the call read (cloudtrail-call.ts),
 * looked up in the call table (call-table.ts), and its row applied — the resources it names
 * re-read, or the gates that read the fact it changed re-scanned.
 */
import { isGlobalType, isResourceType } from '../../model/configuration-item.js';
import type { ChangedResource } from '../../model/resource-types/calls.js';
import { InputError } from '../../model/input-error.js';
import { ALL_REGIONS, shown, type ChangeRequest, type EventEnvelope, type ResourceRef } from './change-request.js';
import { callDetail, readCall } from './cloudtrail-call.js';
import { callRow } from './call-table.js';

// The table, for the packaged template's check (test/package/service-template.check.ts) and the rule generator.
export { CLOUDTRAIL_CALLS, callRow } from './call-table.js';

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** A reader's resource as a ref; a type no description has is a bug in the reader. */
function refOf(resource: ChangedResource): ResourceRef {
  const { resourceType } = resource;
  if (!isResourceType(resourceType)) throw new Error(`a CloudTrail reader named ${resourceType}, which is no described resource type`);
  return { ...resource, resourceType };
}

/** Each resource once (a call may name one twice: CreateTags on `i-1 i-1`, an ARN list with repeats). */
function distinct(refs: readonly ResourceRef[]): readonly ResourceRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.resourceType} ${ref.resourceId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function regionOfRefs(refs: readonly ResourceRef[], region: string): string {
  return refs.every((ref) => isGlobalType(ref.resourceType)) ? 'global' : region;
}

/** CloudTrail's eventTime (`2026-03-02T10:15:30Z`), as an ISO 8601 time. */
function eventTime(detail: Readonly<Record<string, unknown>>): string {
  const value = detail['eventTime'];
  const time = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new InputError(`detail.eventTime: expected a UTC time such as 2026-03-02T10:15:30Z, got ${shown(value)}`);
  return new Date(time).toISOString();
}

/**
 * The change an "AWS API Call via CloudTrail" event asks for.
 * @throws {InputError} naming the field (from `detail.`) when the detail is not of CloudTrail's
 * shape, or a mapped call lacks the field that names its resource.
 */
export function cloudTrailChange(envelope: EventEnvelope): ChangeRequest {
  const call = readCall(envelope);
  const { detail, eventName, service, region, accountId } = call;
  const origin = `cloudtrail:${service}:${eventName}`;

  const errorCode = detail['errorCode'];
  if (errorCode !== undefined && errorCode !== null) {
    return { kind: 'ignored', reason: `the call failed (${typeof errorCode === 'string' ? errorCode : JSON.stringify(errorCode)}): nothing changed`, origin };
  }
  if (detail['readOnly'] === true) return { kind: 'ignored', reason: `${service}:${eventName} is a read-only call`, origin };
  const row = callRow(call.eventSource, eventName);
  if (row === undefined) return { kind: 'ignored', reason: `no gatewatch rule depends on ${service}:${eventName}`, origin };

  const { effect } = row;
  if (effect.kind === 'rescan') {
    const regions = effect.scope === 'region' ? [region] : effect.scope === 'global' ? ['global'] : [ALL_REGIONS];
    if (effect.credentials !== true) return { kind: 'rescan', accountId, regions, gates: effect.gates, origin };
    return { kind: 'rescan', accountId, regions, gates: effect.gates, origin, credentialsChangedAt: eventTime(detail) };
  }
  const reader = callDetail(call);
  const reading = effect.read(reader);
  if ('ignored' in reading) return { kind: 'ignored', reason: reading.ignored, origin };
  const resources = distinct(reading.map(refOf));
  return { kind: 'reread', accountId, region: effect.region?.(reader) ?? regionOfRefs(resources, region), resources, origin };
}
