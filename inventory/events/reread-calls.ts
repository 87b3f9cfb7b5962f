/**
 * The re-read rows of the call table: the CloudTrail calls each resource type's description says
 * change it (model/resource-types/, `changedBy`), and the tagging calls that name resources of any
 * type by ARN — the Resource Groups Tagging API and the generic TagResource/UntagResource of any
 * service (DynamoDB, SNS, GuardDuty, ECS, CloudFront, Kinesis, …).
 *
 * Every id a row emits is the id gatewatch's collectors emit for that type, else the narrowed
 * re-read would find nothing (test/inventory/events/collector-ids.test.ts holds them to it).
 */
import { calls, type CallDetail, type ChangeCalls } from '../../model/resource-types/calls.js';
import { changeCalls } from '../../model/resource-types/index.js';
import { isRecord } from './change-request.js';
import type { CallRow } from './call-table.js';
import { eventSourceOf } from './cloudtrail-call.js';

/** Every ARN among the top-level request parameters (string or list of strings): the resource of a generic TagResource call. */
function requestArns(call: CallDetail): string[] {
  const parameters = call.value(['requestParameters']);
  const values = isRecord(parameters) ? Object.values(parameters).flatMap((value): unknown[] => (Array.isArray(value) ? value : [value])) : [];
  const arns = values.filter((value): value is string => typeof value === 'string' && value.startsWith('arn:'));
  return arns.length > 0 ? arns : call.reject(['requestParameters'], 'expected the ARN of the resource');
}

/** Calls that tag resources of any type, named by ARN: the ARNs whose type gatewatch describes. */
const TAGGING_CALLS: readonly ChangeCalls[] = [
  calls('tagging', ['TagResources', 'UntagResources'], (call) => call.arns(call.texts(['requestParameters', 'resourceARNList']))),
  calls('*', ['TagResource', 'UntagResource'], (call) => call.arns(requestArns(call))),
];

export const REREAD_CALLS: readonly CallRow[] = [...changeCalls(), ...TAGGING_CALLS].flatMap(({ service, eventNames, read, region }) =>
  eventNames.map((eventName) => ({ eventSource: eventSourceOf(service), eventName, effect: region === undefined ? { kind: 'reread', read } : { kind: 'reread', read, region } })),
);
