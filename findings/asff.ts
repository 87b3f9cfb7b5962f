/**
 * Evaluations as AWS Security Finding Format (ASFF) findings, for BatchImportFindings into the
 * account's default product.
 *
 * The finding Id is built from rule, account, Region and resource ARN only, so every scan, whatever
 * its settings (severity overrides, options), updates the same finding. Severity and Types go in
 * FindingProviderFields (the provider's own fields); Workflow and Note are never written by
 * import — they belong to the customer, and gatewatch sets them only through BatchUpdateFindings.
 */
import { createHash } from 'node:crypto';
import type { AwsSecurityFinding, ComplianceStatus, Partition, RecordState } from '@aws-sdk/client-securityhub';
import type { EvaluatedResource, Evaluation } from '../engine/result.js';
import type { AnyRule } from '../rules/lib/types.js';
import type { Gate } from '../model/gates.js';
import type { FixCost } from '../model/fix-cost.js';
import { describedTypes } from '../model/resource-types/index.js';

export const SCHEMA_VERSION = '2018-10-08';

/** ASFF limits (AwsSecurityFinding in the Security Hub API reference). */
export const LIMITS = { id: 512, title: 256, description: 1024, recommendation: 512, tags: 50, tagKey: 128, tagValue: 256, productFieldValue: 2048 } as const;

/**
 * ASFF resource types for the configuration item types gatewatch judges: the names Security Hub
 * gives its resource details (`AwsRdsDbInstance` …), as each type's description states them
 * (model/resource-types/). A type without one is `Other`, as ASFF asks.
 */
const ASFF_RESOURCE_TYPES: ReadonlyMap<string, string> = new Map(describedTypes().map(([type, description]) => [type, description.asff]));

export function asffResourceType(configType: string): string {
  return ASFF_RESOURCE_TYPES.get(configType) ?? 'Other';
}

/** The partition of a Region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The account's default product, the only one an account can import its own findings into. */
export function defaultProductArn(accountId: string, hubRegion: string): string {
  return `arn:${partitionOf(hubRegion)}:securityhub:${hubRegion}:${accountId}:product/${accountId}/default`;
}

/** The resource's identity: its ARN, or the item key `ACCOUNT/REGION/TYPE/ID` when it has none. */
export function resourceKey(resource: EvaluatedResource): string {
  return resource.arn ?? `${resource.accountId}/${resource.region}/${resource.type}/${resource.id}`;
}

/**
 * `gatewatch/RULE/ACCOUNT/REGION/RESOURCE`; a resource identity that would push the Id past
 * ASFF's 512 characters is replaced by its SHA-256, so the Id stays deterministic and legal.
 */
export function findingId(ruleId: string, resource: EvaluatedResource): string {
  return findingIdOfKey(ruleId, resource.accountId, resource.region, resourceKey(resource));
}

/** What every finding Id of a rule in one account × Region starts with: the finding states of a rule are one key range. */
export function findingIdPrefix(ruleId: string, accountId: string, region: string): string {
  return `gatewatch/${ruleId}/${accountId}/${region}/`;
}

/** {@link findingId} from the resource's key (its ARN, or the item key), for a resource known only by its key. */
export function findingIdOfKey(ruleId: string, accountId: string, region: string, key: string): string {
  const prefix = findingIdPrefix(ruleId, accountId, region);
  if (prefix.length + key.length <= LIMITS.id) return prefix + key;
  return `${prefix}sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** Cuts `text` to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function findingTypes(gate: Gate): string[] {
  return [`Software and Configuration Checks/AWS Security Best Practices/gatewatch ${gate}`];
}

function resourceTags(tags: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const entries = Object.entries(tags)
    .filter(([key]) => key.length <= LIMITS.tagKey)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, LIMITS.tags)
    .map(([key, value]) => [key, truncate(value, LIMITS.tagValue)] as const);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

export interface FindingTimes {
  readonly createdAt: string;
  readonly firstObservedAt: string;
  /** This delivery: UpdatedAt and LastObservedAt. */
  readonly now: string;
}

export interface FindingOptions {
  /** The Region of the Security Hub the finding goes to (the evaluation's own, or the home Region for global resources). */
  readonly hubRegion: string;
  readonly times: FindingTimes;
  readonly recordState?: RecordState;
}

const COMPLIANCE: Readonly<Record<Evaluation['status'], ComplianceStatus>> = {
  FAIL: 'FAILED',
  PASS: 'PASSED',
  UNKNOWN: 'NOT_AVAILABLE',
  NOT_APPLICABLE: 'NOT_AVAILABLE',
};

/**
 * A FAIL's fix estimate as ProductFields (ASFF: at most 50 pairs, keys ≤ 128 characters, values ≤
 * 2048). Only what stays put while the prices do: the kind, the monthly figure, the currency and
 * the basis — not the prices' effective date, which AWS moves with every offer file, since the
 * finding lifecycle re-imports a finding whose content changed. An unavailable estimate adds
 * nothing (a night the Price List cannot be read drops the fields, and re-imports those findings).
 */
function fixCostFields(cost: FixCost | undefined): Record<string, string> {
  if (cost === undefined || cost.kind === 'unavailable') return {};
  const basis = truncate(cost.basis, LIMITS.productFieldValue);
  if (cost.kind !== 'priced') return { 'gatewatch/fixCost/kind': cost.kind, 'gatewatch/fixCost/basis': basis };
  return {
    'gatewatch/fixCost/kind': cost.per === undefined ? 'priced' : `priced per ${cost.per}`,
    'gatewatch/fixCost/monthly': cost.monthly.toFixed(2),
    'gatewatch/fixCost/currency': cost.currency,
    'gatewatch/fixCost/basis': basis,
  };
}

/** The ASFF finding for one evaluation of `rule`. */
export function toFinding(evaluation: Evaluation, rule: AnyRule['meta'], options: FindingOptions): AwsSecurityFinding {
  const { resource } = evaluation;
  const { hubRegion, times } = options;
  const tags = resourceTags(resource.tags);
  const description = `${evaluation.message} (${evaluation.status === 'FAIL' ? 'fails' : 'checks'}: ${rule.title}; resource ${resource.name})`;
  const firstControl = rule.controls[0];
  return {
    SchemaVersion: SCHEMA_VERSION,
    Id: findingId(evaluation.ruleId, resource),
    ProductArn: defaultProductArn(resource.accountId, hubRegion),
    GeneratorId: `gatewatch/${evaluation.ruleId}`,
    AwsAccountId: resource.accountId,
    Region: hubRegion,
    CreatedAt: times.createdAt,
    UpdatedAt: times.now,
    FirstObservedAt: times.firstObservedAt,
    LastObservedAt: times.now,
    Title: truncate(rule.title, LIMITS.title),
    Description: truncate(description, LIMITS.description),
    Remediation: { Recommendation: { Text: truncate(rule.remediation.text, LIMITS.recommendation), Url: rule.remediation.url } },
    ProductFields: {
      'gatewatch/RuleId': evaluation.ruleId,
      'gatewatch/Gate': evaluation.gate,
      'gatewatch/MessageId': evaluation.messageId,
      'gatewatch/ResourceType': resource.type,
      ...fixCostFields(evaluation.fixCost),
    },
    Resources: [
      {
        Type: asffResourceType(resource.type),
        Id: resourceKey(resource),
        Partition: partitionOf(hubRegion),
        // IAM and CloudFront are global: their items carry no Region of their own.
        ...(resource.region === 'global' ? {} : { Region: resource.region }),
        ...(tags === undefined ? {} : { Tags: tags }),
      },
    ],
    Compliance: {
      Status: COMPLIANCE[evaluation.status],
      ...(firstControl === undefined ? {} : { SecurityControlId: firstControl }),
      RelatedRequirements: [...rule.controls, `gatewatch/${evaluation.gate}/${evaluation.ruleId}`],
    },
    FindingProviderFields: {
      Severity: { Label: evaluation.severity, Original: evaluation.severity },
      Types: findingTypes(evaluation.gate),
    },
    RecordState: options.recordState ?? 'ACTIVE',
  };
}

export interface FileFindingOptions {
  /** The scan time: CreatedAt, FirstObservedAt, UpdatedAt and LastObservedAt. */
  readonly now: string;
  /** The hub Region of global resources. */
  readonly homeRegion: string;
}

/**
 * The finding of one evaluation for a file, or undefined when a file leaves it out (see
 * {@link findingsForFile}); `rules` maps rule ids to their metadata.
 */
export function findingForFile(evaluation: Evaluation, rules: ReadonlyMap<string, AnyRule['meta']>, options: FileFindingOptions): AwsSecurityFinding | undefined {
  const rule = rules.get(evaluation.ruleId);
  if (rule === undefined || evaluation.status === 'NOT_APPLICABLE' || evaluation.resource.id === '*') return undefined;
  const hubRegion = evaluation.resource.region === 'global' ? options.homeRegion : evaluation.resource.region;
  return toFinding(evaluation, rule, { hubRegion, times: { createdAt: options.now, firstObservedAt: options.now, now: options.now } });
}

/**
 * Findings for a file (`gatewatch scan --format asff`): FAIL as FAILED, PASS as PASSED, UNKNOWN as
 * NOT_AVAILABLE (its cause in the description); NOT_APPLICABLE and scope-level UNKNOWNs (no single
 * resource) are left out. No state is known, so CreatedAt is the scan time.
 */
export function findingsForFile(evaluations: readonly Evaluation[], catalog: readonly AnyRule[], options: FileFindingOptions): AwsSecurityFinding[] {
  const rules = new Map(catalog.map((rule) => [rule.meta.id, rule.meta]));
  return evaluations.flatMap((evaluation) => findingForFile(evaluation, rules, options) ?? []);
}
