/**
 * Every row of the CloudTrail table, not only one per family: each is reached by its own event
 * source and name, ignored when the call failed, and — for the rows that re-scan gates — answered
 * with exactly those gates. (Re-read rows need their call's own parameters: their families have
 * fixtures in cloudtrail-event.test.ts.)
 */
import { describe, expect, it } from '@jest/globals';
import { CLOUDTRAIL_CALLS, callRow } from '../../../inventory/events/call-table.js';
import { parseChangeEvent } from '../../../inventory/events/parse-event.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TIME = '2026-11-23T01:59:58Z';

function apiCall(eventSource: string, eventName: string, detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'e0b1c2d3-0000-4000-8000-000000000000',
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${eventSource === '*' ? 'dynamodb' : eventSource.split('.')[0]}`,
    account: ACCOUNT,
    time: '2026-11-23T02:00:00Z',
    region: REGION,
    resources: [],
    detail: {
      eventVersion: '1.09',
      eventSource: eventSource === '*' ? 'dynamodb.amazonaws.com' : eventSource,
      eventName,
      awsRegion: REGION,
      recipientAccountId: ACCOUNT,
      eventTime: TIME,
      requestParameters: {},
      responseElements: null,
      ...detail,
    },
  };
}

const rows = CLOUDTRAIL_CALLS.map((row) => [`${row.eventSource} ${row.eventName}`, row] as const);

describe('every mapped CloudTrail call', () => {
  it.each(rows)('%s is found by its source and name', (_, row) => {
    expect(callRow(row.eventSource === '*' ? 'dynamodb.amazonaws.com' : row.eventSource, row.eventName)).toBe(row);
  });

  it.each(rows)('%s is ignored when the call failed', (_, row) => {
    const request = parseChangeEvent(apiCall(row.eventSource, row.eventName, { errorCode: 'AccessDenied', errorMessage: 'denied' }));
    expect(request.kind).toBe('ignored');
  });

  const rescans = CLOUDTRAIL_CALLS.filter((row) => row.effect.kind === 'rescan').map((row) => [`${row.eventSource} ${row.eventName}`, row] as const);
  it.each(rescans)('%s re-scans exactly its gates', (_, row) => {
    const request = parseChangeEvent(apiCall(row.eventSource, row.eventName));
    if (row.effect.kind !== 'rescan') throw new Error('not a rescan row');
    const regions = row.effect.scope === 'global' ? ['global'] : row.effect.scope === 'all' ? ['*'] : [REGION];
    // A credential change carries its time: a credential report generated before it is not judged.
    const changedAt = row.effect.credentials === true ? { credentialsChangedAt: '2026-11-23T01:59:58.000Z' } : {};
    expect(request).toEqual({ kind: 'rescan', accountId: ACCOUNT, regions, gates: row.effect.gates, origin: expect.stringContaining(row.eventName), ...changedAt });
  });

  it('has rows of both kinds', () => {
    expect(rescans.length).toBeGreaterThan(20);
    expect(rows.length - rescans.length).toBeGreaterThan(20);
  });
});
