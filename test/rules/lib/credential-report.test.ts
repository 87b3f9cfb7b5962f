import { describe, expect, it } from '@jest/globals';
import { day, keysText, reportOf, type ReportKey, type ReportRow } from '../../../rules/lib/credential-report.js';

const key = (slot: 1 | 2): ReportKey => ({ slot, active: true, lastRotated: '2025-06-01T10:00:00+00:00', lastUsedDate: null });

describe('the credential report as rules read it', () => {
  it('names days, never clock-relative ages', () => {
    expect(day('2026-01-03T04:05:06+00:00')).toBe('2026-01-03');
  });

  it('names one key or both', () => {
    expect(keysText([key(1)])).toBe('access key 1');
    expect(keysText([key(1), key(2)])).toBe('access keys 1 and 2');
  });

  it("reads the item's row only when the source carried one (an AWS Config item does not)", () => {
    const row = { generatedTime: '2026-11-23T10:00:00Z', passwordEnabled: true, passwordLastUsed: null, mfaActive: false, accessKeys: [key(1)] } as unknown as ReportRow;
    expect(reportOf({ supplementaryConfiguration: { CredentialReport: row } })).toBe(row);
    expect(reportOf({ supplementaryConfiguration: {} })).toBeUndefined();
    expect(reportOf({ supplementaryConfiguration: { CredentialReport: null } })).toBeUndefined();
  });
});
