import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { BudgetsClient, BudgetsServiceException, DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand, NotFoundException } from '@aws-sdk/client-budgets';
import { mockClient } from 'aws-sdk-client-mock';
import { budgetsCollector } from '../../../../inventory/live/collectors/budgets.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { collect, mockIdentity } from '../../../../testkit/live.js';

const FORECAST = { NotificationType: 'FORECASTED' as const, ComparisonOperator: 'GREATER_THAN' as const, Threshold: 80, ThresholdType: 'PERCENTAGE' as const };
const budget = (BudgetName: string) => ({ BudgetName, BudgetType: 'COST' as const, TimeUnit: 'MONTHLY' as const, BudgetLimit: { Amount: '100.0', Unit: 'USD' } });

let mocks: ReturnType<typeof mockIdentity>;
const budgetsMock = () => mockClient(BudgetsClient);
let budgets: ReturnType<typeof budgetsMock>;
beforeEach(() => {
  mocks = mockIdentity([REGION]);
  budgets = budgetsMock();
});
afterEach(() => {
  budgets.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('Budgets collector', () => {
  it('reads every page of budgets, notifications and subscribers, naming the scanned account', async () => {
    budgets
      .on(DescribeBudgetsCommand, { AccountId: ACCOUNT, MaxResults: 100, NextToken: undefined }).resolves({ Budgets: [budget('a')], NextToken: 't1' })
      .on(DescribeBudgetsCommand, { AccountId: ACCOUNT, MaxResults: 100, NextToken: 't1' }).resolves({ Budgets: [budget('b')] })
      .on(DescribeNotificationsForBudgetCommand, { BudgetName: 'a', NextToken: undefined }).resolves({ Notifications: [FORECAST], NextToken: 'n1' })
      .on(DescribeNotificationsForBudgetCommand, { BudgetName: 'a', NextToken: 'n1' }).resolves({ Notifications: [{ ...FORECAST, Threshold: 100 }] })
      .on(DescribeNotificationsForBudgetCommand, { BudgetName: 'b' }).resolves({ Notifications: [] })
      .on(DescribeSubscribersForNotificationCommand, { BudgetName: 'a', NextToken: undefined }).resolves({ Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'a@example.com' }], NextToken: 's1' })
      .on(DescribeSubscribersForNotificationCommand, { BudgetName: 'a', NextToken: 's1' }).resolves({ Subscribers: [{ SubscriptionType: 'SNS', Address: 'arn:aws:sns:us-east-1:1:t' }] });
    const collection = await collect([budgetsCollector], ['AWS::Budgets::Account']);
    expect(collection.errors).toEqual([]);
    // The source emits the account × Region item too.
    expect(collection.items.map((item) => item.resourceType)).toEqual(['AWS::Budgets::Account', 'AWS::::Account']);
    const subscribers = [{ subscriptionType: 'EMAIL', address: 'a@example.com' }, { subscriptionType: 'SNS', address: 'arn:aws:sns:us-east-1:1:t' }];
    expect(collection.items[0]).toMatchObject({ resourceType: 'AWS::Budgets::Account', resourceId: ACCOUNT, awsRegion: 'global' });
    expect(collection.items[0]?.configuration).toEqual({
      accountId: ACCOUNT,
      budgets: [
        {
          budgetName: 'a',
          budgetType: 'COST',
          timeUnit: 'MONTHLY',
          budgetLimit: { amount: '100.0', unit: 'USD' },
          notifications: [
            { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold: 80, thresholdType: 'PERCENTAGE', subscribers },
            { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold: 100, thresholdType: 'PERCENTAGE', subscribers },
          ],
        },
        { budgetName: 'b', budgetType: 'COST', timeUnit: 'MONTHLY', budgetLimit: { amount: '100.0', unit: 'USD' }, notifications: [] },
      ],
    });
    expect(budgets.commandCalls(DescribeBudgetsCommand)).toHaveLength(2);
    expect(budgets.commandCalls(DescribeNotificationsForBudgetCommand)).toHaveLength(3);
    expect(budgets.commandCalls(DescribeSubscribersForNotificationCommand)).toHaveLength(4);
    for (const call of budgets.calls()) expect((call.args[0].input as { AccountId?: string }).AccountId).toBe(ACCOUNT);
  });

  it('takes NotFoundException from DescribeBudgets as no budget at all', async () => {
    budgets.on(DescribeBudgetsCommand).rejects(new NotFoundException({ $metadata: { httpStatusCode: 400 }, message: "We can't locate the resource that you specified." }));
    const collection = await collect([budgetsCollector], ['AWS::Budgets::Account']);
    expect(collection.errors).toEqual([]);
    expect(collection.items[0]?.configuration).toEqual({ accountId: ACCOUNT, budgets: [] });
    // An answer, not a failed call.
    expect(collection.calls?.filter((count) => count.service === 'budgets')).toEqual([expect.objectContaining({ operation: 'DescribeBudgets', calls: 1, errors: 0 })]);
  });

  it('a NotFoundException on a later page of budgets is a failure, not the end of the list', async () => {
    budgets.on(DescribeBudgetsCommand, { NextToken: undefined }).resolves({ Budgets: [budget('a')], NextToken: 't1' });
    budgets.on(DescribeBudgetsCommand, { NextToken: 't1' }).rejects(new NotFoundException({ $metadata: { httpStatusCode: 400 }, message: 'gone' }));
    const collection = await collect([budgetsCollector], ['AWS::Budgets::Account']);
    expect(collection.items[0]?.configuration).toEqual({ accountId: ACCOUNT });
    expect(collection.errors).toEqual([expect.objectContaining({ operation: 'DescribeBudgets', code: 'NotFoundException', aspect: 'budgets' })]);
  });

  it('a failed per-budget call leaves the budgets out, records the call against the aspect, and still emits the account', async () => {
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [budget('a')] });
    budgets.on(DescribeNotificationsForBudgetCommand).rejects(new BudgetsServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'denied' }));
    const collection = await collect([budgetsCollector], ['AWS::Budgets::Account']);
    expect(collection.items[0]?.configuration).toEqual({ accountId: ACCOUNT });
    expect(collection.errors).toEqual([
      expect.objectContaining({ accountId: ACCOUNT, region: 'global', resourceTypes: ['AWS::Budgets::Account'], service: 'budgets', operation: 'DescribeNotificationsForBudget', code: 'AccessDeniedException', aspect: 'budgets' }),
    ]);
  });
});
