/** A complete finding state for store tests: every optional field set, so round trips prove them all. */
import { stateScope, type FindingState } from '../../findings/finding-state.js';

export const STATE_ACCOUNT = '111122223333';
export const STATE_REGION = 'eu-west-1';

export function findingState(id: string, overrides: Partial<FindingState> = {}): FindingState {
  return {
    id,
    scope: stateScope(STATE_ACCOUNT, STATE_REGION),
    ruleId: 'ebs-volume-encrypted',
    accountId: STATE_ACCOUNT,
    region: STATE_REGION,
    resource: `arn:aws:ec2:${STATE_REGION}:${STATE_ACCOUNT}:volume/${id}`,
    hubRegion: STATE_REGION,
    compliance: 'FAILED',
    recordState: 'ACTIVE',
    createdAt: '2026-11-01T10:00:00.000Z',
    firstObservedAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-02T10:00:00.000Z',
    alertedAt: '2026-11-01T10:00:05.000Z',
    workflow: { status: 'SUPPRESSED', note: 'migration ticket OPS-1, until 2026-12-31' },
    failure: { at: '2026-11-02T10:00:00.000Z', code: 'AccessDeniedException', message: 'not allowed' },
    finding: JSON.stringify({ SchemaVersion: '2018-10-08', Id: id, Title: 'EBS volumes are encrypted' }),
    ...overrides,
  };
}
