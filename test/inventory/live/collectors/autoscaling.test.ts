import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { AutoScalingClient, AutoScalingServiceException, DescribeAutoScalingGroupsCommand, type AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { autoscalingCollector } from '../../../../inventory/live/collectors/autoscaling.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const GROUP = 'AWS::AutoScaling::AutoScalingGroup';
const arnOf = (name: string) => `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:0f1e2d3c-aaaa-bbbb-cccc-123456789012:autoScalingGroupName/${name}`;

const group = (name: string, zones: readonly string[] = ['eu-west-1a', 'eu-west-1b']): AutoScalingGroup => ({
  AutoScalingGroupName: name,
  AutoScalingGroupARN: arnOf(name),
  LaunchTemplate: { LaunchTemplateId: 'lt-1', LaunchTemplateName: 'web', Version: '$Latest' },
  MixedInstancesPolicy: {
    InstancesDistribution: { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 50, SpotAllocationStrategy: 'price-capacity-optimized' },
    LaunchTemplate: {
      LaunchTemplateSpecification: { LaunchTemplateId: 'lt-1', Version: '3' },
      Overrides: [{ InstanceType: 'm7g.large', WeightedCapacity: '2', InstanceRequirements: { VCpuCount: { Min: 2 }, MemoryMiB: { Min: 4096 } }, ImageId: 'ami-1' }],
    },
  },
  MinSize: 2,
  MaxSize: 6,
  DesiredCapacity: 2,
  DefaultCooldown: 300,
  AvailabilityZones: [...zones],
  AvailabilityZoneIds: ['euw1-az1', 'euw1-az2'],
  LoadBalancerNames: [],
  TargetGroupARNs: [`arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web/abc`],
  HealthCheckType: 'ELB',
  HealthCheckGracePeriod: 300,
  Instances: [
    { InstanceId: 'i-1', InstanceType: 'm7g.large', AvailabilityZone: 'eu-west-1a', AvailabilityZoneId: 'euw1-az1', LifecycleState: 'InService', HealthStatus: 'Healthy', ProtectedFromScaleIn: false, ImageId: 'ami-1' },
  ],
  CreatedTime: new Date('2026-01-02T03:04:05Z'),
  SuspendedProcesses: [],
  VPCZoneIdentifier: 'subnet-a,subnet-b',
  EnabledMetrics: [{ Metric: 'GroupInServiceInstances', Granularity: '1Minute' }],
  Tags: [{ ResourceId: name, ResourceType: 'auto-scaling-group', Key: 'Environment', Value: 'prod', PropagateAtLaunch: true }],
  TerminationPolicies: ['Default'],
  NewInstancesProtectedFromScaleIn: false,
  ServiceLinkedRoleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
  CapacityRebalance: true,
  // Fields AWS Config does not record must not leak into the item.
  TrafficSources: [{ Identifier: 'x', Type: 'elbv2' }],
  AvailabilityZoneDistribution: { CapacityDistributionStrategy: 'balanced-best-effort' },
  DeletionProtection: 'none',
});
const asgError = (name: string, status = 403) => new AutoScalingServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from the test` });

/** A tiny rule over groups, standing in for the rules that arrive later. */
const multiAzRule = defineRule({
  meta: {
    id: 'test-asg-multi-az',
    gate: 'multi-az',
    title: 'Auto Scaling groups span two zones (test rule)',
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: [GROUP],
    scope: 'all',
    controls: [],
    remediation: { text: 'Add a zone.', url: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-availability-zone-balanced.html' },
    messages: { multi: 'multi', single: 'single' },
  },
  check(item, context) {
    return (item.configuration.availabilityZones ?? []).length >= 2 ? context.pass('multi') : context.fail('single');
  },
});

const serviceMocks = () => ({ autoscaling: mockClient(AutoScalingClient) });

let mocks: ReturnType<typeof mockIdentity>;
let autoscaling: ReturnType<typeof serviceMocks>['autoscaling'];
beforeEach(() => {
  mocks = mockIdentity();
  ({ autoscaling } = serviceMocks());
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  autoscaling.restore();
});

const groups = (collection: Awaited<ReturnType<typeof collect>>) => collection.items.filter((entry) => entry.resourceType === GROUP);

describe('Auto Scaling collector', () => {
  it('builds configuration items in the shape AWS Config records, tags from the Describe response', async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group('web'), group('batch', ['eu-west-1c'])] });
    const collection = await collect([autoscalingCollector], [GROUP]);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((entry) => entry['resourceType'] === GROUP);
    expect(raws[0]).toMatchObject({
      resourceId: arnOf('web'),
      resourceName: 'web',
      ARN: arnOf('web'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Multiple Availability Zones',
      resourceCreationTime: '2026-01-02T03:04:05.000Z',
      tags: { Environment: 'prod' },
      relationships: [
        { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-a' },
        { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-b' },
        { resourceType: 'AWS::EC2::Instance', resourceId: 'i-1' },
      ],
      configuration: {
        autoScalingGroupName: 'web',
        autoScalingGroupARN: arnOf('web'),
        availabilityZones: [{ value: 'eu-west-1a' }, { value: 'eu-west-1b' }],
        vpczoneIdentifier: 'subnet-a,subnet-b',
        createdTime: '2026-01-02T03:04:05.000Z',
        instances: [{ instanceId: 'i-1', availabilityZone: 'eu-west-1a', lifecycleState: 'InService' }],
        mixedInstancesPolicy: {
          instancesDistribution: { onDemandBaseCapacity: 1 },
          launchTemplate: { overrides: [{ instanceType: 'm7g.large', weightedCapacity: '2' }] },
        },
      },
    });
    expect(raws[1]).toMatchObject({ resourceName: 'batch', availabilityZone: 'eu-west-1c' });
    // Rules read the zones as plain names, whichever shape the item carries.
    expect((groups(collection)[0]?.configuration as { availabilityZones?: unknown }).availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b']);
    const configuration = raws[0]?.['configuration'] as Record<string, unknown>;
    for (const leaked of ['tags', 'trafficSources', 'availabilityZoneIds', 'availabilityZoneDistribution', 'deletionProtection', 'vPCZoneIdentifier']) {
      expect(configuration).not.toHaveProperty(leaked);
    }
    expect(JSON.stringify(configuration)).not.toContain('instanceRequirements');
    for (const raw of raws) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('follows the pagination token across three pages at the maximum page size', async () => {
    autoscaling
      .on(DescribeAutoScalingGroupsCommand)
      .resolvesOnce({ AutoScalingGroups: [group('a')], NextToken: 't2' })
      .resolvesOnce({ AutoScalingGroups: [group('b')], NextToken: 't3' })
      .resolvesOnce({ AutoScalingGroups: [group('c')] });
    const collection = await collect([autoscalingCollector], [GROUP]);
    expect(groups(collection).map((entry) => entry.resourceName)).toEqual(['a', 'b', 'c']);
    expect(autoscaling).toHaveReceivedCommandTimes(DescribeAutoScalingGroupsCommand, 3);
    expect(autoscaling).toHaveReceivedNthCommandWith(1, DescribeAutoScalingGroupsCommand, { MaxRecords: 100, NextToken: undefined });
    expect(autoscaling).toHaveReceivedNthCommandWith(2, DescribeAutoScalingGroupsCommand, { MaxRecords: 100, NextToken: 't2' });
    expect(autoscaling).toHaveReceivedNthCommandWith(3, DescribeAutoScalingGroupsCommand, { MaxRecords: 100, NextToken: 't3' });
    expect(callsOf(collection, 'autoscaling', 'DescribeAutoScalingGroups')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).rejectsOnce(asgError('Throttling', 400)).resolves({ AutoScalingGroups: [group('web')] });
    const collection = await collect([autoscalingCollector], [GROUP]);
    expect(collection.errors).toEqual([]);
    expect(groups(collection).map((entry) => entry.resourceName)).toEqual(['web']);
    expect(collection.calls).toContainEqual({ service: 'autoscaling', operation: 'DescribeAutoScalingGroups', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied listing as an error for groups, keeping the pages read before it', async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolvesOnce({ AutoScalingGroups: [group('web')], NextToken: 't2' }).rejects(asgError('AccessDenied'));
    const collection = await collect([autoscalingCollector], [GROUP]);
    expect(groups(collection).map((entry) => entry.resourceName)).toEqual(['web']);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [GROUP], service: 'autoscaling', operation: 'DescribeAutoScalingGroups', code: 'AccessDenied', message: 'AccessDenied from the test' },
    ]);
  });

  it('makes a group rule UNKNOWN, never PASS, when access is denied', async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).rejects(asgError('AccessDenied'));
    const rules = [multiAzRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([autoscalingCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-asg-multi-az', region: REGION, complete: false })]);
  });

  it('lets a rule read the zones from the published {value} shape', async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group('web'), group('batch', ['eu-west-1c'])] });
    const rules = [multiAzRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([autoscalingCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.name, evaluation.status])).toEqual([
      ['batch', 'FAIL'],
      ['web', 'PASS'],
    ]);
  });

  it('makes one DescribeAutoScalingGroups call per page and no call per group', async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: Array.from({ length: 30 }, (_, index) => group(`g-${index}`)) });
    const collection = await collect([autoscalingCollector], [GROUP]);
    expect(autoscaling.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeAutoScalingGroupsCommand']);
    expect(groups(collection)).toHaveLength(30);
  });
});
