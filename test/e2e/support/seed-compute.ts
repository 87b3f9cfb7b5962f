/**
 * The seed's compute in eu-west-1: Auto Scaling groups, load balancers and listeners, Lambda
 * functions and ECS services (plus one running awsvpc task, whose interface ECS creates).
 */
import { AutoScalingClient, CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateClusterCommand, CreateServiceCommand, DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import type { ClientFactory } from '../../../aws/clients.js';
import type { Network } from './seed-network.js';
import { TAGS, tagList, type Registry, type Tags } from './registry.js';

const REGION = 'eu-west-1';

export interface ComputeCensus {
  readonly listenersPerLoadBalancer: readonly number[];
  readonly ecsServicesPerCluster: readonly number[];
}

async function seedAutoScaling(clients: ClientFactory, network: Network, registry: Registry): Promise<void> {
  const autoscaling = clients(AutoScalingClient, REGION);
  const group = async (name: string, subnets: readonly string[], tags: Tags) => {
    await autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchTemplate: { LaunchTemplateName: 'lt-private', Version: '$Default' },
        MinSize: 0,
        MaxSize: 2,
        DesiredCapacity: 0,
        VPCZoneIdentifier: subnets.map(network.subnet).join(','),
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
      }),
    );
    const described = await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
    registry.add({ key: `eu:asg-${name}`, type: 'AWS::AutoScaling::AutoScalingGroup', region: REGION, id: described.AutoScalingGroups?.[0]?.AutoScalingGroupARN ?? name, tags });
  };
  await group('web', ['private-a', 'private-b'], TAGS.prod);
  await group('worker', ['private-a'], TAGS.prod);
}

/**
 * An ACM certificate for the HTTPS listener (moto's ELBv2 checks that it exists). The suite has
 * no ACM client package: one JSON request, with the credential scope moto routes by.
 */
async function acmCertificate(): Promise<string> {
  const endpoint = process.env['AWS_ENDPOINT_URL'];
  if (endpoint === undefined) throw new Error('seed: AWS_ENDPOINT_URL is not set');
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'CertificateManager.RequestCertificate',
      Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/acm/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify({ DomainName: 'web.example.com' }),
  });
  const body = (await response.json()) as { CertificateArn?: string };
  if (!response.ok || body.CertificateArn === undefined) throw new Error(`seed: acm:RequestCertificate answered HTTP ${response.status}`);
  return body.CertificateArn;
}

async function seedLoadBalancers(clients: ClientFactory, network: Network, registry: Registry): Promise<number[]> {
  const elb = clients(ElasticLoadBalancingV2Client, REGION);
  const certificate = await acmCertificate();
  const target = await elb.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: network.vpc('prod') }));
  const targetGroupArn = target.TargetGroups?.[0]?.TargetGroupArn ?? '';
  const forward: Action[] = [{ Type: 'forward', TargetGroupArn: targetGroupArn }];
  const listeners: number[] = [];

  const loadBalancer = async (
    name: string,
    type: 'application' | 'network',
    subnets: readonly string[],
    tags: Tags,
    listenerSpecs: readonly { name: string; protocol: 'HTTPS' | 'HTTP' | 'TCP'; port: number; actions: Action[] }[],
  ) => {
    const created = await elb.send(
      new CreateLoadBalancerCommand({ Name: name, Type: type, Scheme: 'internet-facing', Subnets: subnets.map(network.subnet), Tags: tagList(tags) }),
    );
    const arn = created.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    registry.add({ key: `eu:lb-${name}`, type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', region: REGION, id: arn, tags });
    for (const spec of listenerSpecs) {
      const listener = await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: arn,
          Protocol: spec.protocol,
          Port: spec.port,
          DefaultActions: spec.actions,
          ...(spec.protocol === 'HTTPS'
            ? { SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: certificate }] }
            : {}),
          Tags: tagList(tags),
        }),
      );
      registry.add({ key: `eu:listener-${name}-${spec.name}`, type: 'AWS::ElasticLoadBalancingV2::Listener', region: REGION, id: listener.Listeners?.[0]?.ListenerArn ?? '', tags });
    }
    listeners.push(listenerSpecs.length);
  };
  // Two zones; HTTPS, HTTP redirected to HTTPS (both pass) and HTTP served as is (fails).
  await loadBalancer('web', 'application', ['public-a', 'public-b'], TAGS.prod, [
    { name: 'https', protocol: 'HTTPS', port: 443, actions: forward },
    { name: 'redirect', protocol: 'HTTP', port: 80, actions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] },
    { name: 'plain', protocol: 'HTTP', port: 8080, actions: forward },
  ]);
  // One zone; plaintext TCP.
  await loadBalancer('cache', 'network', ['private-a'], TAGS.prod, [{ name: 'tcp', protocol: 'TCP', port: 6379, actions: forward }]);
  return listeners;
}

/** Any bytes: moto stores the code without unpacking it unless the function is invoked. */
const CODE = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64');

async function seedLambda(clients: ClientFactory, network: Network, registry: Registry, roleArn: string): Promise<void> {
  const lambda = clients(LambdaClient, REGION);
  const fn = async (name: string, subnets: readonly string[] | undefined, tags: Tags) => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: roleArn,
        Handler: 'index.handler',
        Code: { ZipFile: CODE },
        ...(subnets === undefined ? {} : { VpcConfig: { SubnetIds: subnets.map(network.subnet), SecurityGroupIds: [] } }),
        Tags: tags,
      }),
    );
    registry.add({ key: `eu:fn-${name}`, type: 'AWS::Lambda::Function', region: REGION, id: name, tags, tagging: 'lambda:function' });
  };
  await fn('api', ['private-a', 'private-b'], TAGS.prod);
  await fn('ingest', ['public-a'], TAGS.prod);
  await fn('cron', undefined, TAGS.prodUntagged);
}

async function seedEcs(clients: ClientFactory, network: Network, registry: Registry): Promise<number[]> {
  const ecs = clients(ECSClient, REGION);
  const securityGroups = [network.securityGroup('prod')];
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'nginx', memory: 512, essential: true }],
    }),
  );
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'legacy', networkMode: 'bridge', containerDefinitions: [{ name: 'legacy', image: 'nginx', memory: 256, essential: true }] }));

  const service = async (name: string, taskDefinition: string, network_: { subnets: readonly string[]; publicIp: boolean } | undefined, tags: Tags) => {
    const created = await ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: name,
        taskDefinition,
        desiredCount: 0,
        launchType: network_ === undefined ? 'EC2' : 'FARGATE',
        ...(network_ === undefined
          ? {}
          : { networkConfiguration: { awsvpcConfiguration: { subnets: network_.subnets.map(network.subnet), securityGroups, assignPublicIp: network_.publicIp ? 'ENABLED' : 'DISABLED' } } }),
        tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      }),
    );
    registry.add({ key: `eu:svc-${name}`, type: 'AWS::ECS::Service', region: REGION, id: created.service?.serviceArn ?? '', tags });
  };
  await service('api', 'web', { subnets: ['private-a', 'private-b'], publicIp: false }, TAGS.prod);
  await service('public', 'web', { subnets: ['public-a'], publicIp: true }, TAGS.prod);
  await service('legacy', 'legacy', undefined, TAGS.prodUntagged);

  // One Fargate task in a private subnet: ECS gives it a network interface of its own.
  const run = await ecs.send(
    new RunTaskCommand({
      cluster: 'prod',
      taskDefinition: 'web',
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [network.subnet('private-b')], securityGroups, assignPublicIp: 'DISABLED' } },
    }),
  );
  const taskArn = run.tasks?.[0]?.taskArn ?? '';
  const described = await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] }));
  const eniId = described.tasks?.[0]?.attachments?.[0]?.details?.find((detail) => detail.name === 'networkInterfaceId')?.value ?? '';
  registry.add({ key: 'eu:eni-task', type: 'AWS::EC2::NetworkInterface', region: REGION, id: eniId, tags: TAGS.none });
  return [3];
}

/** Seeds the compute of eu-west-1. */
export async function seedCompute(clients: ClientFactory, network: Network, registry: Registry, lambdaRole: string): Promise<ComputeCensus> {
  await seedAutoScaling(clients, network, registry);
  const listenersPerLoadBalancer = await seedLoadBalancers(clients, network, registry);
  await seedLambda(clients, network, registry, lambdaRole);
  const ecsServicesPerCluster = await seedEcs(clients, network, registry);
  return { listenersPerLoadBalancer, ecsServicesPerCluster };
}
