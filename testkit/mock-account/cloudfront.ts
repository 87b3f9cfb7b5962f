/** CloudFront distributions of the mocked account (global; the Tagging API lists them in us-east-1). */

import {
  CloudFrontClient,
  ListDistributionsCommand,
  type DistributionSummary,
  type ListDistributionsCommandInput,
  type ListDistributionsCommandOutput,
} from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, CLOUDFRONT_TAG_REGION, CREATED, hex, type Out, paginate, type Restorable, type TaggedResource, tagsOf } from './kit.js';

export interface CloudFrontData {
  readonly distributions: DistributionSummary[];
}

/** The distributions, registered with the Tagging API of their Region in `registry`. */
export function cloudfrontData(n: number, registry: Map<string, TaggedResource[]>): CloudFrontData {
  const distributions: DistributionSummary[] = Array.from({ length: n }, (_, index) => {
    const distributionId = `E${hex(index, 13).toUpperCase()}`;
    const origin = `gatewatch-bench-origin-${index}.s3.eu-west-1.amazonaws.com`;
    return {
      Id: distributionId,
      ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/${distributionId}`,
      Status: 'Deployed',
      LastModifiedTime: CREATED,
      DomainName: `d${hex(index, 13)}.cloudfront.net`,
      Aliases: { Quantity: 0 },
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: origin,
            DomainName: origin,
            OriginPath: '',
            CustomHeaders: { Quantity: 0 },
            S3OriginConfig: { OriginAccessIdentity: '' },
            ConnectionAttempts: 3,
            ConnectionTimeout: 10,
            OriginShield: { Enabled: false },
            OriginAccessControlId: `E${hex(index, 13).toUpperCase()}OAC`,
          },
        ],
      },
      OriginGroups: { Quantity: 0 },
      DefaultCacheBehavior: {
        TargetOriginId: origin,
        TrustedSigners: { Enabled: false, Quantity: 0 },
        TrustedKeyGroups: { Enabled: false, Quantity: 0 },
        ViewerProtocolPolicy: index % 10 === 0 ? 'allow-all' : 'redirect-to-https',
        AllowedMethods: { Quantity: 2, Items: ['HEAD', 'GET'], CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] } },
        SmoothStreaming: false,
        Compress: true,
        LambdaFunctionAssociations: { Quantity: 0 },
        FunctionAssociations: { Quantity: 0 },
        FieldLevelEncryptionId: '',
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      },
      CacheBehaviors: { Quantity: 0 },
      CustomErrorResponses: { Quantity: 0 },
      Comment: `site ${index}`,
      PriceClass: 'PriceClass_100',
      Enabled: true,
      ViewerCertificate: { CloudFrontDefaultCertificate: true, SSLSupportMethod: 'vip', MinimumProtocolVersion: 'TLSv1', CertificateSource: 'cloudfront' },
      Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
      WebACLId: '',
      HttpVersion: 'http2',
      IsIPV6Enabled: true,
      Staging: false,
    };
  });
  const cloudfrontTags = registry.get(CLOUDFRONT_TAG_REGION) ?? [];
  distributions.forEach((distribution, index) => cloudfrontTags.push({ arn: distribution.ARN ?? '', service: 'cloudfront', type: 'distribution', tags: tagsOf('site', index) }));
  registry.set(CLOUDFRONT_TAG_REGION, cloudfrontTags);
  return { distributions };
}

export function mockCloudFront(data: CloudFrontData): Restorable[] {
  const cloudfront = mockClient(CloudFrontClient);
  const { distributions } = data;
  cloudfront.on(ListDistributionsCommand).callsFake(async (input: ListDistributionsCommandInput): Promise<Out<ListDistributionsCommandOutput>> => {
    // The API reference gives MaxItems a maximum (and default) of 100.
    const page = paginate('ListDistributions', distributions, input.Marker, input.MaxItems, 100);
    return {
      DistributionList: {
        Marker: input.Marker ?? '',
        MaxItems: Math.min(input.MaxItems ?? 100, 100),
        IsTruncated: page.next !== undefined,
        Quantity: page.items.length,
        Items: page.items,
        ...(page.next === undefined ? {} : { NextMarker: page.next }),
      },
    };
  });
  return [cloudfront];
}
