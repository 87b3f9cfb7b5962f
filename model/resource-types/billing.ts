/**
 * Billing: the account's cost controls, as two synthetic global types (no AWS Config type records
 * them) — one per service that answers for them, so that each is collected by one collector whose
 * calls are counted, limited and permitted under that service:
 *
 * - `AWS::Budgets::Account`: the account's budgets as AWS Budgets keeps them (DescribeBudgets, then
 *   each budget's notifications and each notification's subscribers);
 * - `AWS::CE::Account`: the account as Cost Explorer (and Organizations) sees it — its cost
 *   allocation tags, its Cost Anomaly Detection monitors and subscriptions, and whether it is an
 *   organization's management account, a member or standalone.
 *
 * Both are keyed by the account id and have no ARN (AWS has none for them): their findings are
 * named `ACCOUNT/global/TYPE/ACCOUNT`, as the account × Region item's are. The Inventory
 * synthesises an empty one of each in every account's `global` scope where no source gave one, so
 * a source without the facts (an AWS Config snapshot) makes their rules UNKNOWN, never silent.
 *
 * Each fact is absent when its call failed; the failure is recorded against the fact's aspect
 * (`budgets`, `costAllocationTags`, `anomalyMonitors`, `anomalySubscriptions`, `organization`), so
 * only the rules reading it are UNKNOWN, naming the call.
 */
import { z } from 'zod';
import { describeService } from './describe.js';
import { loose, str, strList } from './fields.js';

const num = z.number().nullish();

export const billing = describeService({
  types: {
    'AWS::Budgets::Account': {
      schema: loose({
        accountId: str,
        /** Every budget of the account (DescribeBudgets, every page), each with its notifications and their subscribers. */
        budgets: z
          .array(
            loose({
              budgetName: str,
              /** COST, USAGE, RI_UTILIZATION, RI_COVERAGE, SAVINGS_PLANS_UTILIZATION, SAVINGS_PLANS_COVERAGE. */
              budgetType: str,
              timeUnit: str,
              budgetLimit: loose({ amount: str, unit: str }).nullish(),
              notifications: z
                .array(
                  loose({
                    /** ACTUAL or FORECASTED. */
                    notificationType: str,
                    /** GREATER_THAN, LESS_THAN, EQUAL_TO. */
                    comparisonOperator: str,
                    threshold: num,
                    /** PERCENTAGE or ABSOLUTE_VALUE. */
                    thresholdType: str,
                    /** OK or ALARM. */
                    notificationState: str,
                    subscribers: z.array(loose({ subscriptionType: str, address: str })).nullish(),
                  }),
                )
                .nullish(),
            }),
          )
          .nullish(),
      }),
      taggable: false,
      global: true,
      asff: 'AwsAccount',
      // DescribeBudgets, DescribeNotificationsForBudget and DescribeSubscribersForNotification are all authorised by budgets:ViewBudget.
      reads: ['budgets:ViewBudget'],
    },
    'AWS::CE::Account': {
      schema: loose({
        accountId: str,
        /**
         * The account's place in AWS Organizations (DescribeOrganization): `managementAccountId` of
         * its organization, or `standalone: true` when it belongs to none.
         */
        organization: loose({ standalone: z.boolean(), managementAccountId: str }).nullish(),
        /** Every cost allocation tag of the account (ListCostAllocationTags, every page). */
        costAllocationTags: z.array(loose({ tagKey: str, type: str, status: str })).nullish(),
        /** Every Cost Anomaly Detection monitor (GetAnomalyMonitors, every page). */
        anomalyMonitors: z
          .array(
            loose({
              monitorArn: str,
              monitorName: str,
              /** DIMENSIONAL or CUSTOM. */
              monitorType: str,
              /** SERVICE (or LINKED_ACCOUNT, COST_CATEGORY, TAG) for a DIMENSIONAL monitor. */
              monitorDimension: str,
              /**
               * A CUSTOM monitor's Cost Explorer expression (`{"Dimensions": {"Key", "Values"}}`, `{"And": […]}`, …) as a
               * JSON string, as CloudFormation's AWS::CE::AnomalyMonitor holds it (an expression nests without bound).
               */
              monitorSpecification: str,
            }),
          )
          .nullish(),
        /** Every anomaly alert subscription (GetAnomalySubscriptions, every page). */
        anomalySubscriptions: z
          .array(
            loose({
              subscriptionArn: str,
              subscriptionName: str,
              monitorArnList: strList,
              subscribers: z.array(loose({ type: str, address: str, status: str })).nullish(),
              frequency: str,
            }),
          )
          .nullish(),
      }),
      taggable: false,
      global: true,
      asff: 'AwsAccount',
      reads: ['ce:GetAnomalyMonitors', 'ce:GetAnomalySubscriptions', 'ce:ListCostAllocationTags', 'organizations:DescribeOrganization'],
    },
  },
});
