/**
 * AWS Budgets: the account's budgets, each with its notifications and their subscribers, as the
 * synthetic global item `AWS::Budgets::Account` (model/resource-types/billing.ts) for
 * budget-forecast-alerts.
 *
 * Budgets has one endpoint for the partition (us-east-1; cn-northwest-1 in China), and every call
 * names the account (AccountId, the scanned one). DescribeBudgets lists every budget (100 a page,
 * every page); DescribeNotificationsForBudget lists a budget's notifications and
 * DescribeSubscribersForNotification a notification's subscribers (100 a page, every page) — AWS
 * offers no bulk call for either. All three are authorised by budgets:ViewBudget.
 *
 * DescribeBudgets answers NotFoundException for an account without budgets (the documented "we
 * can't locate the resource"): on the first page that is an empty list, caught inside the call so
 * it counts as an answer, not a failure. Any other failure — of any of
 * the calls — leaves `budgets` out and is recorded against the aspect `budgets`, so the rule is
 * UNKNOWN naming the call rather than judging part of the budgets. The item itself is emitted
 * whatever happens (without the fact), so the account is always judged.
 */
import {
  BudgetsClient,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  type Notification,
} from '@aws-sdk/client-budgets';
import type { ResourceType } from '../../../model/configuration-item.js';
import { asAwsError } from '../../../aws/errors.js';
import { plain, type CollectContext, type Collector } from '../collector.js';

const BUDGETS = 'AWS::Budgets::Account' as const satisfies ResourceType;
const PAGE = 100;

/** The Region of the billing services' one endpoint in a partition (Budgets, Cost Explorer). */
export function billingRegion(partition: string): string {
  return partition === 'aws-cn' ? 'cn-northwest-1' : 'us-east-1';
}

async function readBudgets(context: CollectContext): Promise<unknown[]> {
  const region = billingRegion(context.partition);
  const budgets = context.client(BudgetsClient, region);
  const AccountId = context.accountId;
  const listed = [];
  for await (const page of context.pages(
    'DescribeBudgets',
    // No budget at all: AWS answers the first page with NotFoundException rather than an empty
    // list. That is an answer, not a failed call, so it is caught inside the call; any other
    // error, or a NotFoundException on a later page, fails the read.
    (NextToken) =>
      budgets.send(new DescribeBudgetsCommand({ AccountId, MaxResults: PAGE, NextToken })).catch((error: unknown) => {
        if (NextToken === undefined && asAwsError(error).name === 'NotFoundException') return { Budgets: [], NextToken: undefined };
        throw error;
      }),
    (output) => output.NextToken,
    { region },
  )) {
    listed.push(...(page.Budgets ?? []));
  }
  return Promise.all(
    listed.map(async (budget) => {
      const BudgetName = budget.BudgetName;
      const notifications: Notification[] = [];
      for await (const page of context.pages(
        'DescribeNotificationsForBudget',
        (NextToken) => budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId, BudgetName, MaxResults: PAGE, NextToken })),
        (output) => output.NextToken,
        { region },
      )) {
        notifications.push(...(page.Notifications ?? []));
      }
      const described = await Promise.all(
        notifications.map(async (notification) => {
          const subscribers = [];
          for await (const page of context.pages(
            'DescribeSubscribersForNotification',
            (NextToken) => budgets.send(new DescribeSubscribersForNotificationCommand({ AccountId, BudgetName, Notification: notification, MaxResults: PAGE, NextToken })),
            (output) => output.NextToken,
            { region },
          )) {
            for (const subscriber of page.Subscribers ?? []) subscribers.push({ subscriptionType: subscriber.SubscriptionType, address: subscriber.Address });
          }
          return {
            notificationType: notification.NotificationType,
            comparisonOperator: notification.ComparisonOperator,
            threshold: notification.Threshold,
            thresholdType: notification.ThresholdType,
            notificationState: notification.NotificationState,
            subscribers,
          };
        }),
      );
      return {
        budgetName: BudgetName,
        budgetType: budget.BudgetType,
        timeUnit: budget.TimeUnit,
        ...(budget.BudgetLimit === undefined ? {} : { budgetLimit: { amount: budget.BudgetLimit.Amount, unit: budget.BudgetLimit.Unit } }),
        notifications: described,
      };
    }),
  );
}

export const budgetsCollector: Collector = {
  service: 'budgets',
  produces: [BUDGETS],
  global: true,
  async collect(context, types) {
    if (!types.has(BUDGETS)) return;
    const configuration: Record<string, unknown> = { accountId: context.accountId };
    await context.attempt([BUDGETS], async () => {
      configuration['budgets'] = plain(await readBudgets(context));
    }, { aspect: 'budgets' });
    context.emit({ resourceType: BUDGETS, resourceId: context.accountId, resourceName: context.accountId, configuration });
  },
};
