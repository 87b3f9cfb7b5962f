/**
 * The seed's cost controls (the account is standalone: moto's organization is not set up, so
 * DescribeOrganization answers AWSOrganizationsNotInUseException and the account's own cost
 * allocation tags are judged):
 * - a monthly cost budget with FORECASTED alerts at 50, 80 and 100 %, each with an e-mail
 *   subscriber (budget-forecast-alerts PASS), and a usage budget without alerts;
 * - cost allocation tags Environment (Active) and Team (Inactive): a required tag is inactive
 *   (cost-allocation-tags-active FAIL);
 * - a Cost Anomaly Detection monitor of AWS services with a daily e-mail subscription
 *   (cost-anomaly-monitor PASS).
 */
import { BudgetsClient, CreateBudgetCommand } from '@aws-sdk/client-budgets';
import { CostExplorerClient, CreateAnomalyMonitorCommand, CreateAnomalySubscriptionCommand, UpdateCostAllocationTagsStatusCommand } from '@aws-sdk/client-cost-explorer';
import type { ClientFactory } from '../../../aws/clients.js';
import { TAGS, type Registry } from './registry.js';
import { ACCOUNT } from './seed-databases.js';

/** What the API-call formulas need of the seeded cost controls. */
export interface BillingCensus {
  readonly notificationsPerBudget: readonly number[];
  readonly subscribersPerNotification: readonly number[];
  readonly costAllocationTags: number;
  readonly anomalyMonitors: number;
  readonly anomalySubscriptions: number;
}

const THRESHOLDS = [50, 80, 100];

export async function seedBilling(clients: ClientFactory, registry: Registry): Promise<BillingCensus> {
  const budgets = clients(BudgetsClient, 'us-east-1');
  await budgets.send(
    new CreateBudgetCommand({
      AccountId: ACCOUNT,
      Budget: { BudgetName: 'monthly-total', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '1000', Unit: 'USD' } },
      NotificationsWithSubscribers: THRESHOLDS.map((Threshold) => ({
        Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold, ThresholdType: 'PERCENTAGE' },
        Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'finops@example.com' }],
      })),
    }),
  );
  await budgets.send(
    new CreateBudgetCommand({ AccountId: ACCOUNT, Budget: { BudgetName: 'ec2-hours', BudgetType: 'USAGE', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '5000', Unit: 'Hrs' } } }),
  );

  const ce = clients(CostExplorerClient, 'us-east-1');
  await ce.send(new UpdateCostAllocationTagsStatusCommand({ CostAllocationTagsStatus: [{ TagKey: 'Environment', Status: 'Active' }, { TagKey: 'Team', Status: 'Inactive' }] }));
  const monitor = await ce.send(new CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: 'aws-services', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' } }));
  await ce.send(
    new CreateAnomalySubscriptionCommand({
      AnomalySubscription: {
        SubscriptionName: 'daily-digest',
        MonitorArnList: [monitor.MonitorArn ?? ''],
        Subscribers: [{ Type: 'EMAIL', Address: 'finops@example.com', Status: 'CONFIRMED' }],
        Frequency: 'DAILY',
        ThresholdExpression: { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', Values: ['100'], MatchOptions: ['GREATER_THAN_OR_EQUAL'] } },
      },
    }),
  );

  registry.add({ key: 'billing:budgets', type: 'AWS::Budgets::Account', region: 'global', id: ACCOUNT, tags: TAGS.none });
  registry.add({ key: 'billing:ce', type: 'AWS::CE::Account', region: 'global', id: ACCOUNT, tags: TAGS.none });
  return { notificationsPerBudget: [THRESHOLDS.length, 0], subscribersPerNotification: THRESHOLDS.map(() => 1), costAllocationTags: 2, anomalyMonitors: 1, anomalySubscriptions: 1 };
}
