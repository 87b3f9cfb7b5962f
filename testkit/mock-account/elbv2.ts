/**
 * ELBv2 in the mocked account: one listener per load balancer, HTTPS and HTTP→HTTPS redirects alternating.
 */

import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  type DescribeListenersCommandInput,
  type DescribeListenersCommandOutput,
  type DescribeLoadBalancersCommandInput,
  type DescribeLoadBalancersCommandOutput,
  type DescribeTagsCommandInput,
  type DescribeTagsCommandOutput,
  type Listener,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { type At, awsError, batchLimit, type Build, CREATED, ec2Tags, hex, lookup, type Network, nth, type Out, paginate, type Restorable, type Tags, tagsOf } from './kit.js';

export interface Elbv2Data {
  readonly loadBalancers: LoadBalancer[];
  readonly listeners: Map<string, Listener[]>;
  readonly elbTags: Map<string, Tags>;
}

export function elbv2Data(build: Build, network: Network): Elbv2Data {
  const { region, n, zones, arn, groupId, register } = build;
  const { vpcOf, subnetOf } = network;
  const loadBalancers: LoadBalancer[] = Array.from({ length: n }, (_, index) => {
    const name = `app-${index}`;
    return {
      LoadBalancerArn: arn('elasticloadbalancing', `loadbalancer/app/${name}/${hex(index, 16)}`),
      DNSName: `internal-${name}-${index}.${region}.elb.amazonaws.com`,
      CanonicalHostedZoneId: 'Z32O12XQLNTSW2',
      CreatedTime: CREATED,
      LoadBalancerName: name,
      Scheme: 'internal',
      VpcId: vpcOf(index),
      State: { Code: 'active' },
      Type: 'application',
      AvailabilityZones: [0, 1].map((offset) => ({ ZoneName: nth(zones, index + offset), SubnetId: subnetOf(index + offset) })),
      SecurityGroups: [groupId(index)],
      IpAddressType: 'ipv4',
    };
  });
  const listeners = new Map<string, Listener[]>();
  const elbTags = new Map<string, Tags>();
  loadBalancers.forEach((loadBalancer, index) => {
    const balancerArn = loadBalancer.LoadBalancerArn ?? '';
    const https = index % 2 === 0;
    const listener: Listener = {
      ListenerArn: balancerArn.replace(':loadbalancer/', ':listener/') + `/${hex(index + 1, 16)}`,
      LoadBalancerArn: balancerArn,
      Port: https ? 443 : 80,
      Protocol: https ? 'HTTPS' : 'HTTP',
      ...(https
        ? {
            SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
            Certificates: [{ CertificateArn: arn('acm', `certificate/0b1c2d3e-0000-4000-8000-${hex(index, 12)}`) }],
            DefaultActions: [{ Type: 'forward', Order: 1, TargetGroupArn: arn('elasticloadbalancing', `targetgroup/app-${index}/${hex(index, 16)}`) }],
          }
        : { DefaultActions: [{ Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } }] }),
    };
    listeners.set(balancerArn, [listener]);
    elbTags.set(balancerArn, tagsOf('app', index));
    elbTags.set(listener.ListenerArn ?? '', tagsOf('listener', index));
    register(balancerArn, 'elasticloadbalancing', 'loadbalancer', tagsOf('app', index));
    register(listener.ListenerArn ?? '', 'elasticloadbalancing', 'listener', tagsOf('listener', index));
  });
  return { loadBalancers, listeners, elbTags };
}

export function mockElbv2(at: At<Elbv2Data>): Restorable[] {
  const elb = mockClient(ElasticLoadBalancingV2Client);
  elb.on(DescribeLoadBalancersCommand).callsFake(async (input: DescribeLoadBalancersCommandInput, getClient): Promise<Out<DescribeLoadBalancersCommandOutput>> => {
    const data = await at(getClient);
    // By ARNs ELB answers every one or fails the request.
    if (input.LoadBalancerArns !== undefined) {
      return {
        LoadBalancers: input.LoadBalancerArns.map((arn) => {
          const loadBalancer = lookup(data.loadBalancers, (candidate) => [candidate.LoadBalancerArn], arn);
          if (loadBalancer === undefined) throw awsError('LoadBalancerNotFoundException', `One or more load balancers not found: ${arn}`);
          return loadBalancer;
        }),
      };
    }
    const page = paginate('DescribeLoadBalancers', data.loadBalancers, input.Marker, input.PageSize, 400);
    return { LoadBalancers: page.items, NextMarker: page.next };
  });
  elb.on(DescribeListenersCommand).callsFake(async (input: DescribeListenersCommandInput, getClient): Promise<Out<DescribeListenersCommandOutput>> => {
    const data = await at(getClient);
    if (input.ListenerArns !== undefined) {
      const all = [...data.listeners.values()].flat();
      return {
        Listeners: input.ListenerArns.map((arn) => {
          const listener = lookup(all, (candidate) => [candidate.ListenerArn], arn);
          if (listener === undefined) throw awsError('ListenerNotFoundException', `One or more listeners not found: ${arn}`);
          return listener;
        }),
      };
    }
    const listeners = data.listeners.get(input.LoadBalancerArn ?? '');
    if (listeners === undefined) throw awsError('LoadBalancerNotFound', `no load balancer ${String(input.LoadBalancerArn)}`);
    const page = paginate(`DescribeListeners:${input.LoadBalancerArn ?? ''}`, listeners, input.Marker, input.PageSize, 400);
    return { Listeners: page.items, NextMarker: page.next };
  });
  elb.on(DescribeTagsCommand).callsFake(async (input: DescribeTagsCommandInput, getClient): Promise<Out<DescribeTagsCommandOutput>> => {
    batchLimit('DescribeTags', input.ResourceArns, 20);
    const data = await at(getClient);
    return {
      TagDescriptions: (input.ResourceArns ?? []).map((resourceArn) => {
        const tags = data.elbTags.get(resourceArn);
        if (tags === undefined) throw awsError('LoadBalancerNotFound', `no resource ${resourceArn}`);
        return { ResourceArn: resourceArn, Tags: ec2Tags(tags) };
      }),
    };
  });
  return [elb];
}
