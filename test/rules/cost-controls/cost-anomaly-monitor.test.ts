import rule from '../../../rules/cost-controls/cost-anomaly-monitor.js';
import { ACCOUNT } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';
import { ceAccount, factFailed, MANAGEMENT, OTHER } from './fixtures.js';

const arn = (name: string) => `arn:aws:ce::${ACCOUNT}:anomalymonitor/${name}`;
const monitor = (name: string, monitorType: string, rest: Record<string, unknown> = {}) => ({ monitorArn: arn(name), monitorName: name, monitorType, ...rest });
const SERVICES = monitor('services', 'DIMENSIONAL', { monitorDimension: 'SERVICE' });
const LINKED = monitor('linked', 'DIMENSIONAL', { monitorDimension: 'LINKED_ACCOUNT' });
const custom = (account: string) => monitor('team', 'CUSTOM', { monitorSpecification: JSON.stringify({ And: [{ Dimensions: { Key: 'LINKED_ACCOUNT', Values: [account] } }, { Tags: { Key: 'Team', Values: ['a'] } }] }) });
const subscription = (monitors: readonly string[], subscribers = [{ type: 'EMAIL', address: 'finops@example.com', status: 'CONFIRMED' }]) => ({
  subscriptionArn: `arn:aws:ce::${ACCOUNT}:anomalysubscription/s`,
  subscriptionName: 'daily',
  monitorArnList: monitors.map(arn),
  subscribers,
  frequency: 'DAILY',
});
const STANDALONE = { standalone: true };

testRule(
  rule,
  [
    {
      name: 'a service monitor with a subscribed alert passes',
      items: [ceAccount({ organization: STANDALONE, anomalyMonitors: [SERVICES], anomalySubscriptions: [subscription(['services'])] })],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'monitored', data: { monitor: 'services', subscription: 'daily' } }],
    },
    {
      name: 'a custom monitor naming the account as a linked account passes',
      items: [ceAccount({ anomalyMonitors: [custom(ACCOUNT)], anomalySubscriptions: [subscription(['team'])] })],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'monitored', data: { monitor: 'team' } }],
    },
    {
      name: 'a custom monitor of another account does not cover this one',
      items: [ceAccount({ organization: STANDALONE, anomalyMonitors: [custom(OTHER)], anomalySubscriptions: [subscription(['team'])] })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noMonitor', data: { kinds: 'SERVICE, LINKED_ACCOUNT, CUSTOM' } }],
    },
    {
      name: 'a linked-account monitor covers the management account',
      items: [ceAccount({ organization: { standalone: false, managementAccountId: ACCOUNT }, anomalyMonitors: [LINKED], anomalySubscriptions: [subscription(['linked'])] })],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'monitored', data: { monitor: 'linked' } }],
    },
    {
      name: 'a linked-account monitor does not count in a member account',
      items: [ceAccount({ organization: { standalone: false, managementAccountId: MANAGEMENT }, anomalyMonitors: [LINKED], anomalySubscriptions: [subscription(['linked'])] })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noMonitor' }],
    },
    {
      name: 'a linked-account monitor where the organization was not read: unknown',
      items: [ceAccount({ anomalyMonitors: [LINKED], anomalySubscriptions: [subscription(['linked'])] })],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'organizationNotRead' }],
    },
    {
      name: 'a monitor without a subscription fails, naming it',
      items: [ceAccount({ organization: STANDALONE, anomalyMonitors: [SERVICES], anomalySubscriptions: [] })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noSubscription', data: { monitors: 'services' } }],
    },
    {
      name: 'a subscription whose only subscriber declined alerts no one',
      items: [ceAccount({ organization: STANDALONE, anomalyMonitors: [SERVICES], anomalySubscriptions: [subscription(['services'], [{ type: 'SNS', address: 'arn:aws:sns:us-east-1:1:t', status: 'DECLINED' }])] })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noSubscription' }],
    },
    {
      name: 'only the monitor kinds of the settings count',
      items: [ceAccount({ organization: STANDALONE, anomalyMonitors: [custom(ACCOUNT)], anomalySubscriptions: [subscription(['team'])] })],
      settings: { costControls: { anomalyMonitorTypes: ['SERVICE'] } },
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noMonitor', data: { kinds: 'SERVICE' } }],
    },
    {
      name: 'a custom monitor whose specification does not parse is unknown, not a failure',
      items: [ceAccount({ organization: STANDALONE, anomalyMonitors: [monitor('team', 'CUSTOM', { monitorSpecification: '{"And": [' })], anomalySubscriptions: [subscription(['team'])] })],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'specificationUnreadable', data: { monitors: 'team' } }],
    },
    {
      name: 'a custom monitor under Not does not name the account',
      items: [ceAccount({ organization: STANDALONE, anomalyMonitors: [monitor('team', 'CUSTOM', { monitorSpecification: JSON.stringify({ Not: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [ACCOUNT] } } }) })], anomalySubscriptions: [subscription(['team'])] })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noMonitor' }],
    },
    {
      name: 'no facts (an AWS Config snapshot): unknown, never absent',
      items: [],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notRead' }],
    },
    {
      name: 'a failed GetAnomalySubscriptions makes the rule unknown, naming the call',
      items: [ceAccount({ organization: STANDALONE, anomalyMonitors: [SERVICES] })],
      failed: [factFailed('AWS::CE::Account', 'ce', 'GetAnomalySubscriptions', 'anomalySubscriptions')],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'ce:GetAnomalySubscriptions in global failed (AccessDeniedException: denied by the test)' } }],
    },
    {
      name: 'a failed DescribeOrganization does not hide a service monitor',
      items: [ceAccount({ anomalyMonitors: [SERVICES], anomalySubscriptions: [subscription(['services'])] })],
      failed: [factFailed('AWS::CE::Account', 'organizations', 'DescribeOrganization', 'organization')],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'monitored' }],
    },
    {
      name: 'each account is judged on its own monitors',
      items: [
        ceAccount({ organization: STANDALONE, anomalyMonitors: [SERVICES], anomalySubscriptions: [subscription(['services'])] }),
        ceAccount({ organization: STANDALONE, anomalyMonitors: [], anomalySubscriptions: [] }, OTHER),
      ],
      expect: [
        { resourceId: ACCOUNT, accountId: ACCOUNT, status: 'PASS', messageId: 'monitored' },
        { resourceId: OTHER, accountId: OTHER, status: 'FAIL', messageId: 'noMonitor' },
      ],
    },
  ],
  { noNotApplicable: 'every account, a member of an organization too, can create its own anomaly monitor of AWS services' },
);
