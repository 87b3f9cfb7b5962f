import rule from '../../../rules/cost-controls/cost-allocation-tags-active.js';
import { ACCOUNT } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';
import { ceAccount, factFailed, MANAGEMENT, OTHER } from './fixtures.js';

const STANDALONE = { standalone: true };
const tag = (tagKey: string, status = 'Active', type = 'UserDefined') => ({ tagKey, status, type });
const ALL = ['Environment', 'Project', 'Team', 'CostCenter'].map((key) => tag(key));

testRule(rule, [
  {
    name: 'a standalone account with every required tag active passes',
    items: [ceAccount({ organization: STANDALONE, costAllocationTags: [...ALL, tag('Owner', 'Inactive')] })],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'active', data: { tags: 'Environment, Project, Team, CostCenter' } }],
  },
  {
    name: 'the management account is judged too',
    items: [ceAccount({ organization: { standalone: false, managementAccountId: ACCOUNT }, costAllocationTags: ALL })],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'active' }],
  },
  {
    name: 'an inactive and an unseen required tag fail, each named with why',
    items: [ceAccount({ organization: STANDALONE, costAllocationTags: [tag('Environment'), tag('Project'), tag('Team', 'Inactive')] })],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'inactive', data: { problems: 'Team (Inactive), CostCenter (not yet seen in billing data)' } }],
  },
  {
    name: 'keys are compared exactly: costcenter is not CostCenter',
    items: [ceAccount({ organization: STANDALONE, costAllocationTags: [...ALL.slice(0, 3), tag('costcenter')] })],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'inactive', data: { problems: 'CostCenter (not yet seen in billing data)' } }],
  },
  {
    name: 'the required keys come from the settings',
    items: [ceAccount({ organization: STANDALONE, costAllocationTags: [tag('Owner')] })],
    settings: { requiredTags: [{ key: 'Owner' }] },
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'active', data: { tags: 'Owner' } }],
  },
  {
    name: "a member account is not applicable: its tags are managed, and judged, in the management account",
    items: [ceAccount({ organization: { standalone: false, managementAccountId: MANAGEMENT } })],
    expect: [{ resourceId: ACCOUNT, status: 'NOT_APPLICABLE', messageId: 'member', data: { management: MANAGEMENT } }],
  },
  {
    name: 'no required tags: not applicable',
    items: [ceAccount({ organization: STANDALONE, costAllocationTags: [] })],
    settings: { requiredTags: [] },
    expect: [{ resourceId: ACCOUNT, status: 'NOT_APPLICABLE', messageId: 'noneRequired' }],
  },
  {
    name: 'no facts (an AWS Config snapshot): unknown, never absent',
    items: [],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'organizationNotRead' }],
  },
  {
    name: 'the organization read but not the tags: unknown',
    items: [ceAccount({ organization: STANDALONE })],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notRead' }],
  },
  {
    name: 'a failed ListCostAllocationTags makes the rule unknown, naming the call',
    items: [ceAccount({ organization: STANDALONE })],
    failed: [factFailed('AWS::CE::Account', 'ce', 'ListCostAllocationTags', 'costAllocationTags')],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'ce:ListCostAllocationTags in global failed (AccessDeniedException: denied by the test)' } }],
  },
  {
    name: 'a failed DescribeOrganization makes the rule unknown, naming the call',
    items: [ceAccount({ costAllocationTags: ALL })],
    failed: [factFailed('AWS::CE::Account', 'organizations', 'DescribeOrganization', 'organization')],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'organizations:DescribeOrganization in global failed (AccessDeniedException: denied by the test)' } }],
  },
  {
    name: 'a failed anomaly read does not touch this rule',
    items: [ceAccount({ organization: STANDALONE, costAllocationTags: ALL })],
    failed: [factFailed('AWS::CE::Account', 'ce', 'GetAnomalyMonitors', 'anomalyMonitors')],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'active' }],
  },
  {
    name: 'an organization: the management account judged, the member not applicable',
    items: [
      ceAccount({ organization: { standalone: false, managementAccountId: OTHER } }),
      ceAccount({ organization: { standalone: false, managementAccountId: OTHER }, costAllocationTags: [] }, OTHER),
    ],
    expect: [
      { resourceId: ACCOUNT, accountId: ACCOUNT, status: 'NOT_APPLICABLE', messageId: 'member' },
      { resourceId: OTHER, accountId: OTHER, status: 'FAIL', messageId: 'inactive' },
    ],
  },
]);
