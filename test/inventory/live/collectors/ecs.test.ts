import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AccessDeniedException,
  ClusterNotFoundException,
  DescribeServicesCommand,
  ECSClient,
  ECSServiceException,
  ListClustersCommand,
  ListServicesCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { ecsCollector } from '../../../../inventory/live/collectors/ecs.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const SERVICE = 'AWS::ECS::Service';
const clusterArn = (cluster: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`;
const serviceArn = (cluster: string, name: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${name}`;

const fargateService = (cluster: string, name: string, assignPublicIp: 'ENABLED' | 'DISABLED' = 'DISABLED'): Service => ({
  serviceArn: serviceArn(cluster, name),
  serviceName: name,
  clusterArn: clusterArn(cluster),
  loadBalancers: [{ targetGroupArn: 'tg-1', containerName: 'app', containerPort: 8080, advancedConfiguration: { alternateTargetGroupArn: 'tg-2', productionListenerRule: 'r', roleArn: 'role' } }],
  serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:eu-west-1:111122223333:service/srv-1', port: 8080 }],
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  launchType: 'FARGATE',
  platformVersion: 'LATEST',
  platformFamily: 'Linux',
  taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${name}:3`,
  deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100, alarms: { alarmNames: ['a'], enable: false, rollback: false } },
  deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY' }],
  events: [{ id: 'e1', message: 'steady state', createdAt: new Date('2026-01-02T03:04:05Z') }],
  createdAt: new Date('2026-01-02T03:04:05Z'),
  placementConstraints: [],
  placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], assignPublicIp } },
  healthCheckGracePeriodSeconds: 30,
  schedulingStrategy: 'REPLICA',
  deploymentController: { type: 'ECS' },
  tags: [{ key: 'Team', value: 'orders' }, { key: 'Environment', value: 'prod' }],
  createdBy: `arn:aws:iam::${ACCOUNT}:role/deployer`,
  enableECSManagedTags: true,
  propagateTags: 'SERVICE',
  enableExecuteCommand: false,
  availabilityZoneRebalancing: 'ENABLED',
});
const ec2Service = (cluster: string, name: string): Service => ({
  serviceArn: serviceArn(cluster, name),
  serviceName: name,
  clusterArn: clusterArn(cluster),
  launchType: 'EC2',
  taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${name}:1`,
  desiredCount: 1,
  schedulingStrategy: 'DAEMON',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/ecsServiceRole`,
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
  tags: [],
});

const ecsError = (name: string, status = 400) => new ECSServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from the test` });
const denied = () => new AccessDeniedException({ message: 'AccessDenied from the test', $metadata: { httpStatusCode: 403 } });
/** DescribeServices as ECS answers it: every asked service that the test knows, the rest MISSING. */
const describing = (known: readonly Service[]) => (input: { services: string[] }) => ({
  services: known.filter((service) => input.services.includes(service.serviceArn ?? '')),
  failures: input.services.filter((arn) => !known.some((service) => service.serviceArn === arn)).map((arn) => ({ arn, reason: 'MISSING' })),
});

/** A tiny rule over services, standing in for the rules that arrive later. */
const noPublicIpRule = defineRule({
  meta: {
    id: 'test-ecs-no-public-ip',
    gate: 'private-network',
    title: 'ECS services assign no public IP (test rule)',
    severity: 'HIGH',
    priority: 'P2',
    resourceTypes: [SERVICE],
    controls: [],
    remediation: { text: 'Disable it.', url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html' },
    messages: { private: 'private', public: 'public' },
  },
  check(item, context) {
    return item.configuration.NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp === 'ENABLED' ? context.fail('public') : context.pass('private');
  },
});

const serviceMocks = () => ({ ecs: mockClient(ECSClient) });

let mocks: ReturnType<typeof mockIdentity>;
let ecs: ReturnType<typeof serviceMocks>['ecs'];
beforeEach(() => {
  mocks = mockIdentity();
  ({ ecs } = serviceMocks());
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  ecs.restore();
});

const services = (collection: Awaited<ReturnType<typeof collect>>) => collection.items.filter((entry) => entry.resourceType === SERVICE);
const commandsSent = () => ecs.calls().map((call) => call.args[0].constructor.name);

describe('ECS collector', () => {
  it('builds configuration items in the shape AWS Config records, tags from DescribeServices', async () => {
    const known = [fargateService('prod', 'api'), ec2Service('prod', 'agent')];
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('prod')] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: known.map((service) => service.serviceArn ?? '') });
    ecs.on(DescribeServicesCommand).callsFake(describing(known));
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(collection.errors).toEqual([]);
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: clusterArn('prod'), services: known.map((service) => service.serviceArn ?? ''), include: ['TAGS'] });
    const raws = (collection.rawItems ?? []).filter((entry) => entry['resourceType'] === SERVICE);
    expect(raws[0]).toMatchObject({
      resourceId: serviceArn('prod', 'api'),
      resourceName: 'api',
      ARN: serviceArn('prod', 'api'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Regional',
      resourceCreationTime: '2026-01-02T03:04:05.000Z',
      tags: { Team: 'orders', Environment: 'prod' },
      relationships: [{ resourceType: 'AWS::ECS::Cluster', resourceId: clusterArn('prod') }],
      configuration: {
        ServiceArn: serviceArn('prod', 'api'),
        ServiceName: 'api',
        Name: 'api',
        Cluster: clusterArn('prod'),
        LaunchType: 'FARGATE',
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-1'] } },
        DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MaximumPercent: 200, MinimumHealthyPercent: 100 },
        LoadBalancers: [{ TargetGroupArn: 'tg-1', ContainerName: 'app', ContainerPort: 8080 }],
        PlacementStrategies: [{ Type: 'spread', Field: 'attribute:ecs.availability-zone' }],
        EnableECSManagedTags: true,
      },
    });
    expect(raws[1]).toMatchObject({
      resourceName: 'agent',
      tags: {},
      configuration: { LaunchType: 'EC2', Role: `arn:aws:iam::${ACCOUNT}:role/ecsServiceRole`, PlacementConstraints: [{ Type: 'memberOf' }] },
    });
    expect(raws[1]?.['configuration']).not.toHaveProperty('NetworkConfiguration');
    for (const raw of raws) {
      const text = JSON.stringify(raw['configuration']);
      for (const leaked of ['deployments', 'events', 'runningCount', 'pendingCount', 'status', 'createdBy', 'platformFamily', 'alarms', 'advancedConfiguration', 'tags', 'availabilityZoneRebalancing']) {
        expect(text).not.toContain(`"${leaked}"`);
      }
      expect(checkItemAgainstSchema(raw)).toEqual([]);
    }
  });

  it('follows clusters and services across three pages each, and describes ten services per call', async () => {
    const many = Array.from({ length: 23 }, (_, index) => fargateService('big', `svc-${String(index).padStart(2, '0')}`));
    const arns = many.map((service) => service.serviceArn ?? '');
    ecs
      .on(ListClustersCommand)
      .resolvesOnce({ clusterArns: [clusterArn('big')], nextToken: 'c2' })
      .resolvesOnce({ clusterArns: [clusterArn('empty-1')], nextToken: 'c3' })
      .resolvesOnce({ clusterArns: [clusterArn('empty-2')] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: [] });
    ecs
      .on(ListServicesCommand, { cluster: clusterArn('big') })
      .resolvesOnce({ serviceArns: arns.slice(0, 10), nextToken: 's2' })
      .resolvesOnce({ serviceArns: arns.slice(10, 20), nextToken: 's3' })
      .resolvesOnce({ serviceArns: arns.slice(20) });
    ecs.on(DescribeServicesCommand).callsFake(describing(many));
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(collection.errors).toEqual([]);
    expect(services(collection).map((entry) => entry.resourceId)).toEqual(arns);
    expect(ecs).toHaveReceivedNthCommandWith(1, ListClustersCommand, { maxResults: 100, nextToken: undefined });
    expect(ecs).toHaveReceivedNthCommandWith(2, ListClustersCommand, { maxResults: 100, nextToken: 'c2' });
    expect(ecs).toHaveReceivedNthCommandWith(3, ListClustersCommand, { maxResults: 100, nextToken: 'c3' });
    expect(ecs).toHaveReceivedCommandWith(ListServicesCommand, { cluster: clusterArn('big'), maxResults: 100, nextToken: undefined });
    expect(ecs).toHaveReceivedCommandWith(ListServicesCommand, { cluster: clusterArn('big'), maxResults: 100, nextToken: 's2' });
    expect(ecs).toHaveReceivedCommandWith(ListServicesCommand, { cluster: clusterArn('big'), maxResults: 100, nextToken: 's3' });
    expect(ecs).toHaveReceivedCommandTimes(ListClustersCommand, 3);
    expect(ecs).toHaveReceivedCommandTimes(ListServicesCommand, 5); // three pages for big, one for each empty cluster
    expect(ecs).toHaveReceivedCommandTimes(DescribeServicesCommand, 3); // 10 + 10 + 3; none for the empty clusters
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: clusterArn('big'), services: arns.slice(0, 10), include: ['TAGS'] });
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: clusterArn('big'), services: arns.slice(10, 20), include: ['TAGS'] });
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: clusterArn('big'), services: arns.slice(20), include: ['TAGS'] });
    expect(callsOf(collection, 'ecs', 'DescribeServices')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    const known = [fargateService('prod', 'api')];
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('prod')] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: [serviceArn('prod', 'api')] });
    ecs.on(DescribeServicesCommand).rejectsOnce(ecsError('ThrottlingException')).callsFake(describing(known));
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(collection.errors).toEqual([]);
    expect(services(collection).map((entry) => entry.resourceName)).toEqual(['api']);
    expect(collection.calls).toContainEqual({ service: 'ecs', operation: 'DescribeServices', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied cluster listing for services', async () => {
    ecs.on(ListClustersCommand).rejects(denied());
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [SERVICE], service: 'ecs', operation: 'ListClusters', code: 'AccessDeniedException', message: 'AccessDenied from the test' },
    ]);
    expect(commandsSent()).toEqual(['ListClustersCommand']);
  });

  it('records denied service listings once for the Region, and still describes the services of other clusters', async () => {
    const known = [fargateService('ok', 'api')];
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('ok'), clusterArn('x'), clusterArn('y')] });
    ecs.on(ListServicesCommand).rejects(denied());
    ecs.on(ListServicesCommand, { cluster: clusterArn('ok') }).resolves({ serviceArns: [serviceArn('ok', 'api')] });
    ecs.on(DescribeServicesCommand).callsFake(describing(known));
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [SERVICE], service: 'ecs', operation: 'ListServices', code: 'AccessDeniedException', message: 'AccessDenied from the test' },
    ]);
    expect(services(collection).map((entry) => entry.resourceId)).toEqual([serviceArn('ok', 'api')]);
  });

  it('records a cluster deleted since it was listed as a ClusterNotFoundException error scoped to it, and reads the other clusters', async () => {
    const known = [fargateService('ok', 'api')];
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('gone'), clusterArn('ok')] });
    ecs.on(ListServicesCommand, { cluster: clusterArn('gone') }).rejects(new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: { httpStatusCode: 400 } }));
    ecs.on(ListServicesCommand, { cluster: clusterArn('ok') }).resolves({ serviceArns: [serviceArn('ok', 'api')] });
    ecs.on(DescribeServicesCommand).callsFake(describing(known));
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [SERVICE],
        service: 'ecs',
        operation: 'ListServices',
        code: 'ClusterNotFoundException',
        message: `cluster ${clusterArn('gone')} was listed by ListClusters, then ecs:ListServices answered ClusterNotFoundException: deleted in between, or not readable; its services are judged on the next scan`,
        resourceIds: [clusterArn('gone')],
      },
    ]);
    expect(services(collection).map((entry) => entry.resourceId)).toEqual([serviceArn('ok', 'api')]);
    expect(ecs).toHaveReceivedCommandTimes(ListServicesCommand, 2);
    expect(ecs).toHaveReceivedCommandTimes(DescribeServicesCommand, 1);
  });

  it('makes the services of a deleted cluster one UNKNOWN under its ARN naming ecs:ListServices, and judges the others', async () => {
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('gone'), clusterArn('ok')] });
    ecs.on(ListServicesCommand, { cluster: clusterArn('gone') }).rejects(new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: { httpStatusCode: 400 } }));
    ecs.on(ListServicesCommand, { cluster: clusterArn('ok') }).resolves({ serviceArns: [serviceArn('ok', 'api')] });
    ecs.on(DescribeServicesCommand).callsFake(describing([fargateService('ok', 'api', 'ENABLED')]));
    const rules = [noPublicIpRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([ecsCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      [serviceArn('ok', 'api'), 'FAIL', 'public'],
      [clusterArn('gone'), 'UNKNOWN', 'collectionFailed'],
    ]);
    expect(result.evaluations[1]?.message).toMatch(/ecs:ListServices .*ClusterNotFoundException/);
  });

  it('marks just the services of a failed DescribeServices batch, and still emits them by name', async () => {
    const arns = Array.from({ length: 12 }, (_, index) => serviceArn('prod', `svc-${String(index).padStart(2, '0')}`));
    const known = [fargateService('prod', 'svc-10'), fargateService('prod', 'svc-11')];
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('prod')] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: arns });
    ecs.on(DescribeServicesCommand, { services: arns.slice(0, 10) }).rejects(denied());
    ecs.on(DescribeServicesCommand, { services: arns.slice(10) }).callsFake(describing(known));
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [SERVICE],
        service: 'ecs',
        operation: 'DescribeServices',
        code: 'AccessDeniedException',
        message: 'AccessDenied from the test',
        resourceIds: arns.slice(0, 10),
      },
    ]);
    expect(services(collection).map((entry) => entry.resourceId)).toEqual(arns);
    const stub = (collection.rawItems ?? []).find((entry) => entry['resourceId'] === arns[0]);
    expect(stub?.['configuration']).toEqual({ ServiceArn: arns[0], ServiceName: 'svc-00', Name: 'svc-00', Cluster: clusterArn('prod') });
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('records every per-service failure for its service, MISSING (deleted since it was listed) included, and emits each by name', async () => {
    const arns = [serviceArn('prod', 'api'), serviceArn('prod', 'deleted'), serviceArn('prod', 'odd')];
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('prod')] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: arns });
    ecs.on(DescribeServicesCommand).resolves({
      services: [fargateService('prod', 'api')],
      failures: [
        { arn: arns[1], reason: 'MISSING' },
        { arn: arns[2], reason: 'INTERNAL_ERROR', detail: 'try again' },
      ],
    });
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(services(collection).map((entry) => entry.resourceName)).toEqual(['api', 'deleted', 'odd']);
    const error = { accountId: ACCOUNT, region: REGION, resourceTypes: [SERVICE], service: 'ecs', operation: 'DescribeServices' };
    expect(collection.errors).toEqual([
      {
        ...error,
        code: 'MISSING',
        message: `service ${arns[1] ?? ''} was listed by ListServices, then ecs:DescribeServices answered MISSING: deleted in between, or not readable; judged on the next scan`,
        resourceIds: [arns[1]],
      },
      { ...error, code: 'INTERNAL_ERROR', message: 'try again', resourceIds: [arns[2]] },
    ]);
    const stub = (collection.rawItems ?? []).find((entry) => entry['resourceId'] === arns[1]);
    expect(stub?.['configuration']).toEqual({ ServiceArn: arns[1], ServiceName: 'deleted', Name: 'deleted', Cluster: clusterArn('prod') });
    expect(ecs).toHaveReceivedCommandTimes(DescribeServicesCommand, 1);
  });

  it('records a service DescribeServices leaves out of its answer altogether, never dropping it', async () => {
    const arns = [serviceArn('prod', 'api'), serviceArn('prod', 'unanswered')];
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('prod')] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: arns });
    ecs.on(DescribeServicesCommand).resolves({ services: [fargateService('prod', 'api')], failures: [] });
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(services(collection).map((entry) => entry.resourceName)).toEqual(['api', 'unanswered']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [SERVICE],
        service: 'ecs',
        operation: 'DescribeServices',
        code: 'MalformedResponse',
        message: `service ${arns[1] ?? ''} was asked of ecs:DescribeServices, which neither described it nor reported a failure for it`,
        resourceIds: [arns[1]],
      },
    ]);
  });

  it('makes a service reported MISSING UNKNOWN in a scan, naming ecs:DescribeServices, never absent or PASS', async () => {
    const arns = [serviceArn('prod', 'api'), serviceArn('prod', 'deleted')];
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('prod')] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: arns });
    ecs.on(DescribeServicesCommand).callsFake(describing([fargateService('prod', 'api')]));
    const rules = [noPublicIpRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([ecsCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      [arns[0], 'PASS', 'private'],
      [arns[1], 'UNKNOWN', 'collectionFailed'],
    ]);
    expect(result.evaluations[1]?.message).toMatch(/ecs:DescribeServices .*MISSING: service \S+\/deleted was listed by ListServices/);
  });

  it('makes a service rule UNKNOWN, never PASS, when the cluster listing is denied', async () => {
    ecs.on(ListClustersCommand).rejects(denied());
    const rules = [noPublicIpRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([ecsCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-ecs-no-public-ip', region: REGION, complete: false })]);
  });

  it('makes the services of a failed batch UNKNOWN and judges the others', async () => {
    const arns = Array.from({ length: 11 }, (_, index) => serviceArn('prod', `svc-${String(index).padStart(2, '0')}`));
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('prod')] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: arns });
    ecs.on(DescribeServicesCommand, { services: arns.slice(0, 10) }).rejects(denied());
    ecs.on(DescribeServicesCommand, { services: arns.slice(10) }).callsFake(describing([fargateService('prod', 'svc-10', 'ENABLED')]));
    const rules = [noPublicIpRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([ecsCollector]), defaultSettings(rules), rules);
    const statuses = result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status]);
    expect(statuses).toHaveLength(11);
    expect(statuses).toEqual(expect.arrayContaining([...arns.slice(0, 10).map((arn) => [arn, 'UNKNOWN']), [arns[10], 'FAIL']]));
  });

  it('makes one DescribeServices call per ten services, nothing per service', async () => {
    const known = Array.from({ length: 10 }, (_, index) => fargateService('prod', `svc-${index}`));
    ecs.on(ListClustersCommand).resolves({ clusterArns: [clusterArn('prod')] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: known.map((service) => service.serviceArn ?? '') });
    ecs.on(DescribeServicesCommand).callsFake(describing(known));
    const collection = await collect([ecsCollector], [SERVICE]);
    expect(commandsSent()).toEqual(['ListClustersCommand', 'ListServicesCommand', 'DescribeServicesCommand']);
    expect(services(collection)).toHaveLength(10);
  });
});
