/**
 * AWS Config "Configuration Item Change" events (source `aws.config`). A normal notification
 * carries the whole configuration item: it is validated by {@link normalizeItem} and evaluated as
 * is. An oversized one carries only a summary (no configuration): its resource is re-read. Items
 * of deleted or no-longer-recorded resources archive that resource's findings.
 *
 * The item's own envelope is checked against the event's before anything is done with it: the
 * item's account must be the account the event came from (EventBridge sets `account`; forwarding
 * from a member account keeps it), its Region a Region name — `global` only for a global type —
 * and its id not blank. Anything else is `rejected` naming the field, never retried.
 */
import { GLOBAL_REGION, isGlobalType, isResourceType, type ResourceType } from '../../model/configuration-item.js';
import { InputError } from '../../model/input-error.js';
import { ItemError, normalizeItem, type NormalizeResult } from '../normalize.js';
import { ACCOUNT_ID, REGION_NAME, isRecord, shown, type ChangeRequest, type EventEnvelope, type ResourceRef } from './change-request.js';

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

/** What an item (or an oversized item's summary) says of where it lives, checked against the event. */
interface ItemOrigin {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly accountId: string;
  readonly awsRegion: string;
}

/**
 * Checks an item's account, Region and id against the event that carried it.
 * @throws {InputError} naming the field (under `path`), what was expected and what came.
 */
function checkOrigin(path: string, origin: ItemOrigin, envelope: EventEnvelope): void {
  const { resourceType, resourceId, accountId, awsRegion } = origin;
  if (accountId !== envelope.account) {
    throw new InputError(`${path}.awsAccountId: ${accountId} is not the event's account ${envelope.account}: Config sends an account's items only from that account`);
  }
  const global = isResourceType(resourceType) ? isGlobalType(resourceType) : undefined;
  if (awsRegion === GLOBAL_REGION) {
    if (global === false) throw new InputError(`${path}.awsRegion: "global" is only for global types (IAM, CloudFront), and ${resourceType} is regional: expected a Region name such as eu-west-1`);
  } else if (!REGION_NAME.test(awsRegion)) {
    throw new InputError(`${path}.awsRegion: expected a Region name such as eu-west-1${global === false ? '' : ' (or "global" for a global type)'}, got ${shown(awsRegion)}`);
  }
  if (resourceId.trim() === '') throw new InputError(`${path}.resourceId: expected a non-blank id, got ${shown(resourceId)}`);
}

function fromItem(raw: unknown, origin: string, envelope: EventEnvelope): ChangeRequest {
  const path = 'detail.configurationItem';
  if (!isRecord(raw)) throw new InputError(`${path}: expected an object`);
  let result: NormalizeResult;
  try {
    result = normalizeItem(raw);
  } catch (error) {
    if (error instanceof ItemError) throw new InputError(`${path}.${error.field}: ${error.problem}`);
    throw error;
  }
  // normalizeItem validated the envelope: resourceType, resourceId, awsAccountId and awsRegion are non-empty strings.
  checkOrigin(
    path,
    { resourceType: String(raw['resourceType']), resourceId: String(raw['resourceId']), accountId: String(raw['awsAccountId']), awsRegion: String(raw['awsRegion']) },
    envelope,
  );
  if (result.kind === 'item') {
    const { item } = result;
    return { kind: 'evaluate', accountId: item.awsAccountId, region: regionOf(item.resourceType, item.awsRegion), item, origin };
  }
  if (result.reason === 'unknown-type' || !isResourceType(result.resourceType)) return ignoredType(result.resourceType, origin);
  // The ARN, validated by normalizeItem, is a string or absent.
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

function fromSummary(raw: unknown, origin: string, envelope: EventEnvelope): ChangeRequest {
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
  checkOrigin(path, { resourceType, resourceId, accountId, awsRegion }, envelope);
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
      return fromItem(envelope.detail['configurationItem'], origin, envelope);
    case OVERSIZED:
      return fromSummary(envelope.detail['configurationItemSummary'], origin, envelope);
    default:
      return { kind: 'ignored', reason: `Config message type ${messageType} carries no configuration item`, origin };
  }
}
