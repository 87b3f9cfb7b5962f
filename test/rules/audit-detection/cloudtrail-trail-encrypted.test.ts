import rule from '../../../rules/audit-detection/cloudtrail-trail-encrypted.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const MANAGEMENT_ACCOUNT = '999988887777';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/a5cbf52b-f839-41ae-af3a-cf8154168d44';

/** A trail as DescribeTrails reports it, which Config records with `kmsKeyId: null` when no key is set. */
const trail = (name: string, kmsKeyId: string | null | undefined, account = ACCOUNT) =>
  item(
    'AWS::CloudTrail::Trail',
    name,
    {
      name,
      trailARN: `arn:aws:cloudtrail:eu-west-1:${account}:trail/${name}`,
      homeRegion: 'eu-west-1',
      isMultiRegionTrail: true,
      logFileValidationEnabled: true,
      ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
    },
    { ARN: `arn:aws:cloudtrail:eu-west-1:${account}:trail/${name}` },
  );

testRule(rule, [
  {
    name: 'a trail with a KMS key passes and names the key',
    items: [trail('management-events', KEY)],
    expect: [{ resourceId: 'management-events', status: 'PASS', messageId: 'encrypted', data: { trail: 'management-events', key: KEY } }],
  },
  {
    name: 'a trail whose kmsKeyId is null (no key set) fails',
    items: [trail('sandbox-debug', null)],
    expect: [{ resourceId: 'sandbox-debug', status: 'FAIL', messageId: 'notEncrypted', data: { trail: 'sandbox-debug' } }],
  },
  {
    name: 'a trail without a kmsKeyId field (CloudTrail omits it when unset) fails',
    items: [trail('t', undefined)],
    expect: [{ resourceId: 't', status: 'FAIL', messageId: 'notEncrypted' }],
  },
  {
    name: 'an empty kmsKeyId is no key',
    items: [trail('t', '')],
    expect: [{ resourceId: 't', status: 'FAIL', messageId: 'notEncrypted' }],
  },
  {
    name: 'a key alias counts as a key',
    items: [trail('t', 'alias/cloudtrail-logs')],
    expect: [{ resourceId: 't', status: 'PASS', messageId: 'encrypted', data: { key: 'alias/cloudtrail-logs' } }],
  },
  {
    name: "an item that records none of the trail's settings is unknown, not failed",
    items: [item('AWS::CloudTrail::Trail', 'bare', {})],
    expect: [{ resourceId: 'bare', status: 'UNKNOWN', messageId: 'notRecorded', data: { trail: 'bare' } }],
  },
  {
    name: 'one recorded flag is enough to read a missing key as "none"',
    items: [item('AWS::CloudTrail::Trail', 'flags-only', { logFileValidationEnabled: false })],
    expect: [{ resourceId: 'flags-only', status: 'FAIL', messageId: 'notEncrypted' }],
  },
  {
    name: 'an organization trail owned by the management account is not applicable in a member account',
    items: [trail('org-trail', null, MANAGEMENT_ACCOUNT)],
    expect: [{ resourceId: 'org-trail', status: 'NOT_APPLICABLE', messageId: 'otherAccount', data: { owner: MANAGEMENT_ACCOUNT } }],
  },
  {
    name: 'trails that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::CloudTrail::Trail'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several trails are each judged on their own, in ARN order',
    items: [trail('a-encrypted', KEY), trail('b-plain', null), item('AWS::CloudTrail::Trail', 'c-bare', {}), trail('d-org', KEY, MANAGEMENT_ACCOUNT)],
    expect: [
      { resourceId: 'a-encrypted', status: 'PASS', messageId: 'encrypted' },
      { resourceId: 'b-plain', status: 'FAIL', messageId: 'notEncrypted' },
      { resourceId: 'd-org', status: 'NOT_APPLICABLE', messageId: 'otherAccount' },
      { resourceId: 'c-bare', status: 'UNKNOWN', messageId: 'notRecorded' },
    ],
  },
]);
