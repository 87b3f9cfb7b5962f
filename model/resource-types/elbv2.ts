/**
 * Elastic Load Balancing v2 (application, network and gateway load balancers) and their
 * listeners, identified by ARN, which the calls carry.
 */
import { z } from 'zod';
import { arnIdentified } from './arn.js';
import { calls, type CallDetail, type Path, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { int, loose, str } from './fields.js';

/** The API version of the Elastic Load Balancing v2 API (ALB, NLB, GWLB); Classic Load Balancer calls carry `2012-06-01`. */
const ELBV2_API_VERSION = '2015-12-01';

/** A Classic Load Balancer call shares the event source of v2; gatewatch collects only v2 load balancers. */
function classicElb(call: CallDetail): { readonly ignored: string } | undefined {
  const version = call.value(['apiVersion']);
  return typeof version === 'string' && version !== ELBV2_API_VERSION
    ? { ignored: `${call.eventName} of the Classic Load Balancer API (${version}): gatewatch has no rule for Classic Load Balancers` }
    : undefined;
}

/** ELBv2 resources by ARN: `field` of each element of the list at `path`, or the string at `path`. */
function elbRead(type: string, path: Path, field?: string): (call: CallDetail) => Reading {
  return (call) => {
    const classic = classicElb(call);
    if (classic !== undefined) return classic;
    const arns = field === undefined ? [call.text(path)] : call.list(path).map((_, index) => call.text([...path, index, field]));
    return arns.map((arn) => ({ resourceType: type, resourceId: arn, arn }));
  };
}

const elbTagged = (call: CallDetail): Reading => classicElb(call) ?? call.arns(call.texts(['requestParameters', 'resourceArns']));

export const elbv2 = describeService({
  types: {
    'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      schema: loose({
        loadBalancerName: str,
        scheme: str,
        type: str,
        availabilityZones: z.array(loose({ zoneName: str, subnetId: str })).nullish(),
      }),
      taggable: true,
      asff: 'AwsElbv2LoadBalancer',
      // `loadbalancer/app|net|gwy/…`; a Classic Load Balancer is `loadbalancer/NAME`, a type gatewatch does not collect.
      arn: arnIdentified('elasticloadbalancing', /^loadbalancer\/(?:app|net|gwy)(?:\/|$)/),
      reads: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTags'],
      changedBy: [
        calls('elasticloadbalancing', ['CreateLoadBalancer'], elbRead('AWS::ElasticLoadBalancingV2::LoadBalancer', ['responseElements', 'loadBalancers'], 'loadBalancerArn')),
        calls('elasticloadbalancing', ['SetSubnets'], elbRead('AWS::ElasticLoadBalancingV2::LoadBalancer', ['requestParameters', 'loadBalancerArn'])),
      ],
    },
    'AWS::ElasticLoadBalancingV2::Listener': {
      schema: loose({
        ListenerArn: str,
        LoadBalancerArn: str,
        Port: int,
        Protocol: str,
        SslPolicy: str,
        DefaultActions: z.array(loose({ Type: str, RedirectConfig: loose({ Protocol: str, Port: str }).nullish() })).nullish(),
      }),
      taggable: true,
      asff: 'Other',
      arn: arnIdentified('elasticloadbalancing', /^listener\/(?:app|net|gwy)(?:\/|$)/),
      reads: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTags'],
      changedBy: [
        calls('elasticloadbalancing', ['CreateListener'], elbRead('AWS::ElasticLoadBalancingV2::Listener', ['responseElements', 'listeners'], 'listenerArn')),
        calls('elasticloadbalancing', ['ModifyListener'], elbRead('AWS::ElasticLoadBalancingV2::Listener', ['requestParameters', 'listenerArn'])),
      ],
    },
  },
  changedBy: [calls('elasticloadbalancing', ['AddTags', 'RemoveTags'], elbTagged)],
});
