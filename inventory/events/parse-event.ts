/**
 * The event adapter of resource-change: one EventBridge event in, one {@link ChangeRequest} out.
 * Checks the envelope, then dispatches on `source` / `detail-type` to the Config or the CloudTrail
 * parser. Pure: no AWS call, no logging; a malformed event is a `rejected` request naming the
 * field, never an exception.
 */
import { InputError } from '../../model/input-error.js';
import { ACCOUNT_ID, REGION_NAME, isRecord, shown, type ChangeRequest, type EventEnvelope } from './change-request.js';
import { CLOUDTRAIL_DETAIL_TYPE, cloudTrailChange } from './cloudtrail-event.js';
import { CONFIG_DETAIL_TYPE, CONFIG_SOURCE, configChange } from './config-event.js';

function envelopeText(event: Readonly<Record<string, unknown>>, key: string): string {
  const value = event[key];
  if (typeof value !== 'string' || value === '') throw new InputError(`${key}: expected a non-empty string`);
  return value;
}

function readEnvelope(event: unknown): EventEnvelope {
  if (!isRecord(event)) throw new InputError('(event): expected an EventBridge event object');
  const detailType = envelopeText(event, 'detail-type');
  const source = envelopeText(event, 'source');
  const account = envelopeText(event, 'account');
  if (!ACCOUNT_ID.test(account)) throw new InputError('account: expected a 12-digit account id');
  const region = envelopeText(event, 'region');
  // EventBridge delivers in a Region; never `global`, never a path.
  if (!REGION_NAME.test(region)) throw new InputError(`region: expected a Region name such as eu-west-1, got ${shown(region)}`);
  const detail = event['detail'];
  if (!isRecord(detail)) throw new InputError('detail: expected an object');
  return { detailType, source, account, region, detail };
}

/**
 * What an EventBridge event asks of gatewatch: AWS Config "Config Configuration Item Change"
 * events and "AWS API Call via CloudTrail" events are translated; any other well-formed event is
 * `ignored`; an event that is not of the shape its type promises is `rejected`, the reason naming
 * the field path and what was expected.
 */
export function parseChangeEvent(event: unknown): ChangeRequest {
  try {
    const envelope = readEnvelope(event);
    if (envelope.detailType === CONFIG_DETAIL_TYPE && envelope.source === CONFIG_SOURCE) return configChange(envelope);
    if (envelope.detailType === CLOUDTRAIL_DETAIL_TYPE && envelope.source.startsWith('aws.')) return cloudTrailChange(envelope);
    return {
      kind: 'ignored',
      reason: `"${envelope.detailType}" events from ${envelope.source} are not events gatewatch handles`,
      origin: `event:${envelope.source}:${envelope.detailType}`,
    };
  } catch (error) {
    if (error instanceof InputError) return { kind: 'rejected', reason: error.message };
    throw error;
  }
}
