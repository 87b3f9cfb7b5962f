/**
 * elbv2-listener-encrypted: Application and Network Load Balancer listeners encrypt traffic in
 * transit — protocol HTTPS or TLS — or, for HTTP, every default action redirects to HTTPS.
 *
 * Per protocol:
 * - HTTPS, TLS: PASS.
 * - HTTP: PASS only when every default action is a `redirect` whose RedirectConfig.Protocol is
 *   `HTTPS` (a `#{protocol}` redirect keeps HTTP). Listener rules beyond the default actions are not
 *   part of the configuration item, so a path rule that forwards HTTP is not seen (as with ELB.1).
 * - TCP: FAIL. The load balancer passes bytes through unencrypted; a TLS listener would terminate
 *   TLS. Where the targets terminate TLS themselves (TLS passthrough), record that decision as an
 *   exemption — the listener's configuration cannot show it.
 * - UDP, TCP_UDP, QUIC, TCP_QUIC: NOT_APPLICABLE. Load balancers cannot terminate TLS for these, so
 *   encryption, if any, is end to end between clients and targets.
 * - GENEVE (Gateway Load Balancer): NOT_APPLICABLE. The listener hands packets to inspection
 *   appliances inside the VPC; it carries other flows' traffic and has nothing of its own to encrypt.
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { defineRule } from '../lib/define-rule.js';

type Listener = ConfigurationItem<'AWS::ElasticLoadBalancingV2::Listener'>;
type Action = NonNullable<Listener['configuration']['DefaultActions']>[number];

const ENCRYPTED = new Set(['HTTPS', 'TLS']);
const NO_TLS_TERMINATION = new Set(['UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC']);

/** "kestrel-web (HTTP:80)": the load balancer's name from the listener ARN, with protocol and port. */
function labelOf(item: Listener): string {
  const arn = item.configuration.ListenerArn ?? item.configuration.LoadBalancerArn ?? item.resourceId;
  const name = /:listener\/(?:app|net|gwy)\/([^/]+)\//.exec(arn)?.[1] ?? /:loadbalancer\/(?:app|net|gwy)\/([^/]+)\//.exec(arn)?.[1];
  const endpoint = `${item.configuration.Protocol ?? 'unknown protocol'}:${item.configuration.Port ?? '?'}`;
  return name === undefined ? `${item.resourceId} (${endpoint})` : `${name} (${endpoint})`;
}

/** What a default action of an HTTP listener does to plain HTTP: redirect to HTTPS, serve it, or unknown. */
function judgeAction(action: Action): { readonly verdict: 'https' | 'http' | 'unknown'; readonly label: string } {
  const type = action.Type?.toLowerCase();
  if (type === undefined || type === '') return { verdict: 'unknown', label: 'an action of unrecorded type' };
  if (type !== 'redirect') return { verdict: 'http', label: type };
  const protocol = action.RedirectConfig?.Protocol;
  if (protocol === undefined || protocol === null || protocol === '') return { verdict: 'unknown', label: 'a redirect to an unrecorded protocol' };
  return protocol.toUpperCase() === 'HTTPS' ? { verdict: 'https', label: 'redirect to HTTPS' } : { verdict: 'http', label: `redirect to ${protocol}` };
}

export default defineRule({
  meta: {
    id: 'elbv2-listener-encrypted',
    gate: 'encryption',
    title: 'Load balancer listeners use HTTPS or TLS, or redirect HTTP to HTTPS',
    // FSBP rates ELB.1 (HTTP listeners of ALBs redirect to HTTPS) MEDIUM; matching it keeps this
    // finding and Security Hub's own at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
    controls: ['ELB.1'],
    remediation: {
      text:
        'For an HTTP listener of an Application Load Balancer, change its default action to "Redirect to URL" with ' +
        'protocol HTTPS and port 443 (and serve the application from an HTTPS listener with an ACM certificate). For a ' +
        'TCP listener of a Network Load Balancer, use a TLS listener with an ACM certificate, or exempt it where the ' +
        'targets terminate TLS themselves.',
      url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html',
    },
    messages: {
      encrypted: 'Listener {{listener}} encrypts traffic in transit ({{protocol}}).',
      redirectsToHttps: 'HTTP listener {{listener}} only redirects to HTTPS.',
      servesHttp: 'HTTP listener {{listener}} serves plain HTTP: its default action is {{actions}}, not a redirect to HTTPS.',
      tcpPlaintext:
        'TCP listener {{listener}} passes traffic through without TLS at the load balancer; use a TLS listener (or exempt it if the targets terminate TLS).',
      noTlsTermination: 'Listener {{listener}} uses {{protocol}}, for which a load balancer cannot terminate TLS.',
      gateway: 'Listener {{listener}} is a Gateway Load Balancer listener (GENEVE): it forwards other flows to inspection appliances.',
      noActions: 'HTTP listener {{listener}} has no recorded default actions.',
      actionUnknown: 'HTTP listener {{listener}} cannot be judged: its default actions include {{actions}}.',
      protocolMissing: 'Listener {{listener}} has no recorded protocol.',
      unknownProtocol: 'Listener {{listener}} uses protocol {{protocol}}, which this rule does not recognise.',
    },
  },
  check(item, context) {
    const listener = labelOf(item);
    const protocol = item.configuration.Protocol?.toUpperCase();
    if (protocol === undefined || protocol === '') return context.unknown('protocolMissing', { listener });
    if (ENCRYPTED.has(protocol)) return context.pass('encrypted', { listener, protocol });
    if (protocol === 'TCP') return context.fail('tcpPlaintext', { listener });
    if (protocol === 'GENEVE') return context.notApplicable('gateway', { listener });
    if (NO_TLS_TERMINATION.has(protocol)) return context.notApplicable('noTlsTermination', { listener, protocol });
    if (protocol !== 'HTTP') return context.unknown('unknownProtocol', { listener, protocol });

    const actions = (item.configuration.DefaultActions ?? []).map(judgeAction);
    if (actions.length === 0) return context.unknown('noActions', { listener });
    const labels = (verdict: 'http' | 'unknown'): string =>
      actions
        .filter((action) => action.verdict === verdict)
        .map((action) => action.label)
        .join(', ');
    // An action known to serve HTTP fails the listener whatever else is unrecorded.
    if (actions.some((action) => action.verdict === 'http')) return context.fail('servesHttp', { listener, actions: labels('http') });
    if (actions.some((action) => action.verdict === 'unknown')) return context.unknown('actionUnknown', { listener, actions: labels('unknown') });
    return context.pass('redirectsToHttps', { listener });
  },
});
