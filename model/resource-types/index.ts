/**
 * Every resource type gatewatch knows, one file per service. A new type is described in its
 * service's file (a new service: a new file, listed here); what the rest of gatewatch knows of types
 * is derived from these descriptions (configuration-item.ts, configuration-schemas.ts,
 * findings/asff.ts, the collectors' tag filters and ARNs, the event adapter's re-read table, the
 * scan permissions).
 */
import type { ArnScope } from './arn.js';
import type { ChangeCalls } from './calls.js';
import type { ResourceTypeDescription, ServiceDescription } from './describe.js';
import { accessanalyzer } from './accessanalyzer.js';
import { account } from './account.js';
import { autoscaling } from './autoscaling.js';
import { billing } from './billing.js';
import { cloudfront } from './cloudfront.js';
import { cloudtrail } from './cloudtrail.js';
import { dynamodb } from './dynamodb.js';
import { ec2 } from './ec2.js';
import { ecs } from './ecs.js';
import { efs } from './efs.js';
import { elasticache } from './elasticache.js';
import { elbv2 } from './elbv2.js';
import { guardduty } from './guardduty.js';
import { iam } from './iam.js';
import { kinesis } from './kinesis.js';
import { lambda } from './lambda.js';
import { opensearch } from './opensearch.js';
import { rds } from './rds.js';
import { redshift } from './redshift.js';
import { s3 } from './s3.js';
import { sns } from './sns.js';
import { sqs } from './sqs.js';

/** The services' descriptions. */
export const SERVICES: readonly ServiceDescription<Readonly<Record<string, ResourceTypeDescription>>>[] = [
  account,
  ec2,
  rds,
  s3,
  iam,
  cloudtrail,
  guardduty,
  accessanalyzer,
  efs,
  sns,
  sqs,
  lambda,
  elbv2,
  autoscaling,
  dynamodb,
  opensearch,
  elasticache,
  ecs,
  kinesis,
  redshift,
  cloudfront,
  billing,
];

/** Every description by resource type (the keys make `ResourceType`, the schemas `Configuration<T>`). */
export const RESOURCE_TYPE_DESCRIPTIONS = {
  ...account.types,
  ...ec2.types,
  ...rds.types,
  ...s3.types,
  ...iam.types,
  ...cloudtrail.types,
  ...guardduty.types,
  ...accessanalyzer.types,
  ...efs.types,
  ...sns.types,
  ...sqs.types,
  ...lambda.types,
  ...elbv2.types,
  ...autoscaling.types,
  ...dynamodb.types,
  ...opensearch.types,
  ...elasticache.types,
  ...ecs.types,
  ...kinesis.types,
  ...redshift.types,
  ...cloudfront.types,
  ...billing.types,
};

export type Descriptions = typeof RESOURCE_TYPE_DESCRIPTIONS;
export type DescribedType = keyof Descriptions;

/** The description of a type. */
export function descriptionOf(type: DescribedType): ResourceTypeDescription {
  return RESOURCE_TYPE_DESCRIPTIONS[type];
}

/** Every described type with its description, in the services' order. */
export function describedTypes(): readonly (readonly [DescribedType, ResourceTypeDescription])[] {
  return Object.entries(RESOURCE_TYPE_DESCRIPTIONS) as [DescribedType, ResourceTypeDescription][];
}

/** Types whose collector reads their tags through the Resource Groups Tagging API. */
export type TaggingApiType = { [K in DescribedType]: Descriptions[K] extends { readonly tagging: string } ? K : never }[DescribedType];

/** The Tagging API filter (`service[:type]`) of a type's resources. */
export function taggingFilter(type: TaggingApiType): string {
  const filter = descriptionOf(type).tagging;
  if (filter === undefined) throw new Error(`${type} has no Tagging API filter`);
  return filter;
}

/** Types whose ARN gatewatch builds from a name. */
export type ArnBuiltType = { [K in DescribedType]: Descriptions[K] extends { readonly arn: { readonly build: unknown } } ? K : never }[DescribedType];

/** The ARN of the resource of `type` named `name` in `scope` (a collector's context, a CloudTrail call). */
export function arnOf(type: ArnBuiltType, scope: ArnScope, name: string): string {
  const build = descriptionOf(type).arn?.build;
  if (build === undefined) throw new Error(`${type} has no ARN builder`);
  return build(scope, name);
}

/** Every group of CloudTrail calls that change described types: the types' own, then the services'. */
export function changeCalls(): readonly ChangeCalls[] {
  return [...describedTypes().flatMap(([, description]) => description.changedBy ?? []), ...SERVICES.flatMap((service) => service.changedBy ?? [])];
}
