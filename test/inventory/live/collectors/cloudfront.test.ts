import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CloudFrontClient, CloudFrontServiceException, ListDistributionsCommand, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudfrontCollector, cloudfrontTagRegion } from '../../../../inventory/live/collectors/cloudfront.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { LiveSource } from '../../../../inventory/live/live-source.js';
import { callsOf, collect, CREDENTIALS, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const arnOf = (id: string) => `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`;

const distribution = (id: string, viewerProtocolPolicy: 'allow-all' | 'redirect-to-https' | 'https-only' = 'redirect-to-https'): DistributionSummary => ({
  Id: id,
  ARN: arnOf(id),
  ETag: 'E2QWRUHEXAMPLE',
  Status: 'Deployed',
  LastModifiedTime: new Date('2025-01-02T03:04:05Z'),
  DomainName: `${id.toLowerCase()}.cloudfront.net`,
  Aliases: { Quantity: 1, Items: ['www.example.com'] },
  Origins: {
    Quantity: 2,
    Items: [
      { Id: 's3-origin', DomainName: 'assets.s3.eu-west-1.amazonaws.com', OriginPath: '', S3OriginConfig: { OriginAccessIdentity: '', OriginReadTimeout: 30 }, ConnectionAttempts: 3, ConnectionTimeout: 10, OriginAccessControlId: 'E1OAC', OriginShield: { Enabled: false } },
      {
        Id: 'api-origin',
        DomainName: 'api.example.com',
        CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'X-Origin', HeaderValue: 'cf' }] },
        CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only', OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] }, OriginReadTimeout: 30, OriginKeepaliveTimeout: 5, IpAddressType: 'ipv4' },
        ResponseCompletionTimeout: 60,
      },
    ],
  },
  OriginGroups: { Quantity: 0, Items: [] },
  DefaultCacheBehavior: {
    TargetOriginId: 's3-origin',
    ViewerProtocolPolicy: viewerProtocolPolicy,
    TrustedSigners: { Enabled: false, Quantity: 0 },
    TrustedKeyGroups: { Enabled: false, Quantity: 0 },
    AllowedMethods: { Quantity: 2, Items: ['GET', 'HEAD'], CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] } },
    SmoothStreaming: false,
    Compress: true,
    LambdaFunctionAssociations: { Quantity: 0 },
    FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: `arn:aws:cloudfront::${ACCOUNT}:function/rewrite`, EventType: 'viewer-request' }] },
    FieldLevelEncryptionId: '',
    CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    GrpcConfig: { Enabled: false },
  },
  CacheBehaviors: {
    Quantity: 1,
    Items: [{ PathPattern: '/api/*', TargetOriginId: 'api-origin', ViewerProtocolPolicy: 'https-only', MinTTL: 0, DefaultTTL: 0, MaxTTL: 0, ForwardedValues: { QueryString: true, Cookies: { Forward: 'all' }, Headers: { Quantity: 1, Items: ['Authorization'] } } }],
  },
  CustomErrorResponses: { Quantity: 1, Items: [{ ErrorCode: 404, ResponsePagePath: '/404.html', ResponseCode: '404', ErrorCachingMinTTL: 10 }] },
  Comment: 'web shop',
  PriceClass: 'PriceClass_100',
  Enabled: true,
  ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/c', SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021', Certificate: 'arn:aws:acm:us-east-1:111122223333:certificate/c', CertificateSource: 'acm', CloudFrontDefaultCertificate: false },
  Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
  WebACLId: '',
  HttpVersion: 'http2',
  IsIPV6Enabled: true,
  Staging: false,
  ConnectionMode: 'direct',
});
const cloudfrontError = (name: string) => new CloudFrontServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: name === 'Throttling' ? 400 : 403 }, message: `${name} from the test` });
const commandsSent = (mock: ReturnType<typeof mockClient>) => mock.calls().map((call) => call.args[0].constructor.name);

/** A test rule: every cache behavior redirects or requires HTTPS. */
const httpsOnly = defineRule({
  meta: {
    id: 'test-distribution-https',
    gate: 'encryption',
    title: 'Test distributions allow no plain HTTP',
    severity: 'LOW',
    priority: 'P2',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    controls: [],
    remediation: { text: 'Set the viewer protocol policy.', url: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html' },
    messages: { https: 'HTTPS only.', plain: 'Allows HTTP.' },
  },
  check(item, context) {
    const config = item.configuration.distributionConfig;
    const policies = [config?.defaultCacheBehavior?.viewerProtocolPolicy, ...(config?.cacheBehaviors?.items ?? []).map((behavior) => behavior.viewerProtocolPolicy)];
    return policies.includes('allow-all') ? context.fail('plain') : context.pass('https');
  },
});

let mocks: ReturnType<typeof mockIdentity>;
let cloudfront: ReturnType<typeof mockClient>;
let tagging: ReturnType<typeof mockClient>;
beforeEach(() => {
  mocks = mockIdentity();
  cloudfront = mockClient(CloudFrontClient);
  tagging = mockClient(ResourceGroupsTaggingAPIClient);
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});
afterEach(() => {
  tagging.restore();
  cloudfront.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

const list = (items: DistributionSummary[], next?: string) => ({
  DistributionList: { Marker: '', MaxItems: 1000, IsTruncated: next !== undefined, Quantity: items.length, Items: items, ...(next === undefined ? {} : { NextMarker: next }) },
});

describe('CloudFront collector', () => {
  it('builds distribution items in the shape AWS Config records, tags from the Tagging API in us-east-1', async () => {
    cloudfront.on(ListDistributionsCommand).resolves(list([distribution('E1ABC')]));
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arnOf('E1ABC'), Tags: [{ Key: 'Team', Value: 'web' }] }] });
    const collection = await collect([cloudfrontCollector], ['AWS::CloudFront::Distribution']);
    expect(collection.errors).toEqual([]);
    const raw = (collection.rawItems ?? []).find((entry) => entry['resourceType'] === 'AWS::CloudFront::Distribution');
    expect(raw).toMatchObject({
      resourceId: 'E1ABC',
      ARN: arnOf('E1ABC'),
      awsRegion: 'global',
      availabilityZone: 'Not Applicable',
      tags: { Team: 'web' },
      configuration: {
        id: 'E1ABC',
        domainName: 'e1abc.cloudfront.net',
        lastModifiedTime: '2025-01-02T03:04:05.000Z',
        distributionConfig: {
          enabled: true,
          defaultCacheBehavior: { viewerProtocolPolicy: 'redirect-to-https', targetOriginId: 's3-origin', allowedMethods: { quantity: 2, cachedMethods: { items: ['GET', 'HEAD'] } } },
          cacheBehaviors: { quantity: 1, items: [{ pathPattern: '/api/*', viewerProtocolPolicy: 'https-only', forwardedValues: { cookies: { forward: 'all' }, headers: { items: ['Authorization'] } } }] },
          origins: { quantity: 2, items: [{ id: 's3-origin', s3OriginConfig: { originAccessIdentity: '' } }, { id: 'api-origin', customOriginConfig: { httpPort: 80, httpsPort: 443, originSslProtocols: { items: ['TLSv1.2'] } } }] },
          viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/c', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
          restrictions: { geoRestriction: { restrictionType: 'none', quantity: 0 } },
          httpVersion: 'http2',
          isIPV6Enabled: true,
        },
      },
    });
    // SDK fields AWS Config does not record stay out.
    expect(JSON.stringify(raw?.['configuration'])).not.toMatch(/grpcConfig|connectionMode|responseCompletionTimeout|ipAddressType|eTag|"status"|hTTPPort|aCMCertificateArn/);
    expect(JSON.stringify(raw?.['configuration'])).toContain('"s3OriginConfig":{"originAccessIdentity":""}');
    for (const entry of collection.rawItems ?? []) expect(checkItemAgainstSchema(entry)).toEqual([]);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['cloudfront:distribution'], ResourcesPerPage: 100 });
    expect(await (tagging.calls()[0]?.thisValue as ResourceGroupsTaggingAPIClient).config.region()).toBe('us-east-1');
  });

  it('reads tags in us-east-1 even when the global collectors run in another Region', async () => {
    cloudfront.on(ListDistributionsCommand).resolves(list([distribution('E1ABC')]));
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arnOf('E1ABC'), Tags: [{ Key: 'Team', Value: 'web' }] }] });
    const source = new LiveSource({
      collectors: [cloudfrontCollector],
      homeRegion: REGION,
      clientFactory: (type, region) => new type({ region, credentials: CREDENTIALS, maxAttempts: 1 }),
      sleep: async () => undefined,
    });
    const collection = await source.collect({ resourceTypes: new Set(['AWS::CloudFront::Distribution']), regions: [REGION] });
    expect(collection.errors).toEqual([]);
    expect(await (cloudfront.calls()[0]?.thisValue as CloudFrontClient).config.region()).toBe(REGION);
    expect(await (tagging.calls()[0]?.thisValue as ResourceGroupsTaggingAPIClient).config.region()).toBe('us-east-1');
    expect(collection.items.find((item) => item.resourceId === 'E1ABC')?.tags).toEqual({ Team: 'web' });
  });

  it('reads tags in the partition\'s CloudFront Region', () => {
    expect(cloudfrontTagRegion('aws')).toBe('us-east-1');
    expect(cloudfrontTagRegion('aws-cn')).toBe('cn-northwest-1');
  });

  it('follows the marker across three pages at the maximum page size', async () => {
    cloudfront
      .on(ListDistributionsCommand)
      .resolvesOnce(list([distribution('E1')], 'm2'))
      .resolvesOnce(list([distribution('E2')], 'm3'))
      .resolvesOnce(list([distribution('E3')]));
    const collection = await collect([cloudfrontCollector], ['AWS::CloudFront::Distribution']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::CloudFront::Distribution').map((item) => item.resourceId)).toEqual(['E1', 'E2', 'E3']);
    expect(cloudfront).toHaveReceivedCommandTimes(ListDistributionsCommand, 3);
    expect(cloudfront).toHaveReceivedNthCommandWith(1, ListDistributionsCommand, { MaxItems: 100, Marker: undefined });
    expect(cloudfront).toHaveReceivedNthCommandWith(2, ListDistributionsCommand, { MaxItems: 100, Marker: 'm2' });
    expect(cloudfront).toHaveReceivedNthCommandWith(3, ListDistributionsCommand, { MaxItems: 100, Marker: 'm3' });
    expect(callsOf(collection, 'cloudfront', 'ListDistributions')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    cloudfront.on(ListDistributionsCommand).rejectsOnce(cloudfrontError('Throttling')).resolves(list([distribution('E1')]));
    const collection = await collect([cloudfrontCollector], ['AWS::CloudFront::Distribution']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => item.resourceId)).toContain('E1');
    expect(collection.calls).toContainEqual({ service: 'cloudfront', operation: 'ListDistributions', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied ListDistributions for distributions only, in the global scope', async () => {
    cloudfront.on(ListDistributionsCommand).rejects(cloudfrontError('AccessDenied'));
    const collection = await collect([cloudfrontCollector], ['AWS::CloudFront::Distribution']);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: 'global', resourceTypes: ['AWS::CloudFront::Distribution'], service: 'cloudfront', operation: 'ListDistributions', code: 'AccessDenied', message: 'AccessDenied from the test' },
    ]);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 0);
  });

  it('records a denied tag walk as a tags-only error, and keeps the distributions', async () => {
    cloudfront.on(ListDistributionsCommand).resolves(list([distribution('E1')]));
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'denied' }));
    const collection = await collect([cloudfrontCollector], ['AWS::CloudFront::Distribution']);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: 'global', resourceTypes: ['AWS::CloudFront::Distribution'], service: 'tagging', operation: 'GetResources', code: 'AccessDeniedException', message: 'denied', aspect: 'tags' },
    ]);
    expect(collection.items.find((item) => item.resourceId === 'E1')?.tags).toEqual({});
  });

  it('makes a rule on distributions UNKNOWN, never PASS, when the list is denied — and judges what it lists otherwise', async () => {
    const rules = [httpsOnly];
    cloudfront.on(ListDistributionsCommand).rejects(cloudfrontError('AccessDenied'));
    const denied = await scan({ regions: [REGION] }, mockedLiveSource([cloudfrontCollector]), defaultSettings(rules), rules);
    expect(denied.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);

    cloudfront.reset();
    cloudfront.on(ListDistributionsCommand).resolves(list([distribution('E1', 'allow-all'), distribution('E2')]));
    const listed = await scan({ regions: [REGION] }, mockedLiveSource([cloudfrontCollector]), defaultSettings(rules), rules);
    expect(listed.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status])).toEqual([
      ['E1', 'FAIL'],
      ['E2', 'PASS'],
    ]);
  });

  it('makes one list call and one tag walk, no call per distribution', async () => {
    cloudfront.on(ListDistributionsCommand).resolves(list(Array.from({ length: 30 }, (_, index) => distribution(`E${index}`))));
    await collect([cloudfrontCollector], ['AWS::CloudFront::Distribution']);
    expect(commandsSent(cloudfront)).toEqual(['ListDistributionsCommand']);
    expect(commandsSent(tagging)).toEqual(['GetResourcesCommand']);
  });

  it('walks no tags when there are no distributions', async () => {
    cloudfront.on(ListDistributionsCommand).resolves({ DistributionList: { Marker: '', MaxItems: 1000, IsTruncated: false, Quantity: 0 } });
    const collection = await collect([cloudfrontCollector], ['AWS::CloudFront::Distribution']);
    expect(collection.errors).toEqual([]);
    expect(commandsSent(tagging)).toEqual([]);
  });
});
