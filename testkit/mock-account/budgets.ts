/**
 * AWS Budgets of the mocked account (global: one endpoint): `n` monthly cost budgets, each with
 * FORECASTED alerts at 50, 80 and 100 % and one e-mail subscriber per alert. Every call must name
 * the mocked account (AccountId), as AWS requires; each pages at most 100 at a time, as AWS does.
 */
import {
  BudgetsClient,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  type Budget,
  type DescribeBudgetsCommandInput,
  type DescribeBudgetsCommandOutput,
  type DescribeNotificationsForBudgetCommandInput,
  type DescribeNotificationsForBudgetCommandOutput,
  type DescribeSubscribersForNotificationCommandInput,
  type DescribeSubscribersForNotificationCommandOutput,
  type Notification,
  type Subscriber,
} from '@aws-sdk/client-budgets';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, awsError, type Out, paginate, type Restorable } from './kit.js';

export interface BudgetsData {
  readonly budgets: readonly { readonly budget: Budget; readonly notifications: readonly { readonly notification: Notification; readonly subscribers: readonly Subscriber[] }[] }[];
}

export function budgetsData(n: number): BudgetsData {
  return {
    budgets: Array.from({ length: n }, (_, index) => ({
      budget: { BudgetName: `gatewatch-bench-budget-${index}`, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '1000.0', Unit: 'USD' } },
      notifications: [50, 80, 100].map((Threshold) => ({
        notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold, ThresholdType: 'PERCENTAGE', NotificationState: 'OK' },
        subscribers: [{ SubscriptionType: 'EMAIL', Address: `finops-${index}@example.com` }],
      })),
    })),
  };
}

function checkAccount(input: { readonly AccountId?: string | undefined }): void {
  if (input.AccountId !== ACCOUNT) throw awsError('AccessDeniedException', `AccountId ${String(input.AccountId)} is not the caller's account`);
}

const sameNotification = (a: Notification, b: Notification | undefined): boolean =>
  b !== undefined && a.NotificationType === b.NotificationType && a.ComparisonOperator === b.ComparisonOperator && a.Threshold === b.Threshold && a.ThresholdType === b.ThresholdType;

export function mockBudgets(data: BudgetsData): Restorable[] {
  const budgets = mockClient(BudgetsClient);
  const byName = (name: string | undefined) => {
    const found = data.budgets.find((entry) => entry.budget.BudgetName === name);
    if (found === undefined) throw awsError('NotFoundException', `budget ${String(name)} not found`);
    return found;
  };
  budgets.on(DescribeBudgetsCommand).callsFake(async (input: DescribeBudgetsCommandInput): Promise<Out<DescribeBudgetsCommandOutput>> => {
    checkAccount(input);
    // AWS answers NotFoundException, not an empty list, for an account without budgets.
    if (data.budgets.length === 0) throw awsError('NotFoundException', "We can't locate the resource that you specified.");
    const page = paginate('DescribeBudgets', data.budgets, input.NextToken, input.MaxResults, 100);
    return { Budgets: page.items.map((entry) => entry.budget), ...(page.next === undefined ? {} : { NextToken: page.next }) };
  });
  budgets.on(DescribeNotificationsForBudgetCommand).callsFake(async (input: DescribeNotificationsForBudgetCommandInput): Promise<Out<DescribeNotificationsForBudgetCommandOutput>> => {
    checkAccount(input);
    const page = paginate('DescribeNotificationsForBudget', byName(input.BudgetName).notifications, input.NextToken, input.MaxResults, 100);
    return { Notifications: page.items.map((entry) => entry.notification), ...(page.next === undefined ? {} : { NextToken: page.next }) };
  });
  budgets.on(DescribeSubscribersForNotificationCommand).callsFake(async (input: DescribeSubscribersForNotificationCommandInput): Promise<Out<DescribeSubscribersForNotificationCommandOutput>> => {
    checkAccount(input);
    const notification = byName(input.BudgetName).notifications.find((entry) => sameNotification(entry.notification, input.Notification));
    if (notification === undefined) throw awsError('NotFoundException', `no such notification of budget ${String(input.BudgetName)}`);
    const page = paginate('DescribeSubscribersForNotification', notification.subscribers, input.NextToken, input.MaxResults, 100);
    return { Subscribers: page.items, ...(page.next === undefined ? {} : { NextToken: page.next }) };
  });
  return [budgets];
}
