/**
 * Settings: one file (YAML or JSON) validated by a strict schema. Unknown keys are rejected with
 * their path; every field has a default, so no file at all gives the built-in settings.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../model/input-error.js';
import { type AnyRule, type RuleSettings } from '../rules/lib/types.js';
import { SEVERITIES, type Severity } from '../model/gates.js';
import { DEFAULT_SNAPSHOT_MAX_BYTES } from '../inventory/snapshot/read-snapshot.js';

const DEFAULT_REQUIRED_TAGS = ['Environment', 'Project', 'Team', 'CostCenter'];
const DEFAULT_GATEWAY_ENDPOINTS = ['s3', 'dynamodb'];
const DEFAULT_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs', 'sts', 'ssm', 'secretsmanager', 'kms'];

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected a Region name such as eu-west-1');
const nonEmpty = z.string().min(1);
const severity = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(SEVERITIES, { message: `expected one of ${SEVERITIES.join(', ')}` }));

/** `2027-01-31` (valid through the end of that day, UTC) or a full ISO 8601 time. */
const expiry = z
  .union([z.string(), z.date()])
  .transform((value, ctx) => {
    const text = value instanceof Date ? value.toISOString() : value;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const time = Date.parse(dateOnly ? `${text}T23:59:59.999Z` : text);
    if (Number.isNaN(time)) {
      ctx.addIssue({ code: 'custom', message: 'expected a date such as 2027-01-31' });
      return z.NEVER;
    }
    return { text, time };
  });

const SIZE_UNITS: Readonly<Record<string, number>> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, TIB: 1024 ** 4 };
const SIZE_HINT = 'expected a size such as 4 GiB, 500 MB or a number of bytes';

/** A size in bytes: a whole number, or a number with a unit (`4 GiB`, `500 MB`, `1.5GiB`). */
const size = z.union([z.number(), z.string()], { message: SIZE_HINT }).transform((value, ctx) => {
  let bytes: number | undefined;
  if (typeof value === 'number') bytes = value;
  else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)?\s*$/i.exec(value);
    const unit = SIZE_UNITS[(match?.[2] ?? 'B').toUpperCase()];
    if (match?.[1] !== undefined && unit !== undefined) bytes = Math.floor(Number(match[1]) * unit);
  }
  if (bytes === undefined || !Number.isSafeInteger(bytes) || bytes < 1) {
    ctx.addIssue({ code: 'custom', message: SIZE_HINT });
    return z.NEVER;
  }
  return bytes;
});

const settingsSchema = z.strictObject({
  /** Regions to scan; absent: every Region enabled for the account (live) or in the snapshot. */
  regions: z.array(region).min(1).optional(),
  production: z
    .strictObject({
      tag: nonEmpty.default('Environment'),
      values: z.array(nonEmpty).min(1).default(['prod', 'production']),
    })
    .default({ tag: 'Environment', values: ['prod', 'production'] }),
  requiredTags: z
    .array(
      z.strictObject({
        key: nonEmpty.refine((key) => !key.toLowerCase().startsWith('aws:'), 'aws: tags belong to AWS and cannot be required — remove this entry'),
        values: z.array(nonEmpty).min(1).optional(),
      }),
    )
    .default(DEFAULT_REQUIRED_TAGS.map((key) => ({ key }))),
  vpcEndpoints: z
    .strictObject({
      gateway: z.array(nonEmpty).default(DEFAULT_GATEWAY_ENDPOINTS),
      interface: z.array(nonEmpty).default(DEFAULT_INTERFACE_ENDPOINTS),
    })
    .default({ gateway: DEFAULT_GATEWAY_ENDPOINTS, interface: DEFAULT_INTERFACE_ENDPOINTS }),
  rules: z
    .record(
      z.string(),
      z.strictObject({
        enabled: z.boolean().optional(),
        severity: severity.optional(),
        options: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .default({}),
  exemptions: z
    .array(
      z.strictObject({
        /** A rule id, or `*` for every rule. */
        rule: nonEmpty,
        /**
         * A resource ARN pattern: `*` matches any run of characters, `?` one character. Items
         * with no ARN (the account × Region item) match as `ACCOUNT/REGION/AWS::::Account/ACCOUNT`.
         */
        resource: z
          .string()
          .regex(/^(arn:|\*|\d{12}\/)/, 'expected an ARN pattern such as arn:aws:s3:::logs-* (or ACCOUNT/REGION/AWS::::Account/ACCOUNT)'),
        reason: nonEmpty,
        expires: expiry,
      }),
    )
    .default([]),
  /** Tag whose value lists rule ids (comma or space separated) exempted for that resource. */
  exemptionTag: nonEmpty.default('gatewatch:exempt'),
  /** SNS alerts on new failures, and the run digest. */
  alerts: z
    .strictObject({
      /** Failures at or above this severity are alerted. */
      minSeverity: severity.default('HIGH'),
      /** Failures listed in one alert; the rest are counted. */
      maxListed: z.number().int().min(1).max(50).default(10),
      /** Resources with the most failures named in the digest. */
      topResources: z.number().int().min(1).max(50).default(10),
    })
    .default({ minSeverity: 'HIGH', maxListed: 10, topResources: 10 }),
  /** The deployed service (serverless.yml reads this file): the tags of its own stack. */
  deployment: z
    .strictObject({
      tags: z.record(nonEmpty, nonEmpty).default({}),
    })
    .default({ tags: {} }),
  securityHub: z
    .strictObject({
      /**
       * The Region whose Security Hub receives findings of global resources (IAM, CloudFront);
       * default: the Region gatewatch runs in (AWS_REGION, else us-east-1).
       */
      homeRegion: region.optional(),
      /**
       * Days after which a finding that still fails, unchanged, is imported again. Security Hub
       * deletes an active finding 90 days after its last update and bills imports past the free
       * tier; between refreshes, only changes (new, changed, resolved, archived) are imported.
       */
      refreshDays: z.number().int().min(1).max(60).default(7),
    })
    .default({ refreshDays: 7 }),
  /** Offline scans (`--snapshot`). */
  snapshot: z
    .strictObject({
      /**
       * The largest snapshot read: the file, and what a gzipped one decompresses to. Past it the
       * scan stops with an error naming this setting, so a runaway input (a gzip bomb) cannot
       * exhaust the machine.
       */
      maxSize: size.default(DEFAULT_SNAPSHOT_MAX_BYTES),
    })
    .default({ maxSize: DEFAULT_SNAPSHOT_MAX_BYTES }),
});

type ParsedSettings = z.output<typeof settingsSchema>;

export interface ResolvedRuleSettings {
  readonly enabled: boolean;
  readonly severity: Severity;
  readonly options: unknown;
}

export interface Settings extends RuleSettings {
  readonly regions: readonly string[] | undefined;
  readonly production: ParsedSettings['production'];
  readonly exemptions: ParsedSettings['exemptions'];
  readonly exemptionTag: string;
  readonly alerts: ParsedSettings['alerts'];
  readonly securityHub: ParsedSettings['securityHub'];
  readonly deployment: ParsedSettings['deployment'];
  /** `maxSize`: the most bytes a snapshot may hold and decompress to. */
  readonly snapshot: ParsedSettings['snapshot'];
  /** Per rule of the catalog: enabled, severity and options after the file's overrides. */
  readonly rules: ReadonlyMap<string, ResolvedRuleSettings>;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const at = path === '' ? '' : `${path}.`;
    return `${at}${issue.keys.join(', ')}: unknown key — remove it or check its spelling`;
  }
  return `${path === '' ? '(top level)' : path}: ${issue.message}`;
}

/**
 * Validates raw settings (already parsed from YAML/JSON) against the schema and the rule catalog.
 * @param origin names the input in error messages (a file name, or "settings").
 * @throws {InputError} naming the field and the fix.
 */
export function parseSettings(raw: unknown, catalog: readonly AnyRule[], origin = 'settings'): Settings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${origin}: ${issue === undefined ? 'invalid' : describeIssue(issue)}`);
  }
  const settings = parsed.data;
  const byId = new Map(catalog.map((rule) => [rule.meta.id, rule]));
  for (const id of Object.keys(settings.rules)) {
    if (!byId.has(id)) throw new InputError(`${origin}: rules.${id}: unknown rule id — \`gatewatch rules\` lists them`);
  }
  settings.exemptions.forEach((exemption, index) => {
    if (exemption.rule !== '*' && !byId.has(exemption.rule)) {
      throw new InputError(`${origin}: exemptions.${index}.rule: unknown rule id "${exemption.rule}" — \`gatewatch rules\` lists them`);
    }
  });

  const rules = new Map<string, ResolvedRuleSettings>();
  for (const rule of catalog) {
    const override = settings.rules[rule.meta.id];
    let options: unknown = {};
    if (rule.meta.options !== undefined) {
      const result = rule.meta.options.safeParse(override?.options ?? {});
      if (!result.success) {
        const issue = result.error.issues[0];
        const detail = issue === undefined ? 'invalid' : describeIssue(issue);
        throw new InputError(`${origin}: rules.${rule.meta.id}.options.${detail}`);
      }
      options = result.data;
    } else if (override?.options !== undefined && Object.keys(override.options).length > 0) {
      throw new InputError(`${origin}: rules.${rule.meta.id}.options: this rule takes no options — remove them`);
    }
    rules.set(rule.meta.id, {
      enabled: override?.enabled ?? true,
      severity: override?.severity ?? rule.meta.severity,
      options,
    });
  }

  return {
    regions: settings.regions,
    production: settings.production,
    requiredTags: settings.requiredTags,
    vpcEndpoints: settings.vpcEndpoints,
    exemptions: settings.exemptions,
    exemptionTag: settings.exemptionTag,
    alerts: settings.alerts,
    securityHub: settings.securityHub,
    deployment: settings.deployment,
    snapshot: settings.snapshot,
    rules,
  };
}

/**
 * Reads a settings file: YAML, or JSON (which YAML reads too).
 * @throws {InputError} for an unreadable file, bad syntax or invalid content.
 */
export async function loadSettings(file: string, catalog: readonly AnyRule[]): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read the settings file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'syntax error';
    throw new InputError(`${file}: not valid YAML or JSON (${message})`);
  }
  return parseSettings(raw, catalog, file);
}

/** The built-in settings, used when no file is given. */
export function defaultSettings(catalog: readonly AnyRule[]): Settings {
  return parseSettings({}, catalog);
}
