/**
 * CloudFront distributions as AWS Config records them (AWS::CloudFront::Distribution, camelCase
 * `distributionConfig.*`), from ListDistributions alone (100 per page, its maximum; every page): its summaries
 * carry the cache behaviors' viewer protocol policies, origins, certificate and the rest the rules
 * read. The few configuration fields only GetDistributionConfig returns (callerReference, logging,
 * defaultRootObject, continuousDeploymentPolicyId) are left out rather than bought with one call
 * per distribution.
 *
 * Tags come from the Resource Groups Tagging API (`cloudfront:distribution`), which serves
 * CloudFront in us-east-1 (cn-northwest-1 in the China partition), whatever Region the scan's
 * global collectors run in.
 *
 * Every field is picked explicitly, in the names of AWS Config's published schema: where the SDK's
 * capitals would camel-case differently (ACMCertificateArn, SSLSupportMethod, HTTPPort …) the schema's
 * name is written out.
 */
import {
  CloudFrontClient,
  ListDistributionsCommand,
  type CacheBehavior,
  type CustomErrorResponses,
  type DefaultCacheBehavior,
  type DistributionSummary,
  type ForwardedValues,
  type Origin,
  type OriginGroups,
  type ViewerCertificate,
} from '@aws-sdk/client-cloudfront';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import { plain, type CollectContext, type Collector, type RawItem, type TagsByArn } from '../collector.js';

const DISTRIBUTION = 'AWS::CloudFront::Distribution' as const satisfies ResourceType;

/** CloudFront's `{Quantity, Items}` lists, with each item mapped. */
function quantified<T>(list: { Quantity?: number | undefined; Items?: T[] | undefined } | undefined, item: (entry: T) => unknown = (entry) => entry) {
  return list === undefined ? undefined : { quantity: list.Quantity, items: list.Items?.map(item) };
}

/** Signers and key groups: `{Enabled, Quantity, Items}`. */
function signers(value: { Enabled?: boolean | undefined; Quantity?: number | undefined; Items?: string[] | undefined } | undefined) {
  return value === undefined ? undefined : { enabled: value.Enabled, quantity: value.Quantity, items: value.Items };
}

function forwardedValues(value: ForwardedValues | undefined) {
  if (value === undefined) return undefined;
  return {
    queryString: value.QueryString,
    cookies: value.Cookies === undefined ? undefined : { forward: value.Cookies.Forward, whitelistedNames: quantified(value.Cookies.WhitelistedNames) },
    headers: quantified(value.Headers),
    queryStringCacheKeys: quantified(value.QueryStringCacheKeys),
  };
}

/** A cache behavior (the default one has no path pattern). */
function cacheBehavior(behavior: DefaultCacheBehavior | CacheBehavior) {
  return {
    pathPattern: 'PathPattern' in behavior ? behavior.PathPattern : undefined,
    targetOriginId: behavior.TargetOriginId,
    viewerProtocolPolicy: behavior.ViewerProtocolPolicy,
    trustedSigners: signers(behavior.TrustedSigners),
    trustedKeyGroups: signers(behavior.TrustedKeyGroups),
    allowedMethods:
      behavior.AllowedMethods === undefined
        ? undefined
        : { quantity: behavior.AllowedMethods.Quantity, items: behavior.AllowedMethods.Items, cachedMethods: quantified(behavior.AllowedMethods.CachedMethods) },
    smoothStreaming: behavior.SmoothStreaming,
    compress: behavior.Compress,
    lambdaFunctionAssociations: quantified(behavior.LambdaFunctionAssociations, (association) => ({
      lambdaFunctionARN: association.LambdaFunctionARN,
      eventType: association.EventType,
      includeBody: association.IncludeBody,
    })),
    functionAssociations: quantified(behavior.FunctionAssociations, (association) => ({ functionARN: association.FunctionARN, eventType: association.EventType })),
    fieldLevelEncryptionId: behavior.FieldLevelEncryptionId,
    realtimeLogConfigArn: behavior.RealtimeLogConfigArn,
    cachePolicyId: behavior.CachePolicyId,
    originRequestPolicyId: behavior.OriginRequestPolicyId,
    responseHeadersPolicyId: behavior.ResponseHeadersPolicyId,
    forwardedValues: forwardedValues(behavior.ForwardedValues),
    minTTL: behavior.MinTTL,
    defaultTTL: behavior.DefaultTTL,
    maxTTL: behavior.MaxTTL,
  };
}

function origin(value: Origin) {
  const custom = value.CustomOriginConfig;
  return {
    id: value.Id,
    domainName: value.DomainName,
    originPath: value.OriginPath,
    customHeaders: quantified(value.CustomHeaders, (header) => ({ headerName: header.HeaderName, headerValue: header.HeaderValue })),
    s3OriginConfig: value.S3OriginConfig === undefined ? undefined : { originAccessIdentity: value.S3OriginConfig.OriginAccessIdentity },
    customOriginConfig:
      custom === undefined
        ? undefined
        : {
            httpPort: custom.HTTPPort,
            httpsPort: custom.HTTPSPort,
            originProtocolPolicy: custom.OriginProtocolPolicy,
            originSslProtocols: quantified(custom.OriginSslProtocols),
            originReadTimeout: custom.OriginReadTimeout,
            originKeepaliveTimeout: custom.OriginKeepaliveTimeout,
          },
    connectionAttempts: value.ConnectionAttempts,
    connectionTimeout: value.ConnectionTimeout,
    originShield: value.OriginShield === undefined ? undefined : { enabled: value.OriginShield.Enabled, originShieldRegion: value.OriginShield.OriginShieldRegion },
    originAccessControlId: value.OriginAccessControlId,
  };
}

function originGroups(value: OriginGroups | undefined) {
  return quantified(value, (group) => ({
    id: group.Id,
    failoverCriteria: group.FailoverCriteria === undefined ? undefined : { statusCodes: quantified(group.FailoverCriteria.StatusCodes) },
    members: quantified(group.Members, (member) => ({ originId: member.OriginId })),
  }));
}

function customErrorResponses(value: CustomErrorResponses | undefined) {
  return quantified(value, (response) => ({
    errorCode: response.ErrorCode,
    responsePagePath: response.ResponsePagePath,
    responseCode: response.ResponseCode,
    errorCachingMinTTL: response.ErrorCachingMinTTL,
  }));
}

function viewerCertificate(value: ViewerCertificate | undefined) {
  if (value === undefined) return undefined;
  return {
    cloudFrontDefaultCertificate: value.CloudFrontDefaultCertificate,
    iamCertificateId: value.IAMCertificateId,
    acmCertificateArn: value.ACMCertificateArn,
    sslSupportMethod: value.SSLSupportMethod,
    minimumProtocolVersion: value.MinimumProtocolVersion,
    certificate: value.Certificate,
    certificateSource: value.CertificateSource,
  };
}

/** The configuration AWS Config records, as far as the list summary carries it. */
export function distributionConfiguration(summary: DistributionSummary): Record<string, unknown> {
  return plain({
    id: summary.Id,
    arn: summary.ARN,
    domainName: summary.DomainName,
    lastModifiedTime: summary.LastModifiedTime,
    aliasICPRecordals: summary.AliasICPRecordals?.map((recordal) => ({ cNAME: recordal.CNAME, iCPRecordalStatus: recordal.ICPRecordalStatus })),
    distributionConfig: {
      aliases: quantified(summary.Aliases),
      origins: quantified(summary.Origins, origin),
      originGroups: originGroups(summary.OriginGroups),
      defaultCacheBehavior: summary.DefaultCacheBehavior === undefined ? undefined : cacheBehavior(summary.DefaultCacheBehavior),
      cacheBehaviors: quantified(summary.CacheBehaviors, cacheBehavior),
      customErrorResponses: customErrorResponses(summary.CustomErrorResponses),
      comment: summary.Comment,
      priceClass: summary.PriceClass,
      enabled: summary.Enabled,
      viewerCertificate: viewerCertificate(summary.ViewerCertificate),
      restrictions:
        summary.Restrictions?.GeoRestriction === undefined
          ? undefined
          : {
              geoRestriction: {
                restrictionType: summary.Restrictions.GeoRestriction.RestrictionType,
                quantity: summary.Restrictions.GeoRestriction.Quantity,
                items: summary.Restrictions.GeoRestriction.Items,
              },
            },
      webACLId: summary.WebACLId,
      httpVersion: summary.HttpVersion,
      isIPV6Enabled: summary.IsIPV6Enabled,
      staging: summary.Staging,
    },
  }) as Record<string, unknown>;
}

export function distributionItem(context: CollectContext, summary: DistributionSummary, tags: TagsByArn): RawItem | undefined {
  const id = summary.Id;
  if (id === undefined) return undefined;
  const arn = summary.ARN ?? arnOf(DISTRIBUTION, context, id);
  return {
    resourceType: DISTRIBUTION,
    resourceId: id,
    ARN: arn,
    availabilityZone: 'Not Applicable',
    tags: tags.get(arn) ?? {},
    configuration: distributionConfiguration(summary),
  };
}

/** The Region whose Tagging API serves CloudFront in the partition. */
export function cloudfrontTagRegion(partition: string): string {
  return partition === 'aws-cn' ? 'cn-northwest-1' : 'us-east-1';
}

export const cloudfrontCollector: Collector = {
  service: 'cloudfront',
  produces: [DISTRIBUTION],
  global: true,
  async collect(context, types) {
    if (!types.has(DISTRIBUTION)) return;
    const cloudfront = context.client(CloudFrontClient);
    const summaries: DistributionSummary[] = [];
    await context.attempt([DISTRIBUTION], async () => {
      const pages = context.pages(
        'ListDistributions',
        (Marker) => cloudfront.send(new ListDistributionsCommand({ MaxItems: 100, Marker })),
        (page) => (page.DistributionList?.IsTruncated === true ? page.DistributionList.NextMarker : undefined),
      );
      for await (const page of pages) summaries.push(...(page.DistributionList?.Items ?? []));
    });
    if (summaries.length === 0) return;

    let tags: TagsByArn = new Map();
    await context.attempt(
      [DISTRIBUTION],
      async () => {
        tags = await context.taggingApi([taggingFilter(DISTRIBUTION)], cloudfrontTagRegion(context.partition));
      },
      { aspect: 'tags' },
    );
    for (const summary of summaries) {
      const item = distributionItem(context, summary, tags);
      if (item !== undefined) context.emit(item);
    }
  },
};
