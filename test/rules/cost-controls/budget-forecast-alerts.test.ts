import rule from '../../../rules/cost-controls/budget-forecast-alerts.js';
import { ACCOUNT } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';
import { budget, budgetsAccount, factFailed, notification, OTHER } from './fixtures.js';

const FULL = [notification(50), notification(80), notification(100)];

testRule(
  rule,
  [
    {
      name: 'a cost budget with forecasted alerts at 50, 80 and 100 %, each with a subscriber, passes',
      items: [budgetsAccount([budget('monthly', FULL)])],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'covered', data: { budget: 'monthly', thresholds: '50 %, 80 %, 100 %' } }],
    },
    {
      name: 'an SNS subscriber counts as well as an e-mail one',
      items: [budgetsAccount([budget('monthly', [notification(50), notification(80, {}, [{ subscriptionType: 'SNS', address: 'arn:aws:sns:us-east-1:111122223333:billing' }]), notification(100)])])],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'covered' }],
    },
    {
      name: 'no budget at all fails',
      items: [budgetsAccount([])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noCostBudget', data: { others: 'no budget at all' } }],
    },
    {
      name: 'only a usage budget fails: it is no cost budget, whatever its alerts',
      items: [budgetsAccount([budget('hours', FULL, 'USAGE')])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noCostBudget', data: { others: 'its budget is of type USAGE' } }],
    },
    {
      name: 'a cost budget alerting on actual spend only fails, saying so',
      items: [budgetsAccount([budget('monthly', [notification(50, { notificationType: 'ACTUAL' }), notification(80, { notificationType: 'ACTUAL' }), notification(100, { notificationType: 'ACTUAL' })])])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'incomplete', data: { budget: 'monthly', problems: 'only ACTUAL alerts (none on forecasted spend)' } }],
    },
    {
      name: 'missing thresholds are named',
      items: [budgetsAccount([budget('monthly', [notification(50)])])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'incomplete', data: { problems: 'no FORECASTED alert at 80 %, 100 %' } }],
    },
    {
      name: 'an alert without a subscriber does not count, and is named',
      items: [budgetsAccount([budget('monthly', [notification(50), notification(80, {}, []), notification(100)])])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'incomplete', data: { problems: 'no subscriber on the alert at 80 %' } }],
    },
    {
      name: 'an alert LESS_THAN or in ABSOLUTE_VALUE does not count',
      items: [budgetsAccount([budget('monthly', [notification(50), notification(80, { comparisonOperator: 'LESS_THAN' }), notification(100, { thresholdType: 'ABSOLUTE_VALUE' })])])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'incomplete', data: { problems: 'no FORECASTED alert at 80 %, 100 %' } }],
    },
    {
      name: 'the closest of several cost budgets is named; one budget must cover every threshold',
      items: [budgetsAccount([budget('a', [notification(50)]), budget('b', [notification(50), notification(80)])])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'incomplete', data: { budget: 'b', problems: 'no FORECASTED alert at 100 %' } }],
    },
    {
      name: 'one complete cost budget among incomplete ones passes',
      items: [budgetsAccount([budget('a', [notification(50)]), budget('full', FULL)])],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'covered', data: { budget: 'full' } }],
    },
    {
      name: 'the thresholds come from the settings',
      items: [budgetsAccount([budget('monthly', [notification(90)])])],
      settings: { costControls: { budgetThresholds: [90] } },
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'covered', data: { thresholds: '90 %' } }],
    },
    {
      name: 'a budget item without budgets (an AWS Config snapshot) is unknown',
      items: [budgetsAccount(undefined)],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notRead' }],
    },
    {
      name: 'no budget item at all: the Inventory synthesises one, which is unknown, never absent',
      items: [],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notRead' }],
    },
    {
      name: 'a cost budget whose subscribers were not read is unknown, not failed',
      items: [budgetsAccount([budget('monthly', [notification(50), notification(80, {}, null), notification(100)])])],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'partlyRead', data: { budget: 'monthly' } }],
    },
    {
      name: 'a failed DescribeBudgets makes the rule unknown, naming the call',
      items: [budgetsAccount([budget('monthly', FULL)])],
      failed: [factFailed('AWS::Budgets::Account', 'budgets', 'DescribeBudgets', 'budgets')],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'budgets:DescribeBudgets in global failed (AccessDeniedException: denied by the test)' } }],
    },
    {
      name: 'each account is judged on its own budgets',
      items: [budgetsAccount([budget('monthly', FULL)]), budgetsAccount([], OTHER)],
      expect: [
        { resourceId: ACCOUNT, accountId: ACCOUNT, status: 'PASS', messageId: 'covered' },
        { resourceId: OTHER, accountId: OTHER, status: 'FAIL', messageId: 'noCostBudget' },
      ],
    },
  ],
  { noNotApplicable: 'every account, an organization member too, can create and pay attention to its own cost budgets' },
);
