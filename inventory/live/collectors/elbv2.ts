/**
 * Application, Network and Gateway Load Balancers and their listeners as AWS Config records them
 * (AWS::ElasticLoadBalancingV2::LoadBalancer camelCase; AWS::ElasticLoadBalancingV2::Listener
 * PascalCase as the CloudFormation resource model).
 *
 * DescribeLoadBalancers (400 per page) is the inventory of load balancers. Listeners have no bulk
 * listing: DescribeListeners runs once per load balancer (400 per page). Tags come from
 * DescribeTags, 20 ARNs of either type per call, for exactly the resources collected.
 *
 * A failed DescribeListeners concerns listeners that cannot be named, so no item can carry the
 * failure: it is recorded for the listener type in the whole Region (its rules show an UNKNOWN for
 * "all listeners"), while the listeners that were read are still judged. However many load
 * balancers fail, the Region gets one such error.
 *
 * A load balancer DescribeLoadBalancers listed never vanishes silently: one whose
 * DescribeListeners answers LoadBalancerNotFoundException (deleted in between) is recorded as that
 * call's error scoped to the load balancer's ARN, for both types collected — the load balancer is
 * still emitted and UNKNOWN, and its listeners, which cannot be named, show as one UNKNOWN under
 * that ARN — while the other load balancers and their listeners are judged as usual.
 *
 * A change event reads only the load balancers and listeners it names, each by ARN, and their tags.
 */
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
  type Action,
  type Listener,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceType } from '../../../model/configuration-item.js';
import { CallFailure } from '../../../aws/call-failure.js';
import type { NamedResource } from '../../source.js';
import { namedResources, plain, tagMap, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { goneOn, readNamed } from './describe-each.js';
import { settleAll } from './fields.js';
import { chunks } from '../../../aws/batches.js';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer' as const satisfies ResourceType;
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener' as const satisfies ResourceType;
/** DescribeTags accepts at most 20 ARNs per call. */
const TAGS_BATCH = 20;

type Tags = Map<string, Readonly<Record<string, string>>>;

/** DescribeListeners' answer for a load balancer that does not exist. */
const LOAD_BALANCER_NOT_FOUND = 'LoadBalancerNotFoundException';

/** The LoadBalancer fields AWS Config records (the published properties; security groups left out). */
export function loadBalancerConfiguration(loadBalancer: LoadBalancer): Record<string, unknown> {
  return plain({
    loadBalancerArn: loadBalancer.LoadBalancerArn,
    dNSName: loadBalancer.DNSName,
    canonicalHostedZoneId: loadBalancer.CanonicalHostedZoneId,
    createdTime: loadBalancer.CreatedTime,
    loadBalancerName: loadBalancer.LoadBalancerName,
    scheme: loadBalancer.Scheme,
    vpcId: loadBalancer.VpcId,
    state: loadBalancer.State && { code: loadBalancer.State.Code },
    type: loadBalancer.Type,
    availabilityZones: loadBalancer.AvailabilityZones?.map((zone) => ({
      zoneName: zone.ZoneName,
      subnetId: zone.SubnetId,
      outpostId: zone.OutpostId,
      loadBalancerAddresses: zone.LoadBalancerAddresses?.map((address) => ({
        ipAddress: address.IpAddress,
        allocationId: address.AllocationId,
        privateIPv4Address: address.PrivateIPv4Address,
        iPv6Address: address.IPv6Address,
      })),
    })),
    ipAddressType: loadBalancer.IpAddressType,
    customerOwnedIpv4Pool: loadBalancer.CustomerOwnedIpv4Pool,
  }) as Record<string, unknown>;
}

function actionConfiguration(action: Action): Record<string, unknown> {
  const { AuthenticateCognitoConfig: cognito, AuthenticateOidcConfig: oidc, FixedResponseConfig: fixed, ForwardConfig: forward, RedirectConfig: redirect } = action;
  return {
    Type: action.Type,
    Order: action.Order,
    TargetGroupArn: action.TargetGroupArn,
    // No client secret, no extra parameters: only what the published schema lists.
    AuthenticateCognitoConfig: cognito && {
      UserPoolArn: cognito.UserPoolArn,
      UserPoolClientId: cognito.UserPoolClientId,
      UserPoolDomain: cognito.UserPoolDomain,
      SessionCookieName: cognito.SessionCookieName,
      Scope: cognito.Scope,
      SessionTimeout: cognito.SessionTimeout,
      OnUnauthenticatedRequest: cognito.OnUnauthenticatedRequest,
    },
    AuthenticateOidcConfig: oidc && {
      Issuer: oidc.Issuer,
      AuthorizationEndpoint: oidc.AuthorizationEndpoint,
      TokenEndpoint: oidc.TokenEndpoint,
      UserInfoEndpoint: oidc.UserInfoEndpoint,
      ClientId: oidc.ClientId,
      SessionCookieName: oidc.SessionCookieName,
      Scope: oidc.Scope,
      SessionTimeout: oidc.SessionTimeout,
      OnUnauthenticatedRequest: oidc.OnUnauthenticatedRequest,
      UseExistingClientSecret: oidc.UseExistingClientSecret,
    },
    FixedResponseConfig: fixed && { StatusCode: fixed.StatusCode, ContentType: fixed.ContentType },
    ForwardConfig: forward && {
      TargetGroups: forward.TargetGroups?.map((group) => ({ TargetGroupArn: group.TargetGroupArn, Weight: group.Weight })),
      TargetGroupStickinessConfig: forward.TargetGroupStickinessConfig && {
        Enabled: forward.TargetGroupStickinessConfig.Enabled,
        DurationSeconds: forward.TargetGroupStickinessConfig.DurationSeconds,
      },
    },
    RedirectConfig: redirect && {
      Protocol: redirect.Protocol,
      Port: redirect.Port,
      Host: redirect.Host,
      Path: redirect.Path,
      Query: redirect.Query,
      StatusCode: redirect.StatusCode,
    },
  };
}

/** The Listener fields AWS Config records (the published properties, PascalCase). */
export function listenerConfiguration(listener: Listener): Record<string, unknown> {
  return plain({
    ListenerArn: listener.ListenerArn,
    LoadBalancerArn: listener.LoadBalancerArn,
    Port: listener.Port,
    Protocol: listener.Protocol,
    SslPolicy: listener.SslPolicy,
    AlpnPolicy: listener.AlpnPolicy,
    Certificates: listener.Certificates?.map((certificate) => ({ CertificateArn: certificate.CertificateArn, IsDefault: certificate.IsDefault })),
    DefaultActions: listener.DefaultActions?.map(actionConfiguration),
  }) as Record<string, unknown>;
}

/** One zone when the load balancer uses one, else "Multiple Availability Zones" as Config writes it. */
function zoneOf(loadBalancer: LoadBalancer): string | undefined {
  const zones = (loadBalancer.AvailabilityZones ?? []).flatMap((zone) => (zone.ZoneName === undefined ? [] : [zone.ZoneName]));
  if (zones.length === 0) return undefined;
  return zones.length === 1 ? zones[0] : 'Multiple Availability Zones';
}

export function loadBalancerItem(loadBalancer: LoadBalancer & { LoadBalancerArn: string }, tags: Tags): RawItem {
  const arn = loadBalancer.LoadBalancerArn;
  return {
    resourceType: LOAD_BALANCER,
    // AWS Config identifies a load balancer by its ARN and names it by its name.
    resourceId: arn,
    resourceName: loadBalancer.LoadBalancerName,
    ARN: arn,
    availabilityZone: zoneOf(loadBalancer),
    resourceCreationTime: loadBalancer.CreatedTime?.toISOString(),
    tags: tags.get(arn) ?? {},
    relationships: [
      ...(loadBalancer.VpcId === undefined ? [] : [{ resourceType: 'AWS::EC2::VPC', resourceId: loadBalancer.VpcId, name: 'Is contained in Vpc' }]),
      ...(loadBalancer.AvailabilityZones ?? []).flatMap((zone) =>
        zone.SubnetId === undefined ? [] : [{ resourceType: 'AWS::EC2::Subnet', resourceId: zone.SubnetId, name: 'Is attached to Subnet' }],
      ),
    ],
    configuration: loadBalancerConfiguration(loadBalancer),
  };
}

export function listenerItem(listener: Listener & { ListenerArn: string }, tags: Tags): RawItem {
  const arn = listener.ListenerArn;
  return {
    resourceType: LISTENER,
    resourceId: arn,
    resourceName: arn,
    ARN: arn,
    availabilityZone: 'Regional',
    tags: tags.get(arn) ?? {},
    relationships:
      listener.LoadBalancerArn === undefined
        ? []
        : [{ resourceType: LOAD_BALANCER, resourceId: listener.LoadBalancerArn, name: 'Is associated with LoadBalancer' }],
    configuration: listenerConfiguration(listener),
  };
}

const hasArn = <T extends { LoadBalancerArn?: string | undefined }>(value: T): value is T & { LoadBalancerArn: string } => value.LoadBalancerArn !== undefined;
const hasListenerArn = <T extends { ListenerArn?: string | undefined }>(value: T): value is T & { ListenerArn: string } => value.ListenerArn !== undefined;

export const elbv2Collector: Collector = {
  service: 'elasticloadbalancing',
  produces: [LOAD_BALANCER, LISTENER],
  async collect(context, types) {
    const wanted = [LOAD_BALANCER, LISTENER].filter((type) => types.has(type));
    if (wanted.length === 0) return;
    const elb = context.client(ElasticLoadBalancingV2Client);

    // A change event names load balancers and listeners by ARN (their id): read just those,
    // unless it asks for a type whole (then the Region's walk, which the context narrows).
    const namedLoadBalancers = namedResources(context, LOAD_BALANCER);
    const namedListeners = namedResources(context, LISTENER);
    if ((!types.has(LOAD_BALANCER) || namedLoadBalancers !== undefined) && (!types.has(LISTENER) || namedListeners !== undefined)) {
      const arns = (named: readonly NamedResource[] | undefined) => (named ?? []).map((resource) => resource.arn ?? resource.resourceId);
      await collectNamed(context, elb, types, arns(namedLoadBalancers), arns(namedListeners));
      return;
    }

    // The load balancer list feeds both types: listeners are read per load balancer.
    const loadBalancers: (LoadBalancer & { LoadBalancerArn: string })[] = [];
    await context.attempt(wanted, async () => {
      const pages = context.pages(
        'DescribeLoadBalancers',
        (Marker) => elb.send(new DescribeLoadBalancersCommand({ PageSize: 400, Marker })),
        (page) => page.NextMarker,
      );
      for await (const page of pages) loadBalancers.push(...(page.LoadBalancers ?? []).filter(hasArn));
    });

    // Per load balancer, in its order, so the items come out in the same order every scan.
    const listenersOf: (Listener & { ListenerArn: string })[][] = loadBalancers.map(() => []);
    if (types.has(LISTENER)) {
      await context.attempt([LISTENER], () =>
        settleAll(
          loadBalancers.map((loadBalancer, index) => async () => {
            const pages = context.pages(
              'DescribeListeners',
              (Marker) => elb.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancer.LoadBalancerArn, PageSize: 400, Marker })),
              (page) => page.NextMarker,
            );
            try {
              for await (const page of pages) listenersOf[index]?.push(...(page.Listeners ?? []).filter(hasListenerArn));
            } catch (error) {
              if (!(error instanceof CallFailure && (error.cause instanceof LoadBalancerNotFoundException || error.code === LOAD_BALANCER_NOT_FOUND))) throw error;
              // Deleted since DescribeLoadBalancers listed it (or not readable): recorded for it alone.
              const arn = loadBalancer.LoadBalancerArn;
              const message = `load balancer ${arn} was listed by DescribeLoadBalancers, then ${error.service}:${error.operation} answered ${LOAD_BALANCER_NOT_FOUND}: deleted in between, or not readable; judged on the next scan`;
              const notFound = new CallFailure(error.service, error.operation, LOAD_BALANCER_NOT_FOUND, { name: LOAD_BALANCER_NOT_FOUND, message });
              await context.attempt(wanted, () => Promise.reject(notFound), { resourceIds: [arn] });
            }
          }),
        ),
      );
    }
    await tagAndEmit(context, elb, types, types.has(LOAD_BALANCER) ? loadBalancers : [], listenersOf.flat());
  },
};

/**
 * Tags of the load balancers and listeners (DescribeTags, 20 ARNs per call; a failed batch leaves
 * just these resources without tags: UNKNOWN for tag-reading rules), then their items.
 */
async function tagAndEmit(
  context: CollectContext,
  elb: ElasticLoadBalancingV2Client,
  types: ReadonlySet<ResourceType>,
  loadBalancers: readonly (LoadBalancer & { LoadBalancerArn: string })[],
  listeners: readonly (Listener & { ListenerArn: string })[],
): Promise<void> {
  const wanted = [LOAD_BALANCER, LISTENER].filter((type) => types.has(type));
  const emitted = [
    ...loadBalancers.map((loadBalancer) => ({ type: LOAD_BALANCER, arn: loadBalancer.LoadBalancerArn })),
    ...listeners.map((listener) => ({ type: LISTENER, arn: listener.ListenerArn })),
  ];
  const tags: Tags = new Map();
  await Promise.all(
    chunks(emitted, TAGS_BATCH).map((batch) => {
      const arns = batch.map((entry) => entry.arn);
      const batchTypes = wanted.filter((type) => batch.some((entry) => entry.type === type));
      return context.attempt(
        batchTypes,
        async () => {
          const output = await context.call('DescribeTags', () => elb.send(new DescribeTagsCommand({ ResourceArns: arns })));
          for (const description of output.TagDescriptions ?? []) {
            if (description.ResourceArn !== undefined) tags.set(description.ResourceArn, tagMap(description.Tags));
          }
        },
        { aspect: 'tags', resourceIds: arns },
      );
    }),
  );
  for (const loadBalancer of loadBalancers) context.emit(loadBalancerItem(loadBalancer, tags));
  for (const listener of listeners) context.emit(listenerItem(listener, tags));
}

/** The answers for a load balancer or a listener that does not exist: the SDK's exception name and the query protocol's code. */
const GONE = {
  loadBalancer: [LOAD_BALANCER_NOT_FOUND, 'LoadBalancerNotFound'],
  listener: ['ListenerNotFoundException', 'ListenerNotFound'],
} as const;

/**
 * The targeted read: the named load balancers and listeners, each by its ARN (their id; a list of
 * ARNs fails whole when one is gone, so one call each), and their tags. One that ELB answers it
 * does not know is gone, and absent.
 */
async function collectNamed(
  context: CollectContext,
  elb: ElasticLoadBalancingV2Client,
  types: ReadonlySet<ResourceType>,
  loadBalancerArns: readonly string[],
  listenerArns: readonly string[],
): Promise<void> {
  const [loadBalancers, listeners] = await Promise.all([
    readNamed(context, LOAD_BALANCER, loadBalancerArns, async (arn) => {
      const output = await context
        .call('DescribeLoadBalancers', () => elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })))
        .catch((error: unknown) => goneOn(error, GONE.loadBalancer, (cause) => cause instanceof LoadBalancerNotFoundException));
      return output?.LoadBalancers?.filter(hasArn).filter((loadBalancer) => loadBalancer.LoadBalancerArn === arn);
    }),
    readNamed(context, LISTENER, listenerArns, async (arn) => {
      const output = await context
        .call('DescribeListeners', () => elb.send(new DescribeListenersCommand({ ListenerArns: [arn] })))
        .catch((error: unknown) => goneOn(error, GONE.listener, (cause) => cause instanceof ListenerNotFoundException));
      return output?.Listeners?.filter(hasListenerArn).filter((listener) => listener.ListenerArn === arn);
    }),
  ]);
  await tagAndEmit(context, elb, types, loadBalancers, listeners);
}
