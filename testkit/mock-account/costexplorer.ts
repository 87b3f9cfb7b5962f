/**
 * Cost Explorer and Organizations of the mocked account (global: one endpoint each). The account is
 * its organization's management account, so its cost allocation tags are read: `n` user-defined
 * tags (active), `n` anomaly monitors of AWS services and `n` subscriptions, one on each. Pages: at
 * most 1,000 cost allocation tags (ListCostAllocationTags' documented maximum) and, where the
 * collector asks no size, 100 monitors or subscriptions (AWS documents no page size for them).
 */
import {
  CostExplorerClient,
  GetAnomalyMonitorsCommand,
  GetAnomalySubscriptionsCommand,
  ListCostAllocationTagsCommand,
  type AnomalyMonitor,
  type AnomalySubscription,
  type CostAllocationTag,
  type GetAnomalyMonitorsCommandInput,
  type GetAnomalyMonitorsCommandOutput,
  type GetAnomalySubscriptionsCommandInput,
  type GetAnomalySubscriptionsCommandOutput,
  type ListCostAllocationTagsCommandInput,
  type ListCostAllocationTagsCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { DescribeOrganizationCommand, OrganizationsClient, type DescribeOrganizationCommandOutput } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type Out, paginate, type Restorable } from './kit.js';

/** The page size of GetAnomalyMonitors and GetAnomalySubscriptions when none is asked (AWS documents none). */
export const ANOMALY_PAGE = 100;

export interface CostExplorerData {
  readonly costAllocationTags: readonly CostAllocationTag[];
  readonly anomalyMonitors: readonly AnomalyMonitor[];
  readonly anomalySubscriptions: readonly AnomalySubscription[];
}

export function costexplorerData(n: number): CostExplorerData {
  const monitorArn = (index: number) => `arn:aws:ce::${ACCOUNT}:anomalymonitor/${String(index).padStart(8, '0')}-bench`;
  return {
    costAllocationTags: Array.from({ length: n }, (_, index) => ({ TagKey: `gatewatch-bench-tag-${index}`, Type: 'UserDefined', Status: 'Active' })),
    anomalyMonitors: Array.from({ length: n }, (_, index) => ({ MonitorArn: monitorArn(index), MonitorName: `services-${index}`, MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' })),
    anomalySubscriptions: Array.from({ length: n }, (_, index) => ({
      SubscriptionArn: `arn:aws:ce::${ACCOUNT}:anomalysubscription/${String(index).padStart(8, '0')}-bench`,
      SubscriptionName: `daily-${index}`,
      AccountId: ACCOUNT,
      MonitorArnList: [monitorArn(index)],
      Subscribers: [{ Type: 'EMAIL', Address: `finops-${index}@example.com`, Status: 'CONFIRMED' }],
      Frequency: 'DAILY',
    })),
  };
}

export function mockCostExplorer(data: CostExplorerData): Restorable[] {
  const ce = mockClient(CostExplorerClient);
  ce.on(ListCostAllocationTagsCommand).callsFake(async (input: ListCostAllocationTagsCommandInput): Promise<Out<ListCostAllocationTagsCommandOutput>> => {
    const tags = data.costAllocationTags.filter((tag) => (input.Type === undefined || tag.Type === input.Type) && (input.Status === undefined || tag.Status === input.Status));
    const page = paginate('ListCostAllocationTags', tags, input.NextToken, input.MaxResults, 1000, 100);
    return { CostAllocationTags: page.items, ...(page.next === undefined ? {} : { NextToken: page.next }) };
  });
  ce.on(GetAnomalyMonitorsCommand).callsFake(async (input: GetAnomalyMonitorsCommandInput): Promise<Out<GetAnomalyMonitorsCommandOutput>> => {
    const page = paginate('GetAnomalyMonitors', data.anomalyMonitors, input.NextPageToken, input.MaxResults, ANOMALY_PAGE);
    return { AnomalyMonitors: page.items, ...(page.next === undefined ? {} : { NextPageToken: page.next }) };
  });
  ce.on(GetAnomalySubscriptionsCommand).callsFake(async (input: GetAnomalySubscriptionsCommandInput): Promise<Out<GetAnomalySubscriptionsCommandOutput>> => {
    const page = paginate('GetAnomalySubscriptions', data.anomalySubscriptions, input.NextPageToken, input.MaxResults, ANOMALY_PAGE);
    return { AnomalySubscriptions: page.items, ...(page.next === undefined ? {} : { NextPageToken: page.next }) };
  });
  const organizations = mockClient(OrganizationsClient);
  organizations.on(DescribeOrganizationCommand).callsFake(
    async (): Promise<Out<DescribeOrganizationCommandOutput>> => ({ Organization: { Id: 'o-bench00000', MasterAccountId: ACCOUNT, MasterAccountArn: `arn:aws:organizations::${ACCOUNT}:account/o-bench00000/${ACCOUNT}` } }),
  );
  return [ce, organizations];
}
