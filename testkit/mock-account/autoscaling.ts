/**
 * Auto Scaling groups in the mocked account.
 */

import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  type AutoScalingGroup,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeAutoScalingGroupsCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, awsError, type Build, CREATED, hex, type Network, nth, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface AutoScalingData {
  readonly autoScalingGroups: AutoScalingGroup[];
}

export function autoscalingData(build: Build, network: Network): AutoScalingData {
  const { n, zones, arn, id, register } = build;
  const { subnetOf } = network;
  const autoScalingGroups: AutoScalingGroup[] = Array.from({ length: n }, (_, index) => {
    const name = `workers-${index}`;
    const groupArn = arn('autoscaling', `autoScalingGroup:0b1c2d3e-${hex(index, 4)}-4000-8000-${hex(index, 12)}:autoScalingGroupName/${name}`);
    return {
      AutoScalingGroupName: name,
      AutoScalingGroupARN: groupArn,
      LaunchTemplate: { LaunchTemplateId: id('lt', index), LaunchTemplateName: `template-${index}`, Version: '$Default' },
      MinSize: 1,
      MaxSize: 3,
      DesiredCapacity: 1,
      DefaultCooldown: 300,
      AvailabilityZones: [nth(zones, index), nth(zones, index + 1)],
      HealthCheckType: 'EC2',
      HealthCheckGracePeriod: 300,
      Instances: [],
      CreatedTime: CREATED,
      VPCZoneIdentifier: `${subnetOf(index)},${subnetOf(index + 1)}`,
      TerminationPolicies: ['Default'],
      NewInstancesProtectedFromScaleIn: false,
      ServiceLinkedRoleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      CapacityRebalance: false,
      Tags: Object.entries(tagsOf('workers', index)).map(([Key, Value]) => ({ Key, Value, ResourceId: name, ResourceType: 'auto-scaling-group', PropagateAtLaunch: true })),
    };
  });
  autoScalingGroups.forEach((group, index) => register(group.AutoScalingGroupARN ?? '', 'autoscaling', 'autoScalingGroup', tagsOf('workers', index)));
  return { autoScalingGroups };
}

export function mockAutoScaling(at: At<AutoScalingData>): Restorable[] {
  const autoscaling = mockClient(AutoScalingClient);
  autoscaling.on(DescribeAutoScalingGroupsCommand).callsFake(async (input: DescribeAutoScalingGroupsCommandInput, getClient): Promise<Out<DescribeAutoScalingGroupsCommandOutput>> => {
    const all = (await at(getClient)).autoScalingGroups;
    // Names narrow the answer (at most 50, and a name that is no group is simply left out).
    const names = input.AutoScalingGroupNames;
    if (names !== undefined && names.length > 50) throw awsError('ValidationError', `AutoScalingGroupNames takes at most 50 names, got ${names.length}`);
    const groups = names === undefined ? all : all.filter((group) => names.includes(group.AutoScalingGroupName ?? ''));
    const page = paginate(names === undefined ? 'DescribeAutoScalingGroups' : `DescribeAutoScalingGroups:${names.join(',')}`, groups, input.NextToken, input.MaxRecords, 100, 50);
    return { AutoScalingGroups: page.items, NextToken: page.next };
  });
  return [autoscaling];
}
