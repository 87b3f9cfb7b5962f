import rule from '../../../rules/audit-detection/guardduty-enabled.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule, type RuleCase } from '../../support/rule-tester.js';

const OTHER_ACCOUNT = '444455556666';
const EU = { accountId: ACCOUNT, region: 'eu-west-1' };
const US = { accountId: ACCOUNT, region: 'us-east-1' };

const detector = (id: string, enable: boolean | null | undefined, overrides: { awsRegion?: string; awsAccountId?: string } = {}) =>
  item('AWS::GuardDuty::Detector', id, enable === undefined ? { Id: id } : { Id: id, Enable: enable }, overrides);

const cases: RuleCase[] = [
  {
    name: 'an enabled detector in the Region passes',
    items: [detector('d-eu', true)],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'enabled', data: { detector: 'd-eu', account: ACCOUNT, region: 'eu-west-1' } }],
  },
  {
    name: 'a Region without a detector fails',
    items: [],
    scopes: [EU],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noDetector', data: { account: ACCOUNT, region: 'eu-west-1' } }],
  },
  {
    name: 'a suspended detector fails and is named',
    items: [detector('d-eu', false)],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'disabled', data: { detectors: 'd-eu' } }],
  },
  {
    name: 'a detector with no recorded Enable is unknown, never passed',
    items: [detector('d-eu', null)],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'unrecorded', data: { detectors: 'd-eu' } }],
  },
  {
    name: 'a detector with no Enable field at all is unknown too, even beside a disabled one',
    items: [detector('d-eu-1', false), detector('d-eu-2', undefined)],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'unrecorded', data: { detectors: 'd-eu-2' } }],
  },
  {
    name: 'one enabled detector is enough',
    items: [detector('d-eu-1', false), detector('d-eu-2', true), detector('d-eu-3', null)],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'enabled', data: { detector: 'd-eu-2' } }],
  },
  {
    name: 'each Region needs its own detector',
    items: [detector('d-eu', true)],
    scopes: [EU, US],
    expect: [
      { resourceId: ACCOUNT, status: 'PASS', messageId: 'enabled', data: { region: 'eu-west-1' } },
      { resourceId: ACCOUNT, status: 'FAIL', messageId: 'noDetector', data: { region: 'us-east-1' } },
    ],
  },
  {
    name: "another account's detector does not count",
    items: [detector('d-eu', true), detector('d-other-us', true, { awsAccountId: OTHER_ACCOUNT, awsRegion: 'us-east-1' })],
    scopes: [EU, US],
    expect: [
      { resourceId: ACCOUNT, status: 'PASS', messageId: 'enabled', data: { region: 'eu-west-1' } },
      { resourceId: ACCOUNT, status: 'FAIL', messageId: 'noDetector', data: { account: ACCOUNT, region: 'us-east-1' } },
    ],
  },
  {
    name: 'several accounts and Regions are judged each on their own',
    items: [detector('d-us', false, { awsRegion: 'us-east-1' }), detector('d-other-eu', true, { awsAccountId: OTHER_ACCOUNT })],
    scopes: [US, EU, { accountId: OTHER_ACCOUNT, region: 'eu-west-1' }, { accountId: OTHER_ACCOUNT, region: 'us-east-1' }],
    expect: [
      { resourceId: ACCOUNT, status: 'FAIL', messageId: 'noDetector', data: { region: 'eu-west-1' } },
      { resourceId: ACCOUNT, status: 'FAIL', messageId: 'disabled', data: { region: 'us-east-1', detectors: 'd-us' } },
      { resourceId: OTHER_ACCOUNT, status: 'PASS', messageId: 'enabled', data: { account: OTHER_ACCOUNT, region: 'eu-west-1' } },
      { resourceId: OTHER_ACCOUNT, status: 'FAIL', messageId: 'noDetector', data: { account: OTHER_ACCOUNT, region: 'us-east-1' } },
    ],
  },
  {
    name: 'detectors that could not be listed make the Region unknown, not failed',
    items: [detector('d-us', true, { awsRegion: 'us-east-1' })],
    scopes: [EU, US],
    failed: ['AWS::GuardDuty::Detector'],
    expect: [
      { resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed' },
      { resourceId: ACCOUNT, status: 'PASS', messageId: 'enabled', data: { region: 'us-east-1' } },
    ],
  },
  {
    name: 'an exempted Region stays failed and carries the exemption',
    items: [],
    scopes: [EU],
    settings: {
      exemptions: [{ rule: 'guardduty-enabled', resource: `${ACCOUNT}/eu-west-1/AWS::::Account/*`, reason: 'sandbox Region', expires: '2026-12-31' }],
    },
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noDetector', exempted: true }],
  },
];

testRule(rule, cases, {
  noNotApplicable:
    'every account × Region needs GuardDuty, and the audit-detection gate applies to all resources, so nothing is out of scope',
});
