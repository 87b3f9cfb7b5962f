/**
 * budget-forecast-alerts: the account has a cost budget that alerts someone when the month's
 * forecast crosses each threshold of the settings (`costControls.budgetThresholds`, default 50, 80
 * and 100 %) — the Cost Control Pattern "AWS Budgets with alerts at 50 %, 80 %, 100 % of forecast".
 *
 * Reads the synthetic `AWS::Budgets::Account` item's `budgets`: every budget (DescribeBudgets),
 * its notifications (DescribeNotificationsForBudget) and their subscribers
 * (DescribeSubscribersForNotification). A threshold is covered by a notification of type
 * FORECASTED, comparison GREATER_THAN, threshold type PERCENTAGE at exactly that percentage, with at
 * least one SNS or EMAIL subscriber. One COST budget must cover every threshold; USAGE, RI and
 * Savings Plans budgets do not count. The FAIL names what the closest cost budget lacks (the
 * thresholds with no forecasted alert, those with no subscriber, or that it alerts on actual spend
 * only), or that there is no cost budget.
 *
 * A source without the budgets (an AWS Config snapshot) leaves the rule UNKNOWN; a failed Budgets
 * call makes it UNKNOWN naming the call (aspect `budgets`). Every account can hold budgets, a
 * member of an organization too, so the rule has no NOT_APPLICABLE.
 *
 * AWS Well-Architected: COST02-BP05 "Implement cost controls" and COST03-BP05 "Configure billing
 * and cost management tools". No Security Hub control checks budgets, so `controls` is empty.
 */
import { defineRule } from '../lib/define-rule.js';

const SUBSCRIPTION_TYPES = new Set(['SNS', 'EMAIL']);

const percents = (values: readonly number[]): string => values.map((value) => `${value} %`).join(', ');

export default defineRule({
  meta: {
    id: 'budget-forecast-alerts',
    gate: 'cost-controls',
    title: 'A cost budget alerts on forecasted spend at each threshold',
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::Budgets::Account'],
    reads: ['budgets'],
    controls: [],
    remediation: {
      text:
        'Create a monthly COST budget (Billing and Cost Management → Budgets, or `aws budgets create-budget`) with a FORECASTED alert, ' +
        'GREATER_THAN the PERCENTAGE thresholds of the settings (50, 80 and 100 % by default), each sent to an SNS topic or an e-mail ' +
        'address. Well-Architected COST02-BP05 (implement cost controls) and COST03-BP05 (configure billing and cost management tools).',
      url: 'https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-create.html',
    },
    messages: {
      covered: 'Cost budget {{budget}} of account {{account}} alerts a subscriber when forecasted spend passes {{thresholds}}.',
      noCostBudget: 'Account {{account}} has no cost budget ({{others}}): nothing warns before spending runs over.',
      incomplete:
        'No cost budget of account {{account}} alerts a subscriber on forecasted spend at each of {{thresholds}}; the closest, {{budget}}, has {{problems}}.',
      notRead: "The budgets of account {{account}} were not read (an AWS Config snapshot does not carry them): its cost budgets are not judged.",
      partlyRead: 'The notifications or subscribers of cost budget {{budget}} of account {{account}} were not read: the budget is not judged.',
    },
  },
  check(item, context) {
    const account = item.awsAccountId;
    const budgets = item.configuration.budgets;
    if (budgets === undefined || budgets === null) return context.unknown('notRead', { account });
    const thresholds = context.settings.costControls.budgetThresholds;
    const costBudgets = budgets.filter((budget) => budget.budgetType === 'COST');
    if (costBudgets.length === 0) {
      const types = [...new Set(budgets.map((budget) => budget.budgetType ?? 'unknown'))].join(', ');
      const others = budgets.length === 0 ? 'no budget at all' : `its ${budgets.length === 1 ? 'budget is' : `${budgets.length} budgets are`} of type ${types}`;
      return context.fail('noCostBudget', { account, others });
    }

    let closest: { name: string; score: number; problems: string } | undefined;
    let unread: string | undefined;
    for (const budget of costBudgets) {
      const name = budget.budgetName ?? '(unnamed)';
      const notifications = budget.notifications;
      if (notifications === undefined || notifications === null || notifications.some((notification) => notification.subscribers === undefined || notification.subscribers === null)) {
        unread ??= name;
        continue;
      }
      const forecasted = notifications.filter(
        (notification) => notification.notificationType === 'FORECASTED' && notification.comparisonOperator === 'GREATER_THAN' && notification.thresholdType === 'PERCENTAGE',
      );
      const missing: number[] = [];
      const silent: number[] = [];
      for (const threshold of thresholds) {
        const at = forecasted.filter((notification) => notification.threshold === threshold);
        if (at.length === 0) missing.push(threshold);
        else if (!at.some((notification) => (notification.subscribers ?? []).some((subscriber) => SUBSCRIPTION_TYPES.has(subscriber.subscriptionType ?? '') && (subscriber.address ?? '') !== ''))) silent.push(threshold);
      }
      if (missing.length === 0 && silent.length === 0) return context.pass('covered', { account, budget: name, thresholds: percents(thresholds) });
      const problems: string[] = [];
      if (forecasted.length === 0 && notifications.some((notification) => notification.notificationType === 'ACTUAL')) problems.push('only ACTUAL alerts (none on forecasted spend)');
      else if (missing.length > 0) problems.push(`no FORECASTED alert at ${percents(missing)}`);
      if (silent.length > 0) problems.push(`no subscriber on the alert at ${percents(silent)}`);
      const score = missing.length * 2 + silent.length;
      if (closest === undefined || score < closest.score) closest = { name, score, problems: problems.join(' and ') };
    }
    if (unread !== undefined) return context.unknown('partlyRead', { account, budget: unread });
    // Every cost budget was judged and none covers every threshold.
    return context.fail('incomplete', { account, thresholds: percents(thresholds), budget: closest?.name ?? '', problems: closest?.problems ?? '' });
  },
});
