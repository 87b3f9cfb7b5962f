/**
 * The description of a resource type: everything gatewatch knows of it besides the code that
 * collects it, written once and read by every layer — its AWS Config configuration schema (which
 * also makes its TypeScript type), whether it carries tags and is global, its Security Hub (ASFF)
 * resource type, its Tagging API filter and ARN, the IAM actions its collector calls, and the
 * CloudTrail calls that change it. Data and pure functions only: model/ is read by rules and
 * findings, which must not load an AWS SDK.
 *
 * One file per service (model/resource-types/<service>.ts) describes that service's types;
 * model/resource-types/index.ts lists the files.
 */
import type { z } from 'zod';
import type { ArnFormat } from './arn.js';
import type { ChangeCalls } from './calls.js';

export interface ResourceTypeDescription {
  /**
   * The `configuration` fields rules read, as AWS Config records them: a loose schema that
   * validates input and types the rules (see configuration-schemas.ts).
   */
  readonly schema: z.ZodType;
  /** The `supplementaryConfiguration` fields rules read, where there are any. */
  readonly supplementary?: z.ZodType;
  /** The type supports tags, so the tagging gate applies to it. */
  readonly taggable: boolean;
  /** Recorded once per account (AWS Config's Region `global`), not per Region. */
  readonly global?: true;
  /** The Security Hub resource type of its findings (`AwsRdsDbInstance`); `Other` where ASFF has none. */
  readonly asff: string;
  /** The Resource Groups Tagging API filter (`service[:type]`) its collector reads its tags with, where it does. */
  readonly tagging?: string;
  /** Its ARN, where a collector or the event adapter builds or recognises one. */
  readonly arn?: ArnFormat;
  /**
   * The IAM actions its collector calls to produce it (`rds:DescribeDBInstances`); `tag:GetResources`
   * follows from `tagging`. The scan permissions are generated from these (deploy/generate-permissions.ts),
   * and a test holds each list to what the collector calls.
   */
  readonly reads: readonly string[];
  /** The CloudTrail calls that change resources of this type: the event adapter re-reads what they name. */
  readonly changedBy?: readonly ChangeCalls[];
}

export interface ServiceDescription<T extends Readonly<Record<string, ResourceTypeDescription>>> {
  readonly types: T;
  /** Calls that change resources of several of the service's types (its tagging calls). */
  readonly changedBy?: readonly ChangeCalls[];
}

/** A service's types, their literal keys and schema types kept (they make `ResourceType` and `Configuration<T>`). */
export function describeService<const T extends Readonly<Record<string, ResourceTypeDescription>>>(service: ServiceDescription<T>): ServiceDescription<T> {
  return service;
}
