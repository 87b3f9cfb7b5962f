/**
 * AWS Config "Configuration Item Change" events (source `aws.config`). A normal notification
 * carries the whole configuration item: it is validated by {@link normalizeItem} and evaluated as
 * is. An oversized one carries only a summary (no configuration): its resource is re-read. Items
 * of deleted or no-longer-recorded resources archive that resource's findings.
 */
import { GLOBAL_REGION, isGlobalType, isResourceType, type ResourceType } from '../../model/configuration-item.js';
import { InputError } from '../../model/input-error.js';
import { ItemError, normalizeItem, type NormalizeResult } from '../normalize.js';
import { ACCOUNT_ID, isRecord, type ChangeRequest, type EventEnvelope, type ResourceRef } from './change-request.js';

export const CONFIG_SOURCE = 'aws.config';
export const CONFIG_DETAIL_TYPE = 'Config Configuration Item Change';

const CHANGE = 'ConfigurationItemChangeNotification';
const OVERSIZED = 'OversizedConfigurationItemChangeNotification';

/**
 * The statuses {@link normalizeItem} treats as gone (it keeps its list private): the summary of an
 * oversized item is not a whole item, so it is classified here with the same list.
 */
const GONE_STATUSES: ReadonlySet<string> = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

/** The Region an item of `type` is recorded under: `global` for global types whatever the CI says. */
const regionOf = (type: ResourceType, awsRegion: string): string => (isGlobalType(type) ? GLOBAL_REGION : awsRegion);

function ignoredType(resourceType: string, origin: string): ChangeRequest {
  return { kind: 'ignored', reason: `${resourceType} is not a resource type gatewatch has rules for`, origin };
}

function fromItem(raw: unknown, origin: string): ChangeRequest {
  const path = 'detail.configurationItem';
  if (!isRecord(raw)) throw new InputError(`${path}: expected an object`);
  let result: NormalizeResult;
  try {
    result = normalizeItem(raw);
  } catch (error) {
    if (error instanceof ItemError) throw new InputError(`${path}.${error.field}: ${error.problem}`);
    throw error;
  }
  if (result.kind === 'item') {
    const { item } = result;
    return { kind: 'evaluate', accountId: item.awsAccountId, region: regionOf(item.resourceType, item.awsRegion), item, origin };
  }
  if (result.reason === 'unknown-type' || !isResourceType(result.resourceType)) return ignoredType(result.resourceType, origin);
  // normalizeItem validated the envelope: resourceId, awsAccountId and awsRegion are strings, ARN a string or absent.
  const type = result.resourceType;
  const arn = raw['ARN'];
  const resource: ResourceRef = { resourceType: type, resourceId: String(raw['resourceId']), ...(typeof arn === 'string' ? { arn } : {}) };
  return { kind: 'deleted', accountId: String(raw['awsAccountId']), region: regionOf(type, String(raw['awsRegion'])), resources: [resource], origin };
}

function requiredString(record: Readonly<Record<string, unknown>>, key: string, path: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '') throw new InputError(`${path}.${key}: expected a non-empty string`);
  return value;
}

function fromSummary(raw: unknown, origin: string): ChangeRequest {
  const path = 'detail.configurationItemSummary';
  if (!isRecord(raw)) throw new InputError(`${path}: expected an object`);
  const resourceType = requiredString(raw, 'resourceType', path);
  const resourceId = requiredString(raw, 'resourceId', path);
  const accountId = requiredString(raw, 'awsAccountId', path);
  if (!ACCOUNT_ID.test(accountId)) throw new InputError(`${path}.awsAccountId: expected a 12-digit account id`);
  const awsRegion = requiredString(raw, 'awsRegion', path);
  const arn = raw['ARN'];
  if (arn !== undefined && arn !== null && typeof arn !== 'string') throw new InputError(`${path}.ARN: expected a string or null`);
  const status = raw['configurationItemStatus'];
  if (status !== undefined && status !== null && typeof status !== 'string') throw new InputError(`${path}.configurationItemStatus: expected a string`);
  if (!isResourceType(resourceType)) return ignoredType(resourceType, origin);

  const resource: ResourceRef = { resourceType, resourceId, ...(typeof arn === 'string' ? { arn } : {}) };
  const region = regionOf(resourceType, awsRegion);
  const kind = typeof status === 'string' && GONE_STATUSES.has(status) ? 'deleted' : 'reread';
  return { kind, accountId, region, resources: [resource], origin };
}

/**
 * The change a Config "Configuration Item Change" event asks for.
 * @throws {InputError} naming the field (from `detail.`) when the detail is not of Config's shape.
 */
export function configChange(envelope: EventEnvelope): ChangeRequest {
  const messageType = envelope.detail['messageType'];
  if (typeof messageType !== 'string' || messageType === '') throw new InputError('detail.messageType: expected a non-empty string');
  const origin = `config:${messageType}`;
  switch (messageType) {
    case CHANGE:
      return fromItem(envelope.detail['configurationItem'], origin);
    case OVERSIZED:
      return fromSummary(envelope.detail['configurationItemSummary'], origin);
    default:
      return { kind: 'ignored', reason: `Config message type ${messageType} carries no configuration item`, origin };
  }
}
