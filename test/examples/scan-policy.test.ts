/**
 * examples/scan-policy.json grants exactly the read-only actions the collectors call: every
 * operation of the benchmark's formula table (which its test proves equal to the operations a
 * full scan makes), mapped to its IAM action, and nothing more.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { FORMULAS } from '../../testkit/api-calls.js';
import { iamActionOf } from '../../testkit/iam-actions.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('examples/scan-policy.json', () => {
  it('grants every action a scan calls, and nothing more', () => {
    const policy = JSON.parse(readFileSync(join(root, 'examples', 'scan-policy.json'), 'utf8')) as { Statement: { Effect: string; Action: string[] }[] };
    const granted = policy.Statement.filter((statement) => statement.Effect === 'Allow').flatMap((statement) => statement.Action).sort();
    const called = [
      ...new Set(
        // Beyond the benchmark's table: the Region list (when no Regions are named) and the
        // bucket location (only for endpoints whose bucket list gives no Region).
        [...FORMULAS, { service: 'ec2', operation: 'DescribeRegions' }, { service: 's3', operation: 'GetBucketLocation' }]
          .flatMap(({ service, operation }) => iamActionOf(service, operation) ?? []),
      ),
    ].sort();
    expect(granted).toEqual(called);
  });
});
