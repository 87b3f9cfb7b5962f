import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  LoadBalancerNotFoundException,
  type Listener,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Collector } from '../../../../inventory/live/collectors/elbv2.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const lbArn = (name: string) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${name}/50dc6c495c0c9188`;
const listenerArn = (name: string, id: string) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/${name}/50dc6c495c0c9188/${id}`;

const loadBalancer = (name: string): LoadBalancer => ({
  LoadBalancerArn: lbArn(name),
  DNSName: `${name}-1234.${REGION}.elb.amazonaws.com`,
  CanonicalHostedZoneId: 'Z32O12XQLNTSW2',
  CreatedTime: new Date('2026-01-02T03:04:05Z'),
  LoadBalancerName: name,
  Scheme: 'internet-facing',
  VpcId: 'vpc-1',
  State: { Code: 'active', Reason: 'fine' },
  Type: 'application',
  AvailabilityZones: [
    { ZoneName: 'eu-west-1a', SubnetId: 'subnet-a', LoadBalancerAddresses: [{ IpAddress: '203.0.113.5', AllocationId: 'eipalloc-1', PrivateIPv4Address: '10.0.0.5', IPv6Address: '2001:db8::5' }], SourceNatIpv6Prefixes: ['2001:db8::/80'] },
    { ZoneName: 'eu-west-1b', SubnetId: 'subnet-b', LoadBalancerAddresses: [] },
  ],
  IpAddressType: 'ipv4',
  // Fields AWS Config does not record (or records in another shape) must not leak into the item.
  SecurityGroups: ['sg-1'],
  EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on',
  EnablePrefixForIpv6SourceNat: 'off',
});

const httpsListener = (name: string, id: string): Listener => ({
  ListenerArn: listenerArn(name, id),
  LoadBalancerArn: lbArn(name),
  Port: 443,
  Protocol: 'HTTPS',
  SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  Certificates: [{ CertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/c`, IsDefault: true }],
  AlpnPolicy: ['HTTP2Preferred'],
  DefaultActions: [
    {
      Type: 'authenticate-oidc',
      Order: 1,
      AuthenticateOidcConfig: {
        Issuer: 'https://idp.example',
        AuthorizationEndpoint: 'https://idp.example/auth',
        TokenEndpoint: 'https://idp.example/token',
        UserInfoEndpoint: 'https://idp.example/user',
        ClientId: 'client',
        ClientSecret: 'do-not-leak',
        AuthenticationRequestExtraParams: { prompt: 'login' },
        SessionTimeout: 3600,
      },
    },
    { Type: 'forward', Order: 2, TargetGroupArn: 'tg-1', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'tg-1', Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } },
  ],
  MutualAuthentication: { Mode: 'off' },
});
const redirectListener = (name: string, id: string): Listener => ({
  ListenerArn: listenerArn(name, id),
  LoadBalancerArn: lbArn(name),
  Port: 80,
  Protocol: 'HTTP',
  DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
});
const plainHttpListener = (name: string, id: string): Listener => ({
  ListenerArn: listenerArn(name, id),
  LoadBalancerArn: lbArn(name),
  Port: 80,
  Protocol: 'HTTP',
  DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: 'ok' } }],
});

const elbError = (name: string, status = 403) =>
  new ElasticLoadBalancingV2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from the test` });

/** A tiny rule over listeners, standing in for the rules that arrive later. */
const encryptedListenerRule = defineRule({
  meta: {
    id: 'test-listener-encrypted',
    gate: 'encryption',
    title: 'Listeners use HTTPS (test rule)',
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: [LISTENER],
    controls: [],
    remediation: { text: 'Use HTTPS.', url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html' },
    messages: { https: 'https', plain: 'plain' },
  },
  check(item, context) {
    return item.configuration.Protocol === 'HTTPS' ? context.pass('https') : context.fail('plain');
  },
});

const serviceMocks = () => ({ elb: mockClient(ElasticLoadBalancingV2Client) });

let mocks: ReturnType<typeof mockIdentity>;
let elb: ReturnType<typeof serviceMocks>['elb'];
beforeEach(() => {
  mocks = mockIdentity();
  ({ elb } = serviceMocks());
  elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  elb.restore();
});

type Collection = Awaited<ReturnType<typeof collect>>;
const idsOf = (collection: Collection, type: string) => collection.items.filter((entry) => entry.resourceType === type).map((entry) => entry.resourceId);
const commandsSent = () => elb.calls().map((call) => call.args[0].constructor.name);

describe('ELBv2 collector', () => {
  it('builds load balancer and listener items in the shapes AWS Config records, tags from DescribeTags', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('web')] });
    elb.on(DescribeListenersCommand).resolves({ Listeners: [httpsListener('web', 'l1'), redirectListener('web', 'l2')] });
    elb.on(DescribeTagsCommand).resolves({
      TagDescriptions: [
        { ResourceArn: lbArn('web'), Tags: [{ Key: 'Team', Value: 'edge' }] },
        { ResourceArn: listenerArn('web', 'l1'), Tags: [{ Key: 'Team', Value: 'edge-tls' }] },
        { ResourceArn: listenerArn('web', 'l2'), Tags: [] },
      ],
    });
    const collection = await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((entry) => entry['resourceType'] !== 'AWS::::Account');
    expect(raws.map((entry) => entry['resourceType'])).toEqual([LOAD_BALANCER, LISTENER, LISTENER]);
    expect(raws[0]).toMatchObject({
      resourceId: lbArn('web'),
      resourceName: 'web',
      ARN: lbArn('web'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Multiple Availability Zones',
      resourceCreationTime: '2026-01-02T03:04:05.000Z',
      tags: { Team: 'edge' },
      configuration: {
        loadBalancerName: 'web',
        dNSName: `web-1234.${REGION}.elb.amazonaws.com`,
        scheme: 'internet-facing',
        type: 'application',
        state: { code: 'active' },
        availabilityZones: [
          { zoneName: 'eu-west-1a', subnetId: 'subnet-a', loadBalancerAddresses: [{ ipAddress: '203.0.113.5', privateIPv4Address: '10.0.0.5', iPv6Address: '2001:db8::5' }] },
          { zoneName: 'eu-west-1b', subnetId: 'subnet-b' },
        ],
      },
    });
    const lbConfiguration = raws[0]?.['configuration'] as Record<string, unknown>;
    for (const leaked of ['securityGroups', 'enforceSecurityGroupInboundRulesOnPrivateLinkTraffic', 'enablePrefixForIpv6SourceNat']) expect(lbConfiguration).not.toHaveProperty(leaked);
    expect(JSON.stringify(lbConfiguration)).not.toContain('reason');
    expect(JSON.stringify(lbConfiguration)).not.toContain('sourceNatIpv6Prefixes');
    expect(raws[1]).toMatchObject({
      resourceId: listenerArn('web', 'l1'),
      ARN: listenerArn('web', 'l1'),
      availabilityZone: 'Regional',
      tags: { Team: 'edge-tls' },
      relationships: [{ resourceType: LOAD_BALANCER, resourceId: lbArn('web') }],
      configuration: {
        ListenerArn: listenerArn('web', 'l1'),
        LoadBalancerArn: lbArn('web'),
        Port: 443,
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        DefaultActions: [{ Type: 'authenticate-oidc', AuthenticateOidcConfig: { ClientId: 'client', SessionTimeout: 3600 } }, { Type: 'forward' }],
      },
    });
    expect(raws[2]).toMatchObject({ configuration: { Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443' } }] } });
    expect(JSON.stringify(raws)).not.toContain('do-not-leak');
    expect(JSON.stringify(raws)).not.toContain('AuthenticationRequestExtraParams');
    expect(JSON.stringify(raws)).not.toContain('MutualAuthentication');
    for (const raw of raws) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('follows the markers of load balancers and of listeners across three pages at the maximum page sizes', async () => {
    elb
      .on(DescribeLoadBalancersCommand)
      .resolvesOnce({ LoadBalancers: [loadBalancer('a')], NextMarker: 'm2' })
      .resolvesOnce({ LoadBalancers: [loadBalancer('b')], NextMarker: 'm3' })
      .resolvesOnce({ LoadBalancers: [loadBalancer('c')] });
    elb.on(DescribeListenersCommand).resolves({ Listeners: [] });
    elb
      .on(DescribeListenersCommand, { LoadBalancerArn: lbArn('a') })
      .resolvesOnce({ Listeners: [httpsListener('a', 'l1')], NextMarker: 'n2' })
      .resolvesOnce({ Listeners: [httpsListener('a', 'l2')], NextMarker: 'n3' })
      .resolvesOnce({ Listeners: [httpsListener('a', 'l3')] });
    const collection = await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
    expect(collection.errors).toEqual([]);
    expect(idsOf(collection, LOAD_BALANCER)).toEqual([lbArn('a'), lbArn('b'), lbArn('c')]);
    expect(idsOf(collection, LISTENER)).toEqual([listenerArn('a', 'l1'), listenerArn('a', 'l2'), listenerArn('a', 'l3')]);
    expect(elb).toHaveReceivedNthCommandWith(1, DescribeLoadBalancersCommand, { PageSize: 400, Marker: undefined });
    expect(elb).toHaveReceivedNthCommandWith(2, DescribeLoadBalancersCommand, { PageSize: 400, Marker: 'm2' });
    expect(elb).toHaveReceivedNthCommandWith(3, DescribeLoadBalancersCommand, { PageSize: 400, Marker: 'm3' });
    expect(elb).toHaveReceivedCommandTimes(DescribeLoadBalancersCommand, 3);
    expect(elb).toHaveReceivedCommandWith(DescribeListenersCommand, { LoadBalancerArn: lbArn('a'), PageSize: 400, Marker: undefined });
    expect(elb).toHaveReceivedCommandWith(DescribeListenersCommand, { LoadBalancerArn: lbArn('a'), PageSize: 400, Marker: 'n2' });
    expect(elb).toHaveReceivedCommandWith(DescribeListenersCommand, { LoadBalancerArn: lbArn('a'), PageSize: 400, Marker: 'n3' });
    expect(elb).toHaveReceivedCommandTimes(DescribeListenersCommand, 5); // three pages for a, one each for b and c
    expect(callsOf(collection, 'elasticloadbalancing', 'DescribeLoadBalancers')).toBe(3);
    expect(callsOf(collection, 'elasticloadbalancing', 'DescribeListeners')).toBe(5);
  });

  it('reads the tags of both types twenty ARNs at a time', async () => {
    const names = Array.from({ length: 15 }, (_, index) => `lb-${index}`);
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: names.map(loadBalancer) });
    elb.on(DescribeListenersCommand).callsFake((input: { LoadBalancerArn: string }) => {
      const name = names.find((candidate) => lbArn(candidate) === input.LoadBalancerArn) ?? 'unknown';
      return { Listeners: [httpsListener(name, 'l1')] };
    });
    elb.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({
      TagDescriptions: input.ResourceArns.map((ResourceArn) => ({ ResourceArn, Tags: [{ Key: 'Owner', Value: ResourceArn.slice(-6) }] })),
    }));
    const collection = await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
    expect(collection.errors).toEqual([]);
    const arns = [...names.map(lbArn), ...names.map((name) => listenerArn(name, 'l1'))];
    expect(elb).toHaveReceivedCommandTimes(DescribeTagsCommand, 2);
    expect(elb).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: arns.slice(0, 20) });
    expect(elb).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: arns.slice(20) });
    expect(collection.items.filter((entry) => entry.resourceType !== 'AWS::::Account').every((entry) => entry.tags['Owner'] === entry.resourceId.slice(-6))).toBe(true);
  });

  it('retries throttling and counts the retry', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('web')] });
    elb.on(DescribeListenersCommand).rejectsOnce(elbError('Throttling', 400)).resolves({ Listeners: [httpsListener('web', 'l1')] });
    const collection = await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
    expect(collection.errors).toEqual([]);
    expect(idsOf(collection, LISTENER)).toEqual([listenerArn('web', 'l1')]);
    expect(collection.calls).toContainEqual({ service: 'elasticloadbalancing', operation: 'DescribeListeners', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied load balancer listing for both types it feeds', async () => {
    elb.on(DescribeLoadBalancersCommand).rejects(elbError('AccessDenied'));
    const collection = await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [LOAD_BALANCER, LISTENER],
        service: 'elasticloadbalancing',
        operation: 'DescribeLoadBalancers',
        code: 'AccessDenied',
        message: 'AccessDenied from the test',
      },
    ]);
    expect(commandsSent()).toEqual(['DescribeLoadBalancersCommand']);
  });

  it('records denied listener reads once, for listeners only, and still collects the load balancers', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('a'), loadBalancer('b'), loadBalancer('c')] });
    elb.on(DescribeListenersCommand).rejects(elbError('AccessDenied'));
    elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: lbArn('a'), Tags: [{ Key: 'Team', Value: 'edge' }] }] });
    const collection = await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
    // One error for the Region's listeners, however many load balancers failed: the listeners
    // cannot be named, so the error is not scoped to resources.
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [LISTENER], service: 'elasticloadbalancing', operation: 'DescribeListeners', code: 'AccessDenied', message: 'AccessDenied from the test' },
    ]);
    expect(idsOf(collection, LOAD_BALANCER)).toEqual([lbArn('a'), lbArn('b'), lbArn('c')]);
    expect(collection.items.find((entry) => entry.resourceId === lbArn('a'))?.tags).toEqual({ Team: 'edge' });
    expect(idsOf(collection, LISTENER)).toEqual([]);
  });

  describe('a load balancer deleted between DescribeLoadBalancers and DescribeListeners', () => {
    const deleted = () => {
      elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('a'), loadBalancer('gone'), loadBalancer('b')] });
      elb.on(DescribeListenersCommand, { LoadBalancerArn: lbArn('a') }).resolves({ Listeners: [httpsListener('a', 'l1')] });
      elb.on(DescribeListenersCommand, { LoadBalancerArn: lbArn('b') }).resolves({ Listeners: [plainHttpListener('b', 'l2')] });
      elb.on(DescribeListenersCommand, { LoadBalancerArn: lbArn('gone') }).rejects(new LoadBalancerNotFoundException({ message: 'gone', $metadata: { httpStatusCode: 400 } }));
    };
    const goneError = (resourceTypes: string[]) => ({
      accountId: ACCOUNT,
      region: REGION,
      resourceTypes,
      service: 'elasticloadbalancing',
      operation: 'DescribeListeners',
      code: 'LoadBalancerNotFoundException',
      message: `load balancer ${lbArn('gone')} was listed by DescribeLoadBalancers, then elasticloadbalancing:DescribeListeners answered LoadBalancerNotFoundException: deleted in between, or not readable; judged on the next scan`,
      resourceIds: [lbArn('gone')],
    });

    it('is recorded for the listeners, scoped to its ARN, and the other load balancers’ listeners are read', async () => {
      deleted();
      const collection = await collect([elbv2Collector], [LISTENER]);
      expect(collection.errors).toEqual([goneError([LISTENER])]);
      expect(idsOf(collection, LISTENER)).toEqual([listenerArn('a', 'l1'), listenerArn('b', 'l2')]);
      expect(elb).toHaveReceivedCommandTimes(DescribeListenersCommand, 3);
    });

    it('is recorded for the load balancer too when it is collected, which is still emitted', async () => {
      deleted();
      const collection = await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
      expect(collection.errors).toEqual([goneError([LOAD_BALANCER, LISTENER])]);
      expect(idsOf(collection, LOAD_BALANCER)).toEqual([lbArn('a'), lbArn('gone'), lbArn('b')]);
      expect(idsOf(collection, LISTENER)).toEqual([listenerArn('a', 'l1'), listenerArn('b', 'l2')]);
      expect(elb).toHaveReceivedCommandTimes(DescribeListenersCommand, 3);
      expect(elb).toHaveReceivedCommandTimes(DescribeTagsCommand, 1);
    });

    it('makes its listeners one UNKNOWN under its ARN naming elasticloadbalancing:DescribeListeners, and judges the others', async () => {
      deleted();
      const rules = [encryptedListenerRule];
      const result = await scan({ regions: [REGION] }, mockedLiveSource([elbv2Collector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
        [listenerArn('a', 'l1'), 'PASS', 'https'],
        [listenerArn('b', 'l2'), 'FAIL', 'plain'],
        [lbArn('gone'), 'UNKNOWN', 'collectionFailed'],
      ]);
      expect(result.evaluations[2]?.message).toMatch(/elasticloadbalancing:DescribeListeners .*LoadBalancerNotFoundException/);
    });
  });

  it('records a failed tag read for just the resources of that batch, and still emits them', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('web')] });
    elb.on(DescribeListenersCommand).resolves({ Listeners: [httpsListener('web', 'l1')] });
    elb.on(DescribeTagsCommand).rejects(elbError('AccessDenied'));
    const collection = await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
    expect(idsOf(collection, LOAD_BALANCER)).toEqual([lbArn('web')]);
    expect(idsOf(collection, LISTENER)).toEqual([listenerArn('web', 'l1')]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [LOAD_BALANCER, LISTENER],
        service: 'elasticloadbalancing',
        operation: 'DescribeTags',
        code: 'AccessDenied',
        message: 'AccessDenied from the test',
        aspect: 'tags',
        resourceIds: [lbArn('web'), listenerArn('web', 'l1')],
      },
    ]);
  });

  it('makes a listener rule UNKNOWN for the unread listeners and judges the ones read', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('a'), loadBalancer('b')] });
    elb.on(DescribeListenersCommand, { LoadBalancerArn: lbArn('a') }).resolves({ Listeners: [httpsListener('a', 'l1'), plainHttpListener('a', 'l2')] });
    elb.on(DescribeListenersCommand, { LoadBalancerArn: lbArn('b') }).rejects(elbError('AccessDenied'));
    const rules = [encryptedListenerRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([elbv2Collector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      [listenerArn('a', 'l1'), 'PASS', 'https'],
      [listenerArn('a', 'l2'), 'FAIL', 'plain'],
      ['*', 'UNKNOWN', 'listFailed'],
    ]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-listener-encrypted', region: REGION, complete: false })]);
  });

  it('makes a listener rule UNKNOWN, never PASS, when the load balancer listing is denied', async () => {
    elb.on(DescribeLoadBalancersCommand).rejects(elbError('AccessDenied'));
    const rules = [encryptedListenerRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([elbv2Collector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
  });

  it('reads listeners once per load balancer and tags in bulk, nothing per listener', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('a'), loadBalancer('b')] });
    elb.on(DescribeListenersCommand).callsFake((input: { LoadBalancerArn: string }) => ({
      Listeners: input.LoadBalancerArn === lbArn('a') ? [httpsListener('a', 'l1'), redirectListener('a', 'l2')] : [httpsListener('b', 'l1')],
    }));
    const collection = await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
    expect(commandsSent()).toEqual(['DescribeLoadBalancersCommand', 'DescribeListenersCommand', 'DescribeListenersCommand', 'DescribeTagsCommand']);
    expect(idsOf(collection, LISTENER)).toHaveLength(3);
  });

  it('makes no listener call when only load balancers are requested', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('a')] });
    const collection = await collect([elbv2Collector], [LOAD_BALANCER]);
    expect(collection.errors).toEqual([]);
    expect(commandsSent()).toEqual(['DescribeLoadBalancersCommand', 'DescribeTagsCommand']);
    expect(elb).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: [lbArn('a')] });
    expect(idsOf(collection, LOAD_BALANCER)).toEqual([lbArn('a')]);
  });

  it('emits only listeners, and tags only listeners, when only listeners are requested', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [loadBalancer('a')] });
    elb.on(DescribeListenersCommand).resolves({ Listeners: [httpsListener('a', 'l1')] });
    const collection = await collect([elbv2Collector], [LISTENER]);
    expect(idsOf(collection, LOAD_BALANCER)).toEqual([]);
    expect(idsOf(collection, LISTENER)).toEqual([listenerArn('a', 'l1')]);
    expect(elb).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: [listenerArn('a', 'l1')] });
  });

  it('makes no tag call in a Region without load balancers', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
    await collect([elbv2Collector], [LOAD_BALANCER, LISTENER]);
    expect(commandsSent()).toEqual(['DescribeLoadBalancersCommand']);
  });
});
