import rule from '../../../rules/encryption/cloudfront-distribution-https-only.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

interface Behavior {
  readonly pathPattern?: string;
  readonly viewerProtocolPolicy?: string | null;
}

/** A distribution as AWS Config records it: global, CloudFront's `{quantity, items}` lists. */
const distribution = (
  id: string,
  defaultPolicy: string | null,
  paths: readonly Behavior[] | null,
  extra: { enabled?: boolean | null; quantity?: number | null } = {},
) =>
  item(
    'AWS::CloudFront::Distribution',
    id,
    {
      id,
      domainName: `${id.toLowerCase()}.cloudfront.net`,
      distributionConfig: {
        enabled: extra.enabled === undefined ? true : extra.enabled,
        defaultCacheBehavior: { targetOriginId: 'shop', viewerProtocolPolicy: defaultPolicy },
        cacheBehaviors: { quantity: extra.quantity === undefined ? (paths?.length ?? 0) : extra.quantity, items: paths },
      },
    },
    { awsRegion: 'global', ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}` },
  );

const listFailure = {
  accountId: ACCOUNT,
  region: 'global',
  resourceTypes: ['AWS::CloudFront::Distribution' as const],
  service: 'cloudfront',
  operation: 'ListDistributions',
  code: 'AccessDenied',
  message: 'denied by the test',
};

testRule(rule, [
  {
    name: 'a redirecting default and an HTTPS-only path behavior pass',
    items: [distribution('E1SHOP', 'redirect-to-https', [{ pathPattern: '/api/*', viewerProtocolPolicy: 'https-only' }])],
    expect: [
      {
        resourceId: 'E1SHOP',
        status: 'PASS',
        messageId: 'httpsOnly',
        data: { distribution: 'E1SHOP (e1shop.cloudfront.net)', behaviors: 'default (*), /api/*' },
      },
    ],
  },
  {
    name: 'a distribution with only its default behavior (quantity 0, no items) passes',
    items: [distribution('E1SHOP', 'https-only', null)],
    expect: [{ resourceId: 'E1SHOP', status: 'PASS', messageId: 'httpsOnly', data: { behaviors: 'default (*)' } }],
  },
  {
    name: 'a default behavior that allows HTTP fails',
    items: [distribution('E2DOCS', 'allow-all', [])],
    expect: [{ resourceId: 'E2DOCS', status: 'FAIL', messageId: 'allowsHttp', data: { behaviors: 'default (*)' } }],
  },
  {
    name: 'a single path behavior that allows HTTP fails and is named',
    items: [
      distribution('E2DOCS', 'redirect-to-https', [
        { pathPattern: '/static/*', viewerProtocolPolicy: 'redirect-to-https' },
        { pathPattern: '/legacy/*', viewerProtocolPolicy: 'allow-all' },
      ]),
    ],
    expect: [{ resourceId: 'E2DOCS', status: 'FAIL', messageId: 'allowsHttp', data: { behaviors: '/legacy/*' } }],
  },
  {
    name: 'every behavior that allows HTTP is listed',
    items: [distribution('E2DOCS', 'allow-all', [{ pathPattern: '/img/*', viewerProtocolPolicy: 'allow-all' }])],
    expect: [{ resourceId: 'E2DOCS', status: 'FAIL', messageId: 'allowsHttp', data: { behaviors: 'default (*), /img/*' } }],
  },
  {
    name: 'a path behavior allowing HTTP fails the distribution even when the default policy is unrecorded',
    items: [distribution('E2DOCS', null, [{ pathPattern: '/img/*', viewerProtocolPolicy: 'allow-all' }])],
    expect: [{ resourceId: 'E2DOCS', status: 'FAIL', messageId: 'allowsHttp', data: { behaviors: '/img/*' } }],
  },
  {
    name: 'an unrecorded default viewer protocol policy is unknown, never passed',
    items: [distribution('E3', null, [])],
    expect: [{ resourceId: 'E3', status: 'UNKNOWN', messageId: 'missing', data: { behaviors: 'default (*)' } }],
  },
  {
    name: 'an unrecorded path policy is unknown and names the path',
    items: [distribution('E3', 'https-only', [{ pathPattern: '/api/*', viewerProtocolPolicy: null }])],
    expect: [{ resourceId: 'E3', status: 'UNKNOWN', messageId: 'missing', data: { behaviors: '/api/*' } }],
  },
  {
    name: 'path behaviors counted but not recorded are unknown',
    items: [distribution('E3', 'https-only', null, { quantity: 2 })],
    expect: [{ resourceId: 'E3', status: 'UNKNOWN', messageId: 'behaviorsMissing', data: { quantity: 2 } }],
  },
  {
    name: 'a cache behavior list without a quantity cannot show it is complete',
    items: [distribution('E3', 'https-only', [], { quantity: null })],
    expect: [{ resourceId: 'E3', status: 'UNKNOWN', messageId: 'behaviorsMissing', data: { quantity: 'an unrecorded number of' } }],
  },
  {
    name: 'a distribution with no recorded configuration is unknown',
    items: [item('AWS::CloudFront::Distribution', 'E4', { id: 'E4' }, { awsRegion: 'global' })],
    expect: [{ resourceId: 'E4', status: 'UNKNOWN', messageId: 'missing', data: { distribution: 'E4' } }],
  },
  {
    name: 'a disabled distribution is not applicable, whatever its policies',
    items: [distribution('E5OLD', 'allow-all', [], { enabled: false })],
    expect: [{ resourceId: 'E5OLD', status: 'NOT_APPLICABLE', messageId: 'disabled' }],
  },
  {
    name: 'a distribution whose enabled flag is unrecorded is still judged',
    items: [distribution('E5OLD', 'allow-all', [], { enabled: null })],
    expect: [{ resourceId: 'E5OLD', status: 'FAIL', messageId: 'allowsHttp' }],
  },
  {
    name: 'distributions that could not be listed are unknown for the account',
    items: [],
    failed: [listFailure],
    expect: [{ resourceId: '*', region: 'global', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several distributions are each judged on their own',
    items: [
      distribution('E4', 'https-only', null, { quantity: 3 }),
      distribution('E3', 'allow-all', []),
      distribution('E2', 'https-only', [], { enabled: false }),
      distribution('E1', 'redirect-to-https', []),
    ],
    expect: [
      { resourceId: 'E1', region: 'global', status: 'PASS', messageId: 'httpsOnly' },
      { resourceId: 'E2', status: 'NOT_APPLICABLE', messageId: 'disabled' },
      { resourceId: 'E3', status: 'FAIL', messageId: 'allowsHttp' },
      { resourceId: 'E4', status: 'UNKNOWN', messageId: 'behaviorsMissing' },
    ],
  },
]);
