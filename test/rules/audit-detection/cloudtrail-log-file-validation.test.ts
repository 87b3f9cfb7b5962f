import rule from '../../../rules/audit-detection/cloudtrail-log-file-validation.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const MANAGEMENT_ACCOUNT = '999988887777';

const trail = (name: string, configuration: Record<string, unknown>, account = ACCOUNT) =>
  item(
    'AWS::CloudTrail::Trail',
    name,
    { name, trailARN: `arn:aws:cloudtrail:eu-west-1:${account}:trail/${name}`, homeRegion: 'eu-west-1', isMultiRegionTrail: true, ...configuration },
    { ARN: `arn:aws:cloudtrail:eu-west-1:${account}:trail/${name}` },
  );

testRule(rule, [
  {
    name: 'a trail with log file validation passes',
    items: [trail('management-events', { logFileValidationEnabled: true })],
    expect: [{ resourceId: 'management-events', status: 'PASS', messageId: 'validated', data: { trail: 'management-events' } }],
  },
  {
    name: 'a trail without log file validation fails',
    items: [trail('sandbox-debug', { logFileValidationEnabled: false })],
    expect: [{ resourceId: 'sandbox-debug', status: 'FAIL', messageId: 'notValidated', data: { trail: 'sandbox-debug' } }],
  },
  {
    name: 'a trail with a null validation setting is unknown, never passed',
    items: [trail('t', { logFileValidationEnabled: null })],
    expect: [{ resourceId: 't', status: 'UNKNOWN', messageId: 'missing', data: { trail: 't' } }],
  },
  {
    name: 'a trail with no validation field at all is unknown too',
    items: [trail('t', {})],
    expect: [{ resourceId: 't', status: 'UNKNOWN', messageId: 'missing' }],
  },
  {
    name: "an organization trail owned by the management account is not applicable in a member account",
    items: [trail('org-trail', { logFileValidationEnabled: false, isOrganizationTrail: true }, MANAGEMENT_ACCOUNT)],
    expect: [{ resourceId: 'org-trail', status: 'NOT_APPLICABLE', messageId: 'otherAccount', data: { owner: MANAGEMENT_ACCOUNT } }],
  },
  {
    name: 'an organization trail in its own account is judged there',
    items: [trail('org-trail', { logFileValidationEnabled: false, isOrganizationTrail: true })],
    expect: [{ resourceId: 'org-trail', status: 'FAIL', messageId: 'notValidated' }],
  },
  {
    name: 'without a name in the configuration the resource id names the trail',
    items: [item('AWS::CloudTrail::Trail', 'audit', { logFileValidationEnabled: true })],
    expect: [{ resourceId: 'audit', status: 'PASS', messageId: 'validated', data: { trail: 'audit' } }],
  },
  {
    name: 'trails that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::CloudTrail::Trail'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several trails across Regions are each judged on their own',
    items: [
      trail('a-validated', { logFileValidationEnabled: true }),
      trail('b-unvalidated', { logFileValidationEnabled: false }),
      trail('c-unrecorded', { logFileValidationEnabled: null }),
      item('AWS::CloudTrail::Trail', 'us-trail', { name: 'us-trail', logFileValidationEnabled: false }, { awsRegion: 'us-east-1' }),
    ],
    expect: [
      { resourceId: 'a-validated', region: 'eu-west-1', status: 'PASS', messageId: 'validated' },
      { resourceId: 'b-unvalidated', status: 'FAIL', messageId: 'notValidated' },
      { resourceId: 'c-unrecorded', status: 'UNKNOWN', messageId: 'missing' },
      { resourceId: 'us-trail', region: 'us-east-1', status: 'FAIL', messageId: 'notValidated' },
    ],
  },
  {
    name: 'an exempted trail stays failed and carries the exemption',
    items: [trail('sandbox-debug', { logFileValidationEnabled: false })],
    settings: {
      exemptions: [
        { rule: 'cloudtrail-log-file-validation', resource: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/sandbox-*', reason: 'sandbox', expires: '2026-12-31' },
      ],
    },
    expect: [{ resourceId: 'sandbox-debug', status: 'FAIL', messageId: 'notValidated', exempted: true }],
  },
]);
