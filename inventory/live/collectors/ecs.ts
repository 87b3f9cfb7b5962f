/**
 * ECS services as AWS Config records them (AWS::ECS::Service, PascalCase as the CloudFormation
 * resource model).
 *
 * ECS lists services per cluster only: ListClusters (100 per page), then ListServices per cluster
 * (100 per page), then DescribeServices in batches of ten (its maximum, one cluster per call) with
 * `include: ['TAGS']`, so tags come with the services.
 *
 * A failed ListServices concerns services that cannot be named: it is recorded for the service
 * type in the whole Region (one error however many clusters fail), and the services that were read
 * are still judged. A failed DescribeServices batch, or a service DescribeServices reports as a
 * failure or leaves out of its answer, concerns services that are named: each is emitted with what
 * is known of it (ARN, name, cluster) and made UNKNOWN by an error scoped to it.
 *
 * Nothing listed vanishes silently. A service ListServices named that DescribeServices then
 * reports MISSING (deleted in between) is recorded as a `MISSING` error of DescribeServices for it.
 * A cluster ListClusters named that ListServices then answers ClusterNotFoundException (deleted in
 * between) has services that cannot be named: that error is recorded for the service type, scoped
 * to the cluster's ARN (the report shows it UNKNOWN under that ARN), not for the whole Region, and
 * the other clusters are read as usual.
 *
 * A change event reads only the services it names: DescribeServices of their ARNs, per cluster.
 */
import { ClusterNotFoundException, DescribeServicesCommand, ECSClient, ListClustersCommand, ListServicesCommand, type DescribeServicesCommandOutput, type Failure, type Service } from '@aws-sdk/client-ecs';
import type { ResourceType } from '../../../model/configuration-item.js';
import { CallFailure } from '../../../aws/call-failure.js';
import { namedResources, plain, type Collector, type CollectContext, type RawItem } from '../collector.js';
import { goneOn } from './describe-each.js';
import { settleAll } from './fields.js';
import { chunks } from '../../../aws/batches.js';

const SERVICE = 'AWS::ECS::Service' as const satisfies ResourceType;
/** DescribeServices accepts at most ten services per call. */
const DESCRIBE_BATCH = 10;
/** DescribeServices' failure reason for a service that no longer exists. */
const MISSING = 'MISSING';
/** ListServices' answer for a cluster that does not exist. */
const CLUSTER_NOT_FOUND = 'ClusterNotFoundException';

/** The service name: the last part of its ARN (`…:service/<cluster>/<name>`). */
function nameOf(serviceArn: string): string {
  return serviceArn.slice(serviceArn.lastIndexOf('/') + 1);
}

/** ECS's key/value tags (lower-case fields) as a map. */
function ecsTags(tags: Service['tags']): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.key !== undefined) map[tag.key] = tag.value ?? '';
  return map;
}

/** The Service fields AWS Config records (the published properties, PascalCase). */
export function serviceConfiguration(service: Service): Record<string, unknown> {
  const deployment = service.deploymentConfiguration;
  const breaker = deployment?.deploymentCircuitBreaker;
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  return plain({
    ServiceArn: service.serviceArn,
    ServiceName: service.serviceName,
    Name: service.serviceName,
    Cluster: service.clusterArn,
    LaunchType: service.launchType,
    CapacityProviderStrategy: service.capacityProviderStrategy?.map((item) => ({ CapacityProvider: item.capacityProvider, Weight: item.weight, Base: item.base })),
    PlatformVersion: service.platformVersion,
    TaskDefinition: service.taskDefinition,
    DesiredCount: service.desiredCount,
    DeploymentConfiguration: deployment && {
      DeploymentCircuitBreaker: breaker && { Enable: breaker.enable, Rollback: breaker.rollback },
      MaximumPercent: deployment.maximumPercent,
      MinimumHealthyPercent: deployment.minimumHealthyPercent,
    },
    DeploymentController: service.deploymentController && { Type: service.deploymentController.type },
    LoadBalancers: service.loadBalancers?.map((balancer) => ({
      ContainerName: balancer.containerName,
      ContainerPort: balancer.containerPort,
      LoadBalancerName: balancer.loadBalancerName,
      TargetGroupArn: balancer.targetGroupArn,
    })),
    ServiceRegistries: service.serviceRegistries?.map((registry) => ({
      RegistryArn: registry.registryArn,
      Port: registry.port,
      ContainerName: registry.containerName,
      ContainerPort: registry.containerPort,
    })),
    NetworkConfiguration: awsvpc && {
      AwsvpcConfiguration: { AssignPublicIp: awsvpc.assignPublicIp, Subnets: awsvpc.subnets, SecurityGroups: awsvpc.securityGroups },
    },
    PlacementConstraints: service.placementConstraints?.map((constraint) => ({ Type: constraint.type, Expression: constraint.expression })),
    PlacementStrategies: service.placementStrategy?.map((strategy) => ({ Type: strategy.type, Field: strategy.field })),
    HealthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    SchedulingStrategy: service.schedulingStrategy,
    Role: service.roleArn,
    EnableECSManagedTags: service.enableECSManagedTags,
    EnableExecuteCommand: service.enableExecuteCommand,
    PropagateTags: service.propagateTags,
  }) as Record<string, unknown>;
}

export function serviceItem(service: Service & { serviceArn: string }): RawItem {
  const arn = service.serviceArn;
  return {
    resourceType: SERVICE,
    // AWS Config identifies a service by its ARN (service names are unique per cluster only).
    resourceId: arn,
    resourceName: service.serviceName ?? nameOf(arn),
    ARN: arn,
    availabilityZone: 'Regional',
    resourceCreationTime: service.createdAt?.toISOString(),
    tags: ecsTags(service.tags),
    relationships: service.clusterArn === undefined ? [] : [{ resourceType: 'AWS::ECS::Cluster', resourceId: service.clusterArn, name: 'Is contained in Cluster' }],
    configuration: serviceConfiguration(service),
  };
}

/** A service that could not be described: what its listing says (its recorded error makes it UNKNOWN). */
function undescribedItem(arn: string, cluster: string): RawItem {
  return {
    resourceType: SERVICE,
    resourceId: arn,
    resourceName: nameOf(arn),
    ARN: arn,
    availabilityZone: 'Regional',
    configuration: { ServiceArn: arn, ServiceName: nameOf(arn), Name: nameOf(arn), Cluster: cluster },
  };
}

/** Describes one batch of services of a cluster; returns the items in the batch's order. Never throws. */
async function describeBatch(context: CollectContext, ecs: ECSClient, cluster: string, batch: readonly string[]): Promise<RawItem[]> {
  const services = new Map<string, Service & { serviceArn: string }>();
  const failures: Failure[] = [];
  let described = false;
  await context.attempt(
    [SERVICE],
    async () => {
      const output = await context.call('DescribeServices', () =>
        ecs.send(new DescribeServicesCommand({ cluster, services: [...batch], include: ['TAGS'] })),
      );
      for (const service of output.services ?? []) {
        if (service.serviceArn !== undefined) services.set(service.serviceArn, { ...service, serviceArn: service.serviceArn });
      }
      failures.push(...(output.failures ?? []));
      described = true;
    },
    { resourceIds: [...batch] },
  );
  if (!described) return batch.map((arn) => undescribedItem(arn, cluster));

  const items: RawItem[] = [];
  for (const arn of batch) {
    const service = services.get(arn);
    if (service !== undefined) {
      items.push(serviceItem(service));
      continue;
    }
    // Every service asked for and not described is recorded for it, MISSING (deleted since it was
    // listed) included; an answer that leaves it out altogether is recorded as malformed.
    const failure = failures.find((candidate) => candidate.arn === arn);
    const code = failure === undefined ? 'MalformedResponse' : (failure.reason ?? 'Failure');
    const message =
      failure === undefined
        ? `service ${arn} was asked of ecs:DescribeServices, which neither described it nor reported a failure for it`
        : code === MISSING
          ? `service ${arn} was listed by ListServices, then ecs:DescribeServices answered ${MISSING}: deleted in between, or not readable; judged on the next scan`
          : (failure.detail ?? code);
    await context.attempt([SERVICE], () => Promise.reject(new CallFailure('ecs', 'DescribeServices', code, { name: code, message })), { resourceIds: [arn] });
    items.push(undescribedItem(arn, cluster));
  }
  return items;
}

/**
 * The ARN of the cluster of a service's ARN in the long format (`…:service/CLUSTER/SERVICE` →
 * `…:cluster/CLUSTER`, as ListClusters gives it); `undefined` for the old one (`…:service/SERVICE`).
 */
function clusterOfServiceArn(arn: string): string | undefined {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':').split('/');
  if (parts.length < 6 || resource.length !== 3 || resource[0] !== 'service' || resource[1] === '') return undefined;
  return [...parts.slice(0, 5), `cluster/${resource[1] ?? ''}`].join(':');
}

/**
 * The named services of one cluster, described by ARN: a service ECS answers MISSING for, or whose
 * cluster it no longer knows, is gone (absent); any other failure is recorded for that service,
 * which is emitted with what its ARN tells.
 */
async function describeNamed(context: CollectContext, ecs: ECSClient, cluster: string, batch: readonly string[]): Promise<RawItem[]> {
  let output: DescribeServicesCommandOutput | undefined;
  let described = false;
  await context.attempt(
    [SERVICE],
    async () => {
      output = await context
        .call('DescribeServices', () => ecs.send(new DescribeServicesCommand({ cluster, services: [...batch], include: ['TAGS'] })))
        .catch((error: unknown) => goneOn(error, [CLUSTER_NOT_FOUND], (cause) => cause instanceof ClusterNotFoundException));
      described = true;
    },
    { resourceIds: [...batch] },
  );
  if (!described) return batch.map((arn) => undescribedItem(arn, cluster));
  const items: RawItem[] = [];
  for (const arn of batch) {
    const service = output?.services?.find((candidate) => candidate.serviceArn === arn);
    if (service?.serviceArn !== undefined) {
      items.push(serviceItem({ ...service, serviceArn: service.serviceArn }));
      continue;
    }
    // Gone: the cluster (no answer), or the service (MISSING).
    const failure = output?.failures?.find((candidate) => candidate.arn === arn);
    if (output === undefined || failure?.reason === MISSING) continue;
    const code = failure === undefined ? 'MalformedResponse' : (failure.reason ?? 'Failure');
    const message = failure === undefined ? `service ${arn} was asked of ecs:DescribeServices, which neither described it nor reported a failure for it` : (failure.detail ?? code);
    await context.attempt([SERVICE], () => Promise.reject(new CallFailure('ecs', 'DescribeServices', code, { name: code, message })), { resourceIds: [arn] });
    items.push(undescribedItem(arn, cluster));
  }
  return items;
}

export const ecsCollector: Collector = {
  service: 'ecs',
  produces: [SERVICE],
  async collect(context, types) {
    if (!types.has(SERVICE)) return;
    const ecs = context.client(ECSClient);

    // A change event names services by ARN (their id), whose long form names the cluster:
    // DescribeServices of those, per cluster, and no listing. An ARN of the old form, without its
    // cluster, can only be found by listing.
    const named = namedResources(context, SERVICE)?.map((resource) => resource.arn ?? resource.resourceId);
    if (named !== undefined && named.every((arn) => clusterOfServiceArn(arn) !== undefined)) {
      const byCluster = new Map<string, string[]>();
      for (const arn of new Set(named)) {
        const cluster = clusterOfServiceArn(arn) ?? '';
        byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), arn]);
      }
      const described = await Promise.all([...byCluster].flatMap(([cluster, arns]) => chunks(arns, DESCRIBE_BATCH).map((batch) => describeNamed(context, ecs, cluster, batch))));
      for (const item of described.flat()) context.emit(item);
      return;
    }

    const clusters: string[] = [];
    await context.attempt([SERVICE], async () => {
      const pages = context.pages(
        'ListClusters',
        (nextToken) => ecs.send(new ListClustersCommand({ maxResults: 100, nextToken })),
        (page) => page.nextToken,
      );
      for await (const page of pages) clusters.push(...(page.clusterArns ?? []));
    });

    // Per cluster, in its order, so the items come out in the same order every scan.
    const itemsOf: RawItem[][] = clusters.map(() => []);
    await context.attempt([SERVICE], () =>
      settleAll(
        clusters.map((cluster, index) => async () => {
          const arns: string[] = [];
          const pages = context.pages(
            'ListServices',
            (nextToken) => ecs.send(new ListServicesCommand({ cluster, maxResults: 100, nextToken })),
            (page) => page.nextToken,
          );
          let failure: unknown;
          try {
            for await (const page of pages) arns.push(...(page.serviceArns ?? []));
          } catch (error) {
            if (error instanceof CallFailure && (error.cause instanceof ClusterNotFoundException || error.code === CLUSTER_NOT_FOUND)) {
              // Deleted since ListClusters named it (or not readable): its services cannot be named,
              // so the error is scoped to the cluster, and the other clusters are judged as usual.
              const message = `cluster ${cluster} was listed by ListClusters, then ${error.service}:${error.operation} answered ${CLUSTER_NOT_FOUND}: deleted in between, or not readable; its services are judged on the next scan`;
              const notFound = new CallFailure(error.service, error.operation, CLUSTER_NOT_FOUND, { name: CLUSTER_NOT_FOUND, message });
              await context.attempt([SERVICE], () => Promise.reject(notFound), { resourceIds: [cluster] });
            } else failure = error;
          }
          // Services listed before a failure are still described.
          const batches = await Promise.all(chunks(arns, DESCRIBE_BATCH).map((batch) => describeBatch(context, ecs, cluster, batch)));
          itemsOf[index]?.push(...batches.flat());
          if (failure !== undefined) throw failure;
        }),
      ),
    );
    for (const item of itemsOf.flat()) context.emit(item);
  },
};
