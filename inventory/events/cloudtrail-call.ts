/**
 * The "AWS API Call via CloudTrail" detail, checked: the fields every call has (event source and
 * name, Region, account), and the {@link CallDetail} a re-read row's reader works from — accessors
 * that reject a malformed event with the path of the field (from `detail.`) and the call's name.
 */
import type { CallDetail, Path, Reading } from '../../model/resource-types/calls.js';
import { partitionOf } from '../../model/resource-types/arn.js';
import { InputError } from '../../model/input-error.js';
import { refOfId, resourceOfArn } from './arn.js';
import { ACCOUNT_ID, REGION_NAME, isRecord, shown, type EventEnvelope } from './change-request.js';

/** One call, its common fields checked. */
export interface CloudTrailCall {
  readonly detail: Readonly<Record<string, unknown>>;
  /** `ec2.amazonaws.com`. */
  readonly eventSource: string;
  /** `ec2`: the event source without its domain. */
  readonly service: string;
  readonly eventName: string;
  /** `detail.awsRegion`: the Region the call was made in. */
  readonly region: string;
  /** The account the call changed (`recipientAccountId`, else the envelope's). */
  readonly accountId: string;
  readonly partition: string;
}

/** `ec2` → `ec2.amazonaws.com`; `*` (a row for the call name from any service) stays `*`. */
export function eventSourceOf(service: string): string {
  return service === '*' ? '*' : `${service}.amazonaws.com`;
}

function detailText(detail: Readonly<Record<string, unknown>>, key: string): string {
  const value = detail[key];
  if (typeof value !== 'string' || value === '') throw new InputError(`detail.${key}: expected a non-empty string`);
  return value;
}

/**
 * The account the call changed. CloudTrail delivers an event to EventBridge in the account that
 * received the call (`recipientAccountId`), and forwarding from a member account keeps the
 * envelope's `account`: the two must agree.
 */
function accountOf(envelope: EventEnvelope): string {
  const recipient = envelope.detail['recipientAccountId'];
  if (recipient === undefined || recipient === null) return envelope.account;
  if (typeof recipient !== 'string' || !ACCOUNT_ID.test(recipient)) throw new InputError('detail.recipientAccountId: expected a 12-digit account id');
  if (recipient !== envelope.account) {
    throw new InputError(`detail.recipientAccountId: ${recipient} is not the event's account ${envelope.account}: CloudTrail delivers a call's event in the account that received it`);
  }
  return recipient;
}

/**
 * The call an event reports.
 * @throws {InputError} naming the field when the detail is not of CloudTrail's shape.
 */
export function readCall(envelope: EventEnvelope): CloudTrailCall {
  const { detail } = envelope;
  const eventSource = detailText(detail, 'eventSource');
  const eventName = detailText(detail, 'eventName');
  const region = detailText(detail, 'awsRegion');
  // Calls of global services are recorded in a Region too (IAM in us-east-1): never `global`, never a path.
  if (!REGION_NAME.test(region)) throw new InputError(`detail.awsRegion: expected a Region name such as eu-west-1, got ${shown(region)}`);
  const accountId = accountOf(envelope);
  return { detail, eventSource, service: eventSource.replace(/\.amazonaws\.com$/, ''), eventName, region, accountId, partition: partitionOf(region) };
}

const pathText = (path: Path): string => ['detail', ...path].join('.');

function valueAt(detail: Readonly<Record<string, unknown>>, path: Path): unknown {
  let value: unknown = detail;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = (value as readonly unknown[])[step];
    } else {
      if (!isRecord(value)) return undefined;
      value = value[step];
    }
  }
  return value;
}

/** The call as a reader sees it: its fields, each checked where it is read. */
export function callDetail(call: CloudTrailCall): CallDetail {
  const { detail, eventName, partition, region, accountId } = call;
  const reject = (path: Path, problem: string): never => {
    throw new InputError(`${pathText(path)}: ${problem} (${eventName})`);
  };
  const text = (path: Path): string => {
    const value = valueAt(detail, path);
    return typeof value === 'string' && value !== '' ? value : reject(path, 'expected a non-empty string');
  };
  const list = (path: Path): readonly unknown[] => {
    const value = valueAt(detail, path);
    return Array.isArray(value) && value.length > 0 ? (value as readonly unknown[]) : reject(path, 'expected a non-empty array');
  };
  const arns = (values: readonly string[]): Reading => {
    const refs = values.flatMap((arn) => resourceOfArn(arn) ?? []);
    return refs.length > 0 ? refs : { ignored: `${eventName} on ${values.join(', ')}: no resource of a type gatewatch has rules for` };
  };
  return {
    eventName,
    partition,
    region,
    accountId,
    value: (path) => valueAt(detail, path),
    text,
    optionalText: (path) => {
      const value = valueAt(detail, path);
      if (value === undefined || value === null || value === '') return undefined;
      return typeof value === 'string' ? value : reject(path, 'expected a string');
    },
    list,
    texts: (path) => list(path).map((_, index) => text([...path, index])),
    reject,
    arns,
    idRef: (service, id) => refOfId(service, id, { partition, region, accountId }),
  };
}
