import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CostExplorerClient, CostExplorerServiceException, GetAnomalyMonitorsCommand, GetAnomalySubscriptionsCommand, ListCostAllocationTagsCommand } from '@aws-sdk/client-cost-explorer';
import { AWSOrganizationsNotInUseException, DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { costExplorerCollector } from '../../../../inventory/live/collectors/cost-explorer.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { collect, mockIdentity } from '../../../../testkit/live.js';

const MONITOR = `arn:aws:ce::${ACCOUNT}:anomalymonitor/m`;
const SPEC = { Dimensions: { Key: 'LINKED_ACCOUNT' as const, Values: [ACCOUNT] } };

let mocks: ReturnType<typeof mockIdentity>;
const ceMock = () => mockClient(CostExplorerClient);
const organizationsMock = () => mockClient(OrganizationsClient);
let ce: ReturnType<typeof ceMock>;
let organizations: ReturnType<typeof organizationsMock>;
beforeEach(() => {
  mocks = mockIdentity([REGION]);
  ce = ceMock();
  organizations = organizationsMock();
  organizations.on(DescribeOrganizationCommand).rejects(new AWSOrganizationsNotInUseException({ $metadata: { httpStatusCode: 400 }, message: 'not in an organization' }));
  ce.on(ListCostAllocationTagsCommand, { NextToken: undefined }).resolves({ CostAllocationTags: [{ TagKey: 'Team', Type: 'UserDefined', Status: 'Active' }], NextToken: 'p2' });
  ce.on(ListCostAllocationTagsCommand, { NextToken: 'p2' }).resolves({ CostAllocationTags: [{ TagKey: 'CostCenter', Type: 'UserDefined', Status: 'Inactive' }] });
  ce.on(GetAnomalyMonitorsCommand, { NextPageToken: undefined }).resolves({ AnomalyMonitors: [{ MonitorArn: MONITOR, MonitorName: 'm', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' }], NextPageToken: 'm2' });
  ce.on(GetAnomalyMonitorsCommand, { NextPageToken: 'm2' }).resolves({ AnomalyMonitors: [{ MonitorArn: `${MONITOR}2`, MonitorName: 'c', MonitorType: 'CUSTOM', MonitorSpecification: SPEC }] });
  ce.on(GetAnomalySubscriptionsCommand).resolves({
    AnomalySubscriptions: [{ SubscriptionArn: 's', SubscriptionName: 'daily', AccountId: ACCOUNT, MonitorArnList: [MONITOR], Subscribers: [{ Type: 'EMAIL', Address: 'a@example.com', Status: 'CONFIRMED' }], Frequency: 'DAILY' }],
  });
});
afterEach(() => {
  ce.restore();
  organizations.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('Cost Explorer collector', () => {
  it('reads a standalone account: its user-defined cost allocation tags and every page of monitors, with their subscriptions', async () => {
    const collection = await collect([costExplorerCollector], ['AWS::CE::Account']);
    expect(collection.errors).toEqual([]);
    // The source emits the account × Region item too.
    expect(collection.items.map((item) => item.resourceType)).toEqual(['AWS::CE::Account', 'AWS::::Account']);
    expect(collection.items[0]).toMatchObject({ resourceType: 'AWS::CE::Account', resourceId: ACCOUNT, awsRegion: 'global' });
    expect(collection.items[0]?.configuration).toEqual({
      accountId: ACCOUNT,
      organization: { standalone: true },
      costAllocationTags: [
        { tagKey: 'Team', type: 'UserDefined', status: 'Active' },
        { tagKey: 'CostCenter', type: 'UserDefined', status: 'Inactive' },
      ],
      anomalyMonitors: [
        { monitorArn: MONITOR, monitorName: 'm', monitorType: 'DIMENSIONAL', monitorDimension: 'SERVICE' },
        { monitorArn: `${MONITOR}2`, monitorName: 'c', monitorType: 'CUSTOM', monitorSpecification: JSON.stringify(SPEC) },
      ],
      anomalySubscriptions: [{ subscriptionArn: 's', subscriptionName: 'daily', monitorArnList: [MONITOR], subscribers: [{ type: 'EMAIL', address: 'a@example.com', status: 'CONFIRMED' }], frequency: 'DAILY' }],
    });
    expect(ce).toHaveReceivedCommandWith(ListCostAllocationTagsCommand, { Type: 'UserDefined', MaxResults: 1000 });
    expect(ce.commandCalls(ListCostAllocationTagsCommand)).toHaveLength(2);
    expect(ce.commandCalls(GetAnomalyMonitorsCommand)).toHaveLength(2);
    // "In no organization" is an answer, not a failed call; it is counted under Organizations.
    expect(collection.calls).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'organizations', operation: 'DescribeOrganization', calls: 1, errors: 0 })]));
  });

  it("does not read a member account's cost allocation tags: they are its management account's", async () => {
    organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-1', MasterAccountId: '999988887777' } });
    const collection = await collect([costExplorerCollector], ['AWS::CE::Account']);
    expect(collection.errors).toEqual([]);
    expect(collection.items[0]?.configuration).toMatchObject({ organization: { standalone: false, managementAccountId: '999988887777' } });
    expect(collection.items[0]?.configuration).not.toHaveProperty('costAllocationTags');
    expect(ce.commandCalls(ListCostAllocationTagsCommand)).toHaveLength(0);
  });

  it('a failed call leaves only its fact out, recorded against its aspect', async () => {
    ce.on(GetAnomalySubscriptionsCommand).rejects(new CostExplorerServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'denied' }));
    organizations.on(DescribeOrganizationCommand).rejects(new Error('socket hang up'));
    const collection = await collect([costExplorerCollector], ['AWS::CE::Account']);
    const configuration = collection.items[0]?.configuration ?? {};
    expect(Object.keys(configuration).sort()).toEqual(['accountId', 'anomalyMonitors']);
    expect(collection.errors.map((error) => [error.service, error.operation, error.aspect]).sort()).toEqual([
      ['ce', 'GetAnomalySubscriptions', 'anomalySubscriptions'],
      ['organizations', 'DescribeOrganization', 'organization'],
    ]);
    expect(ce.commandCalls(ListCostAllocationTagsCommand)).toHaveLength(0);
  });
});
