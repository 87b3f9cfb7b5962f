/** Builders of the cost-controls items (model/resource-types/billing.ts) for the rule tests. */
import type { CollectionError } from '../../../inventory/source.js';
import { ACCOUNT, item } from '../../support/items.js';

export const OTHER = '444455556666';
export const MANAGEMENT = '999988887777';

type Subscriber = { subscriptionType: string; address: string };

/** A notification: FORECASTED, GREATER_THAN, PERCENTAGE at `threshold`, with `subscribers` (default one e-mail). */
export function notification(threshold: number, overrides: Record<string, unknown> = {}, subscribers: readonly Subscriber[] | null = [{ subscriptionType: 'EMAIL', address: 'finops@example.com' }]) {
  return { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE', notificationState: 'OK', subscribers, ...overrides };
}

export function budget(budgetName: string, notifications: readonly unknown[] | null, budgetType = 'COST') {
  return { budgetName, budgetType, timeUnit: 'MONTHLY', budgetLimit: { amount: '1000.0', unit: 'USD' }, notifications };
}

export function budgetsAccount(budgets: readonly unknown[] | undefined, account = ACCOUNT) {
  return item('AWS::Budgets::Account', account, { accountId: account, ...(budgets === undefined ? {} : { budgets }) }, { awsAccountId: account, awsRegion: 'global', ARN: null });
}

export function ceAccount(configuration: Readonly<Record<string, unknown>>, account = ACCOUNT) {
  return item('AWS::CE::Account', account, { accountId: account, ...configuration }, { awsAccountId: account, awsRegion: 'global', ARN: null });
}

/** A failed call feeding one fact of a billing item. */
export function factFailed(type: 'AWS::Budgets::Account' | 'AWS::CE::Account', service: string, operation: string, aspect: string, account = ACCOUNT): CollectionError {
  return { accountId: account, region: 'global', resourceTypes: [type], service, operation, code: 'AccessDeniedException', message: 'denied by the test', aspect };
}
