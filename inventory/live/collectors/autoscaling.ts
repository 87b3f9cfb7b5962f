/**
 * Auto Scaling groups as AWS Config records them (AWS::AutoScaling::AutoScalingGroup, camelCase):
 * DescribeAutoScalingGroups, 100 per page, tags included. A change event reads only the groups it
 * names (DescribeAutoScalingGroups of their names).
 */
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  type AutoScalingGroup,
  type LaunchTemplateSpecification,
} from '@aws-sdk/client-auto-scaling';
import type { ResourceType } from '../../../model/configuration-item.js';
import { chunks } from '../../../aws/batches.js';
import { namedResources, plain, tagMap, type Collector, type RawItem } from '../collector.js';

const GROUP = 'AWS::AutoScaling::AutoScalingGroup' as const satisfies ResourceType;

function templateSpec(spec: LaunchTemplateSpecification | undefined): Record<string, unknown> | undefined {
  return spec && { launchTemplateId: spec.LaunchTemplateId, launchTemplateName: spec.LaunchTemplateName, version: spec.Version };
}

/**
 * The AutoScalingGroup fields AWS Config records (the published properties). The published schema
 * gives the zone list as `availabilityZones.value` and the subnet list as `vpczoneIdentifier`.
 * Of a mixed instances policy, the instance requirements of overrides are left out (no rule
 * reads them).
 */
export function groupConfiguration(group: AutoScalingGroup): Record<string, unknown> {
  const mixed = group.MixedInstancesPolicy;
  const distribution = mixed?.InstancesDistribution;
  const warmPool = group.WarmPoolConfiguration;
  return plain({
    autoScalingGroupName: group.AutoScalingGroupName,
    autoScalingGroupARN: group.AutoScalingGroupARN,
    launchConfigurationName: group.LaunchConfigurationName,
    launchTemplate: templateSpec(group.LaunchTemplate),
    mixedInstancesPolicy: mixed && {
      instancesDistribution: distribution && {
        onDemandAllocationStrategy: distribution.OnDemandAllocationStrategy,
        onDemandBaseCapacity: distribution.OnDemandBaseCapacity,
        onDemandPercentageAboveBaseCapacity: distribution.OnDemandPercentageAboveBaseCapacity,
        spotAllocationStrategy: distribution.SpotAllocationStrategy,
        spotInstancePools: distribution.SpotInstancePools,
        spotMaxPrice: distribution.SpotMaxPrice,
      },
      launchTemplate: mixed.LaunchTemplate && {
        launchTemplateSpecification: templateSpec(mixed.LaunchTemplate.LaunchTemplateSpecification),
        overrides: mixed.LaunchTemplate.Overrides?.map((override) => ({
          instanceType: override.InstanceType,
          weightedCapacity: override.WeightedCapacity,
          launchTemplateSpecification: templateSpec(override.LaunchTemplateSpecification),
        })),
      },
    },
    minSize: group.MinSize,
    maxSize: group.MaxSize,
    desiredCapacity: group.DesiredCapacity,
    predictedCapacity: group.PredictedCapacity,
    defaultCooldown: group.DefaultCooldown,
    availabilityZones: group.AvailabilityZones?.map((value) => ({ value })),
    loadBalancerNames: group.LoadBalancerNames,
    targetGroupARNs: group.TargetGroupARNs,
    healthCheckType: group.HealthCheckType,
    healthCheckGracePeriod: group.HealthCheckGracePeriod,
    instances: group.Instances?.map((instance) => ({
      instanceId: instance.InstanceId,
      instanceType: instance.InstanceType,
      availabilityZone: instance.AvailabilityZone,
      lifecycleState: instance.LifecycleState,
      healthStatus: instance.HealthStatus,
      launchConfigurationName: instance.LaunchConfigurationName,
      launchTemplate: templateSpec(instance.LaunchTemplate),
      protectedFromScaleIn: instance.ProtectedFromScaleIn,
      weightedCapacity: instance.WeightedCapacity,
    })),
    createdTime: group.CreatedTime,
    suspendedProcesses: group.SuspendedProcesses?.map((process) => ({ processName: process.ProcessName, suspensionReason: process.SuspensionReason })),
    placementGroup: group.PlacementGroup,
    vpczoneIdentifier: group.VPCZoneIdentifier,
    enabledMetrics: group.EnabledMetrics?.map((metric) => ({ metric: metric.Metric, granularity: metric.Granularity })),
    status: group.Status,
    terminationPolicies: group.TerminationPolicies,
    newInstancesProtectedFromScaleIn: group.NewInstancesProtectedFromScaleIn,
    serviceLinkedRoleARN: group.ServiceLinkedRoleARN,
    maxInstanceLifetime: group.MaxInstanceLifetime,
    capacityRebalance: group.CapacityRebalance,
    warmPoolConfiguration: warmPool && {
      maxGroupPreparedCapacity: warmPool.MaxGroupPreparedCapacity,
      minSize: warmPool.MinSize,
      poolState: warmPool.PoolState,
      status: warmPool.Status,
      instanceReusePolicy: warmPool.InstanceReusePolicy && { reuseOnScaleIn: warmPool.InstanceReusePolicy.ReuseOnScaleIn },
    },
    warmPoolSize: group.WarmPoolSize,
    desiredCapacityType: group.DesiredCapacityType,
    defaultInstanceWarmup: group.DefaultInstanceWarmup,
  }) as Record<string, unknown>;
}

/** One zone when the group uses one, else "Multiple Availability Zones" as Config writes it. */
function zoneOf(zones: readonly string[] | undefined): string | undefined {
  if (zones === undefined || zones.length === 0) return undefined;
  return zones.length === 1 ? zones[0] : 'Multiple Availability Zones';
}

export function groupItem(group: AutoScalingGroup): RawItem | undefined {
  const arn = group.AutoScalingGroupARN;
  const name = group.AutoScalingGroupName;
  if (arn === undefined || name === undefined) return undefined;
  const subnets = (group.VPCZoneIdentifier ?? '').split(',').map((subnet) => subnet.trim()).filter((subnet) => subnet !== '');
  return {
    resourceType: GROUP,
    // AWS Config identifies a group by its ARN and names it by its name.
    resourceId: arn,
    resourceName: name,
    ARN: arn,
    availabilityZone: zoneOf(group.AvailabilityZones),
    resourceCreationTime: group.CreatedTime?.toISOString(),
    tags: tagMap(group.Tags),
    relationships: [
      ...subnets.map((subnet) => ({ resourceType: 'AWS::EC2::Subnet', resourceId: subnet, name: 'Is associated with Subnet' })),
      ...(group.Instances ?? []).flatMap((instance) =>
        instance.InstanceId === undefined ? [] : [{ resourceType: 'AWS::EC2::Instance', resourceId: instance.InstanceId, name: 'Contains Instance' }],
      ),
    ],
    configuration: groupConfiguration(group),
  };
}

export const autoscalingCollector: Collector = {
  service: 'autoscaling',
  produces: [GROUP],
  async collect(context, types) {
    if (!types.has(GROUP)) return;
    const autoscaling = context.client(AutoScalingClient);
    const walk = (names: string[] | undefined) => async () => {
      const pages = context.pages(
        'DescribeAutoScalingGroups',
        (NextToken) => autoscaling.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 100, NextToken, ...(names === undefined ? {} : { AutoScalingGroupNames: names }) })),
        (page) => page.NextToken,
      );
      for await (const page of pages) {
        for (const group of page.AutoScalingGroups ?? []) {
          const item = groupItem(group);
          if (item !== undefined) context.emit(item);
        }
      }
    };
    // A change event names groups by ARN (their id), which holds the name DescribeAutoScalingGroups
    // takes: a name it does not answer for is a group that no longer exists. A group recreated
    // under the same name has another ARN, and is not the one named (the context keeps only that).
    const named = namedResources(context, GROUP);
    const byName = named?.map((resource) => ({ resource, name: groupNameOf(resource.arn ?? resource.resourceId) }));
    if (byName === undefined || byName.some(({ name }) => name === undefined)) {
      await context.attempt([GROUP], walk(undefined));
      return;
    }
    await Promise.all(
      chunks(byName, NAMES_PER_CALL).map((batch) =>
        context.attempt([GROUP], walk(batch.flatMap(({ name }) => name ?? [])), { resourceIds: batch.map(({ resource }) => resource.resourceId) }),
      ),
    );
  },
};

/** DescribeAutoScalingGroups takes at most 50 names. */
const NAMES_PER_CALL = 50;

/** The group name an Auto Scaling group's ARN ends with (`…:autoScalingGroupName/NAME`). */
function groupNameOf(arn: string): string | undefined {
  const marker = ':autoScalingGroupName/';
  const at = arn.indexOf(marker);
  const name = at < 0 ? '' : arn.slice(at + marker.length);
  return name === '' ? undefined : name;
}
