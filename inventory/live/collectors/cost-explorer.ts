/**
 * Cost Explorer (and Organizations): the account's cost allocation tags, Cost Anomaly Detection
 * monitors and subscriptions, and its place in an organization, as the synthetic global item
 * `AWS::CE::Account` (model/resource-types/billing.ts) for cost-allocation-tags-active and
 * cost-anomaly-monitor.
 *
 * Cost Explorer has one endpoint for the partition (us-east-1; cn-northwest-1 in China).
 * - DescribeOrganization (Organizations, counted and limited under `organizations`): the
 *   management account's id, or AWSOrganizationsNotInUseException for a standalone account.
 * - ListCostAllocationTags (Type UserDefined — an `aws:` tag cannot be required — 1,000 a page,
 *   every page), read only where the account is a management or standalone account: a member's
 *   cost allocation tags are its management account's, and the rule does not judge it.
 * - GetAnomalyMonitors and GetAnomalySubscriptions, every page (NextPageToken).
 * Each fact is its own aspect: a failed call leaves only its fact out and makes only the rules
 * reading it UNKNOWN, naming the call. The item is emitted whatever happens.
 */
import {
  CostExplorerClient,
  GetAnomalyMonitorsCommand,
  GetAnomalySubscriptionsCommand,
  ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { ResourceType } from '../../../model/configuration-item.js';
import { CallFailure } from '../../../aws/call-failure.js';
import { asAwsError } from '../../../aws/errors.js';
import { plain, type CollectContext, type Collector } from '../collector.js';
import { billingRegion } from './budgets.js';

const CE_ACCOUNT = 'AWS::CE::Account' as const satisfies ResourceType;
const TAGS_PAGE = 1000;

interface Organization {
  readonly standalone: boolean;
  readonly managementAccountId?: string | undefined;
}

const STANDALONE = Symbol('standalone');

/** DescribeOrganization's answer for an account in no organization (documented); anything else is rethrown. */
function notInUse(error: unknown): typeof STANDALONE {
  if (asAwsError(error).name === 'AWSOrganizationsNotInUseException') return STANDALONE;
  throw error;
}

async function readOrganization(context: CollectContext, region: string): Promise<Organization> {
  const organizations = context.client(OrganizationsClient, region);
  // The answer "in no organization" is an answer, not a failed call: it is caught inside the call.
  const output = await context.call('DescribeOrganization', () => organizations.send(new DescribeOrganizationCommand({})).catch(notInUse), { region, service: 'organizations' });
  if (output === STANDALONE) return { standalone: true };
  const managementAccountId = output.Organization?.MasterAccountId;
  if (managementAccountId === undefined) throw new CallFailure('organizations', 'DescribeOrganization', 'IncompleteResponse', new Error('DescribeOrganization named no management account'));
  return { standalone: false, managementAccountId };
}

export const costExplorerCollector: Collector = {
  service: 'ce',
  produces: [CE_ACCOUNT],
  global: true,
  async collect(context, types) {
    if (!types.has(CE_ACCOUNT)) return;
    const region = billingRegion(context.partition);
    const ce = context.client(CostExplorerClient, region);
    const configuration: Record<string, unknown> = { accountId: context.accountId };

    const organization = context.attempt([CE_ACCOUNT], async () => {
      const found = await readOrganization(context, region);
      configuration['organization'] = plain(found);
      // A member's cost allocation tags are managed (and judged) in its management account.
      if (!found.standalone && found.managementAccountId !== context.accountId) return;
      await context.attempt([CE_ACCOUNT], async () => {
        const tags = [];
        for await (const page of context.pages(
          'ListCostAllocationTags',
          (NextToken) => ce.send(new ListCostAllocationTagsCommand({ Type: 'UserDefined', MaxResults: TAGS_PAGE, NextToken })),
          (output) => output.NextToken,
          { region },
        )) {
          for (const tag of page.CostAllocationTags ?? []) tags.push({ tagKey: tag.TagKey, type: tag.Type, status: tag.Status });
        }
        configuration['costAllocationTags'] = tags;
      }, { aspect: 'costAllocationTags' });
    }, { aspect: 'organization' });

    const monitors = context.attempt([CE_ACCOUNT], async () => {
      const list = [];
      for await (const page of context.pages(
        'GetAnomalyMonitors',
        (NextPageToken) => ce.send(new GetAnomalyMonitorsCommand({ NextPageToken })),
        (output) => output.NextPageToken,
        { region },
      )) {
        for (const monitor of page.AnomalyMonitors ?? []) {
          list.push(plain({
            monitorArn: monitor.MonitorArn,
            monitorName: monitor.MonitorName,
            monitorType: monitor.MonitorType,
            monitorDimension: monitor.MonitorDimension,
            // As a JSON string, as CloudFormation's AWS::CE::AnomalyMonitor holds it.
            monitorSpecification: monitor.MonitorSpecification === undefined ? undefined : JSON.stringify(monitor.MonitorSpecification),
          }));
        }
      }
      configuration['anomalyMonitors'] = list;
    }, { aspect: 'anomalyMonitors' });

    const subscriptions = context.attempt([CE_ACCOUNT], async () => {
      const list = [];
      for await (const page of context.pages(
        'GetAnomalySubscriptions',
        (NextPageToken) => ce.send(new GetAnomalySubscriptionsCommand({ NextPageToken })),
        (output) => output.NextPageToken,
        { region },
      )) {
        for (const subscription of page.AnomalySubscriptions ?? []) {
          list.push(plain({
            subscriptionArn: subscription.SubscriptionArn,
            subscriptionName: subscription.SubscriptionName,
            monitorArnList: subscription.MonitorArnList ?? [],
            subscribers: (subscription.Subscribers ?? []).map((subscriber) => ({ type: subscriber.Type, address: subscriber.Address, status: subscriber.Status })),
            frequency: subscription.Frequency,
          }));
        }
      }
      configuration['anomalySubscriptions'] = list;
    }, { aspect: 'anomalySubscriptions' });

    await Promise.all([organization, monitors, subscriptions]);
    context.emit({ resourceType: CE_ACCOUNT, resourceId: context.accountId, resourceName: context.accountId, configuration });
  },
};
