/**
 * opensearch-domain-encrypted: OpenSearch Service domains encrypt data at rest and between nodes,
 * and their endpoint takes HTTPS only, with TLS 1.2 or later.
 *
 * The minimum TLS version is read from the TLS security policy's name (`Policy-Min-TLS-1-2-…`),
 * so newer policies of the same naming (`Policy-Min-TLS-1-2-PFS-2023-10`,
 * `Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08`) are judged without a list to keep up to date; a
 * policy name of another form is UNKNOWN. A FAIL names every missing protection, not the first.
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { defineRule } from '../lib/define-rule.js';

type Domain = ConfigurationItem<'AWS::OpenSearch::Domain'>;

/** A protection's state: in place, missing (with what is wrong), or not recorded (with what is unknown). */
type Protection = { readonly state: 'on' } | { readonly state: 'off'; readonly what: string } | { readonly state: 'unrecorded'; readonly what: string };

const ON: Protection = { state: 'on' };

/** The minimum TLS version a policy name states (`Policy-Min-TLS-1-2-2019-07` → [1, 2]). */
const POLICY_NAME = /^Policy-Min-TLS-(\d+)-(\d+)(?:-|$)/;

function flag(enabled: boolean | null | undefined, missing: string, unrecorded: string): Protection {
  if (enabled === true) return ON;
  if (enabled === false) return { state: 'off', what: missing };
  return { state: 'unrecorded', what: unrecorded };
}

function tls(policy: string | null | undefined): Protection {
  if (policy === undefined || policy === null || policy.trim() === '') return { state: 'unrecorded', what: 'the TLS security policy' };
  const match = POLICY_NAME.exec(policy.trim());
  if (match === null) return { state: 'unrecorded', what: `the minimum TLS version of policy ${policy} (not a name gatewatch recognises)` };
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major > 1 || (major === 1 && minor >= 2)) return ON;
  return { state: 'off', what: `TLS 1.2 or later (policy ${policy} accepts TLS ${major}.${minor})` };
}

function protections(item: Domain): Protection[] {
  const { EncryptionAtRestOptions: atRest, NodeToNodeEncryptionOptions: nodeToNode, DomainEndpointOptions: endpoint } = item.configuration;
  return [
    flag(atRest?.Enabled, 'encryption at rest', 'encryption at rest'),
    flag(nodeToNode?.Enabled, 'node-to-node encryption', 'node-to-node encryption'),
    flag(endpoint?.EnforceHTTPS, 'HTTPS enforcement', 'HTTPS enforcement'),
    tls(endpoint?.TLSSecurityPolicy),
  ];
}

export default defineRule({
  meta: {
    id: 'opensearch-domain-encrypted',
    gate: 'encryption',
    title: 'OpenSearch domains encrypt at rest, between nodes and over TLS 1.2+',
    // FSBP rates OpenSearch.1, .3 and .8 MEDIUM each; one finding for all three keeps that severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::OpenSearch::Domain'],
    controls: ['OpenSearch.1', 'OpenSearch.3', 'OpenSearch.8'],
    remediation: {
      text:
        'Edit the domain\'s security configuration: turn on encryption of data at rest and node-to-node encryption ' +
        '(OpenSearch or Elasticsearch 6.7 and later can turn both on in place; older domains need a new domain and a ' +
        'snapshot restore), require HTTPS for all traffic and choose TLS security policy Policy-Min-TLS-1-2-PFS-2023-10.',
      url: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html',
    },
    messages: {
      encrypted:
        'OpenSearch domain {{domain}} encrypts data at rest and between nodes, and enforces HTTPS with TLS security policy {{policy}}.',
      unprotected: 'OpenSearch domain {{domain}} lacks {{missing}}.',
      unprotectedAndUnrecorded: 'OpenSearch domain {{domain}} lacks {{missing}}; not recorded: {{unrecorded}}.',
      unrecorded: 'OpenSearch domain {{domain}} has no recorded {{unrecorded}}, so its encryption cannot be fully judged.',
    },
  },
  check(item, context) {
    const domain = item.configuration.DomainName ?? item.resourceId;
    const states = protections(item);
    const missing = states.flatMap((protection) => (protection.state === 'off' ? [protection.what] : []));
    const unrecorded = states.flatMap((protection) => (protection.state === 'unrecorded' ? [protection.what] : []));
    if (missing.length > 0) {
      return unrecorded.length > 0
        ? context.fail('unprotectedAndUnrecorded', { domain, missing: missing.join(', '), unrecorded: unrecorded.join(', ') })
        : context.fail('unprotected', { domain, missing: missing.join(', ') });
    }
    if (unrecorded.length > 0) return context.unknown('unrecorded', { domain, unrecorded: unrecorded.join(', ') });
    return context.pass('encrypted', { domain, policy: item.configuration.DomainEndpointOptions?.TLSSecurityPolicy ?? '' });
  },
});
