/**
 * The CloudTrail call table: one row per `eventSource` + `eventName` of a mutating call that can
 * move a gate's verdict. A call either names the resources it changed (re-read just those:
 * reread-calls.ts, derived from the resource type descriptions) or changes a fact many resources'
 * verdicts rest on (a route, a trail, an IAM policy: re-scan the gates that read it:
 * rescan-calls.ts). A call not in the table is ignored: no rule depends on it.
 *
 * deploy/generate-api-call-rules.ts writes the EventBridge rules that match exactly these calls.
 */
import type { CallDetail, Reading } from '../../model/resource-types/calls.js';
import type { Gate } from '../../model/gates.js';
import { REREAD_CALLS } from './reread-calls.js';
import { RESCAN_CALLS } from './rescan-calls.js';

export type CallEffect =
  /** Re-read the resources `read` names, in `region(call)` (default: the call's Region). */
  | { readonly kind: 'reread'; readonly read: (call: CallDetail) => Reading; readonly region?: (call: CallDetail) => string }
  /** Re-scan `gates` in the call's Region, in `global` (IAM), or in every Region the service scans. */
  | {
      readonly kind: 'rescan';
      readonly gates: readonly Gate[];
      readonly scope: 'region' | 'global' | 'all';
      /**
       * The call changes IAM credentials (a password, an MFA device, an access key): the re-scan
       * carries the call's time, so a credential report generated before it is not judged.
       */
      readonly credentials?: true;
    };

export interface CallRow {
  /** `ec2.amazonaws.com`; `*` for a row that matches the call name from any service. */
  readonly eventSource: string;
  readonly eventName: string;
  readonly effect: CallEffect;
}

/** What each mutating call means for gatewatch. */
export const CLOUDTRAIL_CALLS: readonly CallRow[] = [...REREAD_CALLS, ...RESCAN_CALLS];

const TABLE: ReadonlyMap<string, CallRow> = new Map(CLOUDTRAIL_CALLS.map((row) => [`${row.eventSource} ${row.eventName}`, row]));

/** The row for a call: its own service's, else the generic one for the call name. */
export function callRow(eventSource: string, eventName: string): CallRow | undefined {
  return TABLE.get(`${eventSource} ${eventName}`) ?? TABLE.get(`* ${eventName}`);
}
