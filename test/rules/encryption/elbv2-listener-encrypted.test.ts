import rule from '../../../rules/encryption/elbv2-listener-encrypted.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const ALB = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/kestrel-web/50dc6c495c0c9188`;
const NLB = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/net/kestrel-mqtt/73e2d6bc24d8a067`;
const GWLB = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/gwy/kestrel-inspect/6a2ba2c1d6b84d0e`;

/** A listener as AWS Config records it: identified by its ARN, PascalCase configuration. */
const listener = (suffix: string, loadBalancer: string, protocol: string | null, port: number | null, defaultActions?: readonly Record<string, unknown>[] | null) => {
  const arn = `${loadBalancer.replace(':loadbalancer/', ':listener/')}/${suffix}`;
  return item(
    'AWS::ElasticLoadBalancingV2::Listener',
    arn,
    {
      ListenerArn: arn,
      LoadBalancerArn: loadBalancer,
      Protocol: protocol,
      Port: port,
      ...(defaultActions === undefined ? {} : { DefaultActions: defaultActions }),
    },
    { ARN: arn },
  );
};
const arnOf = (suffix: string, loadBalancer: string) => `${loadBalancer.replace(':loadbalancer/', ':listener/')}/${suffix}`;

const forward = { Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/web/0f3c` };
const toHttps = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
const keepProtocol = { Type: 'redirect', RedirectConfig: { Protocol: '#{protocol}', Port: '8080', StatusCode: 'HTTP_302' } };
const fixed = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', ContentType: 'text/plain' } };

testRule(rule, [
  {
    name: 'an HTTPS listener passes and is labelled by its load balancer',
    items: [listener('aaa1', ALB, 'HTTPS', 443, [forward])],
    expect: [{ resourceId: arnOf('aaa1', ALB), status: 'PASS', messageId: 'encrypted', data: { listener: 'kestrel-web (HTTPS:443)', protocol: 'HTTPS' } }],
  },
  {
    name: 'a TLS listener of a Network Load Balancer passes',
    items: [listener('bbb1', NLB, 'TLS', 8883, [forward])],
    expect: [{ resourceId: arnOf('bbb1', NLB), status: 'PASS', messageId: 'encrypted', data: { listener: 'kestrel-mqtt (TLS:8883)', protocol: 'TLS' } }],
  },
  {
    name: 'an HTTP listener that only redirects to HTTPS passes',
    items: [listener('aaa2', ALB, 'HTTP', 80, [toHttps])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'PASS', messageId: 'redirectsToHttps', data: { listener: 'kestrel-web (HTTP:80)' } }],
  },
  {
    name: 'an HTTP listener that forwards fails',
    items: [listener('aaa2', ALB, 'HTTP', 80, [forward])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'FAIL', messageId: 'servesHttp', data: { actions: 'forward' } }],
  },
  {
    name: 'an HTTP redirect that keeps the protocol (#{protocol}) fails',
    items: [listener('aaa2', ALB, 'HTTP', 80, [keepProtocol])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'FAIL', messageId: 'servesHttp', data: { actions: 'redirect to #{protocol}' } }],
  },
  {
    name: 'an HTTP redirect to HTTP fails',
    items: [listener('aaa2', ALB, 'HTTP', 80, [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTP', Port: '8080' } }])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'FAIL', messageId: 'servesHttp', data: { actions: 'redirect to HTTP' } }],
  },
  {
    name: 'an HTTP listener with a fixed response serves plain HTTP and fails',
    items: [listener('aaa2', ALB, 'HTTP', 80, [fixed])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'FAIL', messageId: 'servesHttp', data: { actions: 'fixed-response' } }],
  },
  {
    name: 'a forward action fails the listener even beside an action that cannot be judged',
    items: [listener('aaa2', ALB, 'HTTP', 80, [{ Type: 'redirect', RedirectConfig: null }, forward])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'FAIL', messageId: 'servesHttp', data: { actions: 'forward' } }],
  },
  {
    name: 'a redirect without a recorded protocol is unknown, never passed',
    items: [listener('aaa2', ALB, 'HTTP', 80, [{ Type: 'redirect', RedirectConfig: { Port: '443' } }])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'UNKNOWN', messageId: 'actionUnknown', data: { actions: 'a redirect to an unrecorded protocol' } }],
  },
  {
    name: 'a redirect to HTTPS beside an action of unrecorded type is unknown',
    items: [listener('aaa2', ALB, 'HTTP', 80, [toHttps, { Type: null }])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'UNKNOWN', messageId: 'actionUnknown', data: { actions: 'an action of unrecorded type' } }],
  },
  {
    name: 'an HTTP listener with no recorded default actions is unknown',
    items: [listener('aaa2', ALB, 'HTTP', 80, null)],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'UNKNOWN', messageId: 'noActions' }],
  },
  {
    name: 'an HTTP listener with an empty list of default actions is unknown',
    items: [listener('aaa2', ALB, 'HTTP', 80, [])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'UNKNOWN', messageId: 'noActions' }],
  },
  {
    name: 'a TCP listener fails: no TLS at the load balancer',
    items: [listener('bbb2', NLB, 'TCP', 1883, [forward])],
    expect: [{ resourceId: arnOf('bbb2', NLB), status: 'FAIL', messageId: 'tcpPlaintext', data: { listener: 'kestrel-mqtt (TCP:1883)' } }],
  },
  {
    name: 'UDP and TCP_UDP listeners are not applicable: no TLS termination exists for them',
    items: [listener('bbb3', NLB, 'UDP', 514, [forward]), listener('bbb4', NLB, 'TCP_UDP', 53, [forward])],
    expect: [
      { resourceId: arnOf('bbb3', NLB), status: 'NOT_APPLICABLE', messageId: 'noTlsTermination', data: { protocol: 'UDP' } },
      { resourceId: arnOf('bbb4', NLB), status: 'NOT_APPLICABLE', messageId: 'noTlsTermination', data: { protocol: 'TCP_UDP' } },
    ],
  },
  {
    name: 'a Gateway Load Balancer listener (GENEVE) is not applicable',
    items: [listener('ccc1', GWLB, 'GENEVE', 6081, [forward])],
    expect: [{ resourceId: arnOf('ccc1', GWLB), status: 'NOT_APPLICABLE', messageId: 'gateway', data: { listener: 'kestrel-inspect (GENEVE:6081)' } }],
  },
  {
    name: 'a listener with no recorded protocol is unknown',
    items: [listener('aaa3', ALB, null, null, [forward])],
    expect: [{ resourceId: arnOf('aaa3', ALB), status: 'UNKNOWN', messageId: 'protocolMissing', data: { listener: 'kestrel-web (unknown protocol:?)' } }],
  },
  {
    name: 'a protocol the rule does not know is unknown',
    items: [listener('aaa3', ALB, 'SCTP', 9000, [forward])],
    expect: [{ resourceId: arnOf('aaa3', ALB), status: 'UNKNOWN', messageId: 'unknownProtocol', data: { protocol: 'SCTP' } }],
  },
  {
    name: 'protocols are matched case-insensitively',
    items: [listener('aaa2', ALB, 'http', 80, [{ Type: 'REDIRECT', RedirectConfig: { Protocol: 'https' } }])],
    expect: [{ resourceId: arnOf('aaa2', ALB), status: 'PASS', messageId: 'redirectsToHttps' }],
  },
  {
    name: 'a listener whose ARN names no load balancer is labelled by its id',
    items: [item('AWS::ElasticLoadBalancingV2::Listener', 'listener-x', { Protocol: 'TCP', Port: 22 })],
    expect: [{ resourceId: 'listener-x', status: 'FAIL', messageId: 'tcpPlaintext', data: { listener: 'listener-x (TCP:22)' } }],
  },
  {
    name: 'listeners that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::ElasticLoadBalancingV2::Listener'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several listeners of several load balancers are each judged on their own, in ARN order',
    items: [
      listener('aaa1', ALB, 'HTTPS', 443, [forward]),
      listener('aaa2', ALB, 'HTTP', 80, [toHttps]),
      listener('aaa9', ALB, 'HTTP', 8080, [forward]),
      listener('bbb2', NLB, 'TCP', 1883, [forward]),
      listener('ccc1', GWLB, 'GENEVE', 6081, [forward]),
    ],
    expect: [
      { resourceId: arnOf('aaa1', ALB), status: 'PASS', messageId: 'encrypted' },
      { resourceId: arnOf('aaa2', ALB), status: 'PASS', messageId: 'redirectsToHttps' },
      { resourceId: arnOf('aaa9', ALB), status: 'FAIL', messageId: 'servesHttp' },
      { resourceId: arnOf('ccc1', GWLB), status: 'NOT_APPLICABLE', messageId: 'gateway' },
      { resourceId: arnOf('bbb2', NLB), status: 'FAIL', messageId: 'tcpPlaintext' },
    ],
  },
]);
