import rule from '../../../rules/encryption/opensearch-domain-encrypted.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const TLS_1_0 = 'Policy-Min-TLS-1-0-2019-07';
const TLS_1_2 = 'Policy-Min-TLS-1-2-2019-07';
const TLS_1_2_PFS = 'Policy-Min-TLS-1-2-PFS-2023-10';

/** Each protection: its recorded value, null (recorded as null) or undefined (left out). */
interface Settings {
  readonly atRest?: boolean | null | undefined;
  readonly nodeToNode?: boolean | null | undefined;
  readonly https?: boolean | null | undefined;
  readonly policy?: string | null | undefined;
}

/** A domain with every protection on, changed by the protections `settings` names. */
const domain = (name: string, settings: Settings = {}) => {
  const value = <K extends keyof Settings>(key: K, fallback: NonNullable<Settings[K]>) => (key in settings ? settings[key] : fallback);
  const endpoint: Record<string, unknown> = {};
  const https = value('https', true);
  const policy = value('policy', TLS_1_2_PFS);
  if (https !== undefined) endpoint['EnforceHTTPS'] = https;
  if (policy !== undefined) endpoint['TLSSecurityPolicy'] = policy;
  const atRest = value('atRest', true);
  const nodeToNode = value('nodeToNode', true);
  return item('AWS::OpenSearch::Domain', name, {
    DomainName: name,
    ...(atRest === undefined ? {} : { EncryptionAtRestOptions: { Enabled: atRest } }),
    ...(nodeToNode === undefined ? {} : { NodeToNodeEncryptionOptions: { Enabled: nodeToNode } }),
    DomainEndpointOptions: endpoint,
  });
};

testRule(
  rule,
  [
    {
      name: 'a domain with every protection and the TLS 1.2 PFS policy passes',
      items: [domain('search')],
      expect: [{ resourceId: 'search', status: 'PASS', messageId: 'encrypted', data: { domain: 'search', policy: TLS_1_2_PFS } }],
    },
    {
      name: 'the TLS 1.2 policy of 2019 passes',
      items: [domain('search', { policy: TLS_1_2 })],
      expect: [{ resourceId: 'search', status: 'PASS', messageId: 'encrypted', data: { policy: TLS_1_2 } }],
    },
    {
      name: 'a newer TLS 1.2 policy is judged from its name',
      items: [domain('search', { policy: 'Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08' })],
      expect: [{ resourceId: 'search', status: 'PASS', messageId: 'encrypted' }],
    },
    {
      name: 'the TLS 1.0 policy fails and says what it accepts',
      items: [domain('search', { policy: TLS_1_0 })],
      expect: [
        {
          resourceId: 'search',
          status: 'FAIL',
          messageId: 'unprotected',
          data: { domain: 'search', missing: `TLS 1.2 or later (policy ${TLS_1_0} accepts TLS 1.0)` },
        },
      ],
    },
    {
      name: 'a domain without encryption at rest fails',
      items: [domain('search', { atRest: false })],
      expect: [{ resourceId: 'search', status: 'FAIL', messageId: 'unprotected', data: { missing: 'encryption at rest' } }],
    },
    {
      name: 'a domain without node-to-node encryption fails',
      items: [domain('search', { nodeToNode: false })],
      expect: [{ resourceId: 'search', status: 'FAIL', messageId: 'unprotected', data: { missing: 'node-to-node encryption' } }],
    },
    {
      name: 'a domain that does not enforce HTTPS fails, even with a TLS 1.2 policy',
      items: [domain('search', { https: false })],
      expect: [{ resourceId: 'search', status: 'FAIL', messageId: 'unprotected', data: { missing: 'HTTPS enforcement' } }],
    },
    {
      name: 'the failure lists every missing protection',
      items: [domain('logs', { atRest: false, nodeToNode: false, https: false, policy: TLS_1_0 })],
      expect: [
        {
          resourceId: 'logs',
          status: 'FAIL',
          messageId: 'unprotected',
          data: {
            missing: `encryption at rest, node-to-node encryption, HTTPS enforcement, TLS 1.2 or later (policy ${TLS_1_0} accepts TLS 1.0)`,
          },
        },
      ],
    },
    {
      name: 'a missing protection fails even where another is not recorded, and names both',
      items: [domain('search', { atRest: false, nodeToNode: null })],
      expect: [
        {
          resourceId: 'search',
          status: 'FAIL',
          messageId: 'unprotectedAndUnrecorded',
          data: { missing: 'encryption at rest', unrecorded: 'node-to-node encryption' },
        },
      ],
    },
    {
      name: 'a domain with no recorded encryption at rest is unknown, never passed',
      items: [domain('search', { atRest: null })],
      expect: [{ resourceId: 'search', status: 'UNKNOWN', messageId: 'unrecorded', data: { unrecorded: 'encryption at rest' } }],
    },
    {
      name: 'a domain with no encryption options at all is unknown',
      items: [domain('search', { atRest: undefined, nodeToNode: undefined })],
      expect: [{ resourceId: 'search', status: 'UNKNOWN', messageId: 'unrecorded', data: { unrecorded: 'encryption at rest, node-to-node encryption' } }],
    },
    {
      name: 'a domain with no recorded HTTPS enforcement is unknown',
      items: [domain('search', { https: null })],
      expect: [{ resourceId: 'search', status: 'UNKNOWN', messageId: 'unrecorded', data: { unrecorded: 'HTTPS enforcement' } }],
    },
    {
      name: 'a domain with no recorded TLS policy is unknown',
      items: [domain('search', { policy: undefined })],
      expect: [{ resourceId: 'search', status: 'UNKNOWN', messageId: 'unrecorded', data: { unrecorded: 'the TLS security policy' } }],
    },
    {
      name: 'a TLS policy name of an unknown form is unknown, never passed',
      items: [domain('search', { policy: 'Policy-Strict-2030' })],
      expect: [
        {
          resourceId: 'search',
          status: 'UNKNOWN',
          messageId: 'unrecorded',
          data: { unrecorded: 'the minimum TLS version of policy Policy-Strict-2030 (not a name gatewatch recognises)' },
        },
      ],
    },
    {
      name: 'a domain that DescribeDomains could not describe is unknown',
      items: [item('AWS::OpenSearch::Domain', 'search', { DomainName: 'search' })],
      expect: [
        {
          resourceId: 'search',
          status: 'UNKNOWN',
          messageId: 'unrecorded',
          data: { unrecorded: 'encryption at rest, node-to-node encryption, HTTPS enforcement, the TLS security policy' },
        },
      ],
    },
    {
      name: 'domains that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::OpenSearch::Domain'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several domains are each judged on their own, in ARN order',
      items: [domain('c-domain', { https: null }), domain('b-domain', { policy: TLS_1_0 }), domain('a-domain')],
      expect: [
        { resourceId: 'a-domain', status: 'PASS', messageId: 'encrypted' },
        { resourceId: 'b-domain', status: 'FAIL', messageId: 'unprotected' },
        { resourceId: 'c-domain', status: 'UNKNOWN', messageId: 'unrecorded' },
      ],
    },
  ],
  { noNotApplicable: 'every OpenSearch domain stores and serves data that these protections cover; none is outside this rule' },
);
