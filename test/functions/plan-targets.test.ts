import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { createHandler } from '../../functions/plan-targets.js';
import { awsError } from '../../testkit/live.js';
import { context, testDependencies } from './support.js';

const organizations = mockClient(OrganizationsClient);
const ec2 = mockClient(EC2Client);
afterAll(() => {
  organizations.restore();
  ec2.restore();
});
beforeEach(() => {
  organizations.reset();
  ec2.reset();
});

describe('plan-targets', () => {
  it('plans this account × the settings Regions, judging global resources in the home Region only', async () => {
    const handler = createHandler(testDependencies());
    const plan = await handler({ trigger: 'schedule' }, context);
    expect(plan).toEqual({
      runId: 'req-1',
      startedAt: '2026-11-23T02:00:00.000Z',
      targets: [
        { accountId: '111122223333', region: 'eu-west-1', includeGlobal: false },
        { accountId: '111122223333', region: 'us-east-1', includeGlobal: true },
      ],
    });
    expect(organizations).toHaveReceivedCommandTimes(ListAccountsCommand, 0);
    expect(ec2).toHaveReceivedCommandTimes(DescribeRegionsCommand, 0);
  });

  it('with ORGANIZATION_SCAN lists every active account of the organization across its pages', async () => {
    organizations
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [{ Id: '111122223333', State: 'ACTIVE' }, { Id: '222233334444', State: 'SUSPENDED' }], NextToken: 'page-2' })
      .resolvesOnce({ Accounts: [{ Id: '333344445555', State: 'ACTIVE' }] });
    const handler = createHandler(testDependencies({ env: { ORGANIZATION_SCAN: 'true' }, settings: { regions: ['eu-west-1'], securityHub: { homeRegion: 'eu-west-1' } } }));
    const plan = await handler({}, context);
    expect(plan.targets).toEqual([
      { accountId: '111122223333', region: 'eu-west-1', includeGlobal: true },
      { accountId: '333344445555', region: 'eu-west-1', includeGlobal: true },
    ]);
    expect(organizations).toHaveReceivedCommandTimes(ListAccountsCommand, 2);
    expect(organizations).toHaveReceivedNthCommandWith(2, ListAccountsCommand, { NextToken: 'page-2' });
  });

  it('asks EC2 for the enabled Regions when the settings name none; a Region list without the home Region judges global resources in the first', async () => {
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-2' }, { RegionName: 'ap-south-1' }] });
    const plan = await createHandler(testDependencies({ settings: {} }))({}, context);
    expect(plan.targets).toEqual([
      { accountId: '111122223333', region: 'ap-south-1', includeGlobal: true },
      { accountId: '111122223333', region: 'eu-west-2', includeGlobal: false },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeRegionsCommand, { AllRegions: false });
  });

  it('takes accounts and Regions from a manual run input', async () => {
    const plan = await createHandler(testDependencies())({ accounts: ['444455556666'], regions: ['us-east-1'] }, context);
    expect(plan.targets).toEqual([{ accountId: '444455556666', region: 'us-east-1', includeGlobal: true }]);
  });

  it('refuses a plan too large for the state machine, saying how to narrow it', async () => {
    const accounts = Array.from({ length: 200 }, (_, index) => String(100000000000 + index));
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'sa-east-1', 'ca-central-1'];
    await expect(createHandler(testDependencies())({ accounts, regions }, context)).rejects.toThrow(/3200 targets \(200 accounts × 16 Regions\) make a \d+ KB plan, over the 200 KB/);
    // 100 accounts × 16 Regions fits.
    const plan = await createHandler(testDependencies())({ accounts: accounts.slice(0, 100), regions }, context);
    expect(plan.targets).toHaveLength(1600);
  });

  it('fails the task, naming the field, on a malformed input; and when Organizations refuses', async () => {
    await expect(createHandler(testDependencies())({ regions: ['mars-1'] }, context)).rejects.toThrow(/plan-targets: invalid input — regions\.0: expected Region names/);
    await expect(createHandler(testDependencies())('nightly', context)).rejects.toThrow(/invalid input/);
    organizations.on(ListAccountsCommand).rejects(awsError('AccessDeniedException'));
    await expect(createHandler(testDependencies({ env: { ORGANIZATION_SCAN: 'true' } }))({}, context)).rejects.toThrow(/AccessDeniedException/);
  });
});
