/**
 * examples/scan-policy.json grants exactly the read-only actions the collectors call: every
 * operation of the benchmark's formula table (which its test proves equal to the operations a
 * full scan makes), mapped to its IAM action, and nothing more.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { FORMULAS } from '../../bench/api-calls.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** IAM's service prefixes where they differ from gatewatch's service labels. */
const PREFIX: Readonly<Record<string, string>> = { opensearch: 'es', efs: 'elasticfilesystem', tagging: 'tag' };
/** Operations whose IAM action has another name. */
const ACTION: Readonly<Record<string, string>> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
};
/** Calls that need no permission. */
const FREE = new Set(['sts:GetCallerIdentity']);

describe('examples/scan-policy.json', () => {
  it('grants every action a scan calls, and nothing more', () => {
    const policy = JSON.parse(readFileSync(join(root, 'examples', 'scan-policy.json'), 'utf8')) as { Statement: { Effect: string; Action: string[] }[] };
    const granted = policy.Statement.filter((statement) => statement.Effect === 'Allow').flatMap((statement) => statement.Action).sort();
    const called = [
      ...new Set(
        // Beyond the benchmark's table: the Region list (when no Regions are named) and the
        // bucket location (only for endpoints whose bucket list gives no Region).
        [...FORMULAS, { service: 'ec2', operation: 'DescribeRegions' }, { service: 's3', operation: 'GetBucketLocation' }]
          .map(({ service, operation }) => `${service}:${operation}`)
          .filter((call) => !FREE.has(call))
          .map((call) => ACTION[call] ?? `${PREFIX[call.split(':')[0] ?? ''] ?? call.split(':')[0]}:${call.split(':')[1]}`),
      ),
    ].sort();
    expect(granted).toEqual(called);
  });
});
