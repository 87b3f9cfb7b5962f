/**
 * ECS in the mocked account: the services spread over clusters of 125 (ECS's default quota is 5000 per cluster).
 */

import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  type DescribeServicesCommandInput,
  type DescribeServicesCommandOutput,
  type ListClustersCommandInput,
  type ListClustersCommandOutput,
  type ListServicesCommandInput,
  type ListServicesCommandOutput,
  type Service,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { type At, awsError, batchLimit, type Build, CREATED, lookup, type Network, nth, type Out, paginate, type Restorable, tagsOf } from './kit.js';

interface EcsCluster {
  readonly arn: string;
  readonly services: Service[];
}

export interface EcsData {
  readonly ecsClusters: EcsCluster[];
}

export function ecsData(build: Build, network: Network): EcsData {
  const { n, arn, groupId, register } = build;
  const { subnetOf } = network;
  const clusterCount = Math.max(1, Math.ceil(n / 125));
  const ecsClusters: EcsCluster[] = Array.from({ length: clusterCount }, (_, index) => ({ arn: arn('ecs', `cluster/cluster-${index}`), services: [] }));
  for (let index = 0; index < n; index += 1) {
    const cluster = nth(ecsClusters, index);
    const clusterName = cluster.arn.slice(cluster.arn.lastIndexOf('/') + 1);
    const service: Service = {
      serviceArn: arn('ecs', `service/${clusterName}/api-${index}`),
      serviceName: `api-${index}`,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      taskDefinition: arn('ecs', `task-definition/api-${index}:3`),
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
      deploymentController: { type: 'ECS' },
      loadBalancers: [],
      serviceRegistries: [],
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnetOf(index), subnetOf(index + 1)], securityGroups: [groupId(index)], assignPublicIp: 'DISABLED' } },
      placementConstraints: [],
      placementStrategy: [],
      healthCheckGracePeriodSeconds: 0,
      schedulingStrategy: 'REPLICA',
      createdAt: CREATED,
      enableECSManagedTags: true,
      enableExecuteCommand: false,
      propagateTags: 'SERVICE',
      tags: Object.entries(tagsOf('api', index)).map(([key, value]) => ({ key, value })),
    };
    cluster.services.push(service);
    register(service.serviceArn ?? '', 'ecs', 'service', tagsOf('api', index));
  }
  return { ecsClusters };
}

export function mockEcs(at: At<EcsData>): Restorable[] {
  const ecs = mockClient(ECSClient);
  const clusterOf = (data: EcsData, name: string | undefined) => {
    const cluster = data.ecsClusters.find((candidate) => candidate.arn === name || candidate.arn.endsWith(`/${name ?? 'default'}`));
    if (cluster === undefined) throw awsError('ClusterNotFoundException', `no cluster ${String(name)}`);
    return cluster;
  };
  ecs.on(ListClustersCommand).callsFake(async (input: ListClustersCommandInput, getClient): Promise<Out<ListClustersCommandOutput>> => {
    const page = paginate('ListClusters', (await at(getClient)).ecsClusters, input.nextToken, input.maxResults, 100);
    return { clusterArns: page.items.map((cluster) => cluster.arn), nextToken: page.next };
  });
  ecs.on(ListServicesCommand).callsFake(async (input: ListServicesCommandInput, getClient): Promise<Out<ListServicesCommandOutput>> => {
    const cluster = clusterOf(await at(getClient), input.cluster);
    const page = paginate(`ListServices:${cluster.arn}`, cluster.services, input.nextToken, input.maxResults, 100, 10);
    return { serviceArns: page.items.map((service) => service.serviceArn ?? ''), nextToken: page.next };
  });
  ecs.on(DescribeServicesCommand).callsFake(async (input: DescribeServicesCommandInput, getClient): Promise<Out<DescribeServicesCommandOutput>> => {
    batchLimit('DescribeServices', input.services, 10);
    const cluster = clusterOf(await at(getClient), input.cluster);
    const withTags = input.include?.includes('TAGS') === true;
    const services: Service[] = [];
    const failures: { arn: string; reason: string }[] = [];
    for (const name of input.services ?? []) {
      const service = lookup(cluster.services, (candidate) => [candidate.serviceArn, candidate.serviceName], name);
      if (service === undefined) failures.push({ arn: name, reason: 'MISSING' });
      else services.push(withTags ? service : { ...service, tags: undefined });
    }
    return { services, failures };
  });
  return [ecs];
}
