/**
 * Settings: one file (YAML or JSON) validated by a strict schema. Unknown keys are rejected with
 * their path; every field has a default, so no file at all gives the built-in settings.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../model/input-error.js';
import { ANOMALY_MONITOR_TYPES, type AnyRule, type RuleSettings } from '../rules/lib/types.js';
import { SEVERITIES, type Severity } from '../model/gates.js';
import { DEFAULT_SNAPSHOT_MAX_BYTES } from '../inventory/snapshot/read-snapshot.js';
import { MAX_ARN_PATTERN_LENGTH } from './exemptions.js';

/** The furthest an exemption may expire after the scan, in days (`exemptionHorizonDays`). */
export const DEFAULT_EXEMPTION_HORIZON_DAYS = 365;
const DEFAULT_REQUIRED_TAGS = ['Environment', 'Project', 'Team', 'CostCenter'];
const DEFAULT_GATEWAY_ENDPOINTS = ['s3', 'dynamodb'];
const DEFAULT_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs', 'sts', 'ssm', 'secretsmanager', 'kms'];
const DEFAULT_BUDGET_THRESHOLDS = [50, 80, 100];
const DEFAULT_ANOMALY_MONITOR_TYPES = [...ANOMALY_MONITOR_TYPES];

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected a Region name such as eu-west-1');
const nonEmpty = z.string().min(1);
const severity = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(SEVERITIES, { message: `expected one of ${SEVERITIES.join(', ')}` }));

const DAY_MS = 86_400_000;
const EXPIRY_HINT = 'expected a date such as 2027-01-31 (or an ISO 8601 time such as 2027-01-31T18:00:00Z)';

/** `YYYY-MM-DD`, or a full ISO 8601 date-time with seconds optional and a `Z` or `±hh:mm` offset. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2})))?$/;

/**
 * The instant an expiry ends, or a message saying what is wrong with it. Only ISO 8601 forms are
 * read, each field in its range, and the day must exist: `Date.parse` would take `2020-02-30` as
 * 1 March, `'1'` as 2001 and `+099999-01-01` as a date 98,000 years away.
 */
function parseExpiry(text: string): { readonly time: number } | { readonly problem: string } {
  const match = ISO_DATE.exec(text);
  if (match === null) return { problem: `"${text}": ${EXPIRY_HINT}` };
  const [, year, month, day, hour, minute, second, fraction, zone, sign, offsetHours, offsetMinutes] = match;
  const [y, mo, d] = [Number(year), Number(month), Number(day)];
  const date = Date.UTC(y, mo - 1, d);
  const calendar = new Date(date);
  // Date.UTC maps years 0–99 to 1900–1999; a real expiry is never there.
  if (y < 1000 || calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d) {
    return { problem: `"${text}" is not a day of the calendar — ${EXPIRY_HINT}` };
  }
  // A date alone is valid through the end of that day, UTC.
  if (hour === undefined || zone === undefined) return { time: date + DAY_MS - 1 };
  const [h, mi, s] = [Number(hour), Number(minute), Number(second ?? '0')];
  const [oh, om] = [Number(offsetHours ?? '0'), Number(offsetMinutes ?? '0')];
  if (h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return { problem: `"${text}" is not a time of day — ${EXPIRY_HINT}` };
  const offset = (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  return { time: date + ((h * 60 + mi) * 60 + s) * 1000 + millis - offset };
}

/** `2027-01-31` (valid through the end of that day, UTC) or a full ISO 8601 time with its offset. */
const expiry = z.unknown().transform((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: `required: the last day the exemption applies — ${EXPIRY_HINT}` });
    return z.NEVER;
  }
  // YAML's core schema (the one read here) leaves dates as text; a caller may hand a Date.
  if (value instanceof Date) {
    const time = value.getTime();
    if (!Number.isNaN(time)) return { text: value.toISOString(), time };
    ctx.addIssue({ code: 'custom', message: `an invalid Date — ${EXPIRY_HINT}` });
    return z.NEVER;
  }
  if (typeof value !== 'string') {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value) ?? String(value)}: ${EXPIRY_HINT}` });
    return z.NEVER;
  }
  const parsed = parseExpiry(value);
  if ('problem' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  }
  return { text: value, time: parsed.time };
});

/**
 * `__proto__` is the one key JavaScript objects cannot hold as they are built (assigning it sets
 * the prototype): a map keyed by it — a rule's settings, a rule option, a tag — would be dropped
 * without a word. Such names are refused instead, with their path.
 */
const FORBIDDEN_KEY = '__proto__';

/** The path of the first `__proto__` key anywhere in the raw settings, if any. */
function forbiddenKeyPath(raw: unknown): string | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value: raw, path: [] }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path } = next;
    if (typeof value !== 'object' || value === null || value instanceof Date) continue;
    if (Object.hasOwn(value, FORBIDDEN_KEY)) return [...path, FORBIDDEN_KEY].join('.');
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, key] });
  }
  return undefined;
}

/** A tag name: the live collectors build tag maps by assignment, which would drop a `__proto__` tag. */
const tagName = nonEmpty.refine((name) => name !== FORBIDDEN_KEY, `"${FORBIDDEN_KEY}" cannot be a tag name here (JavaScript objects cannot hold it as a key) — use another tag`);

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
      tag: tagName.default('Environment'),
      values: z.array(nonEmpty).min(1).default(['prod', 'production']),
    })
    .default({ tag: 'Environment', values: ['prod', 'production'] }),
  requiredTags: z
    .array(
      z.strictObject({
        key: tagName.refine((key) => !key.toLowerCase().startsWith('aws:'), 'aws: tags belong to AWS and cannot be required — remove this entry'),
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
  /** The cost-controls gate. */
  costControls: z
    .strictObject({
      /** Percentages of a cost budget at which a FORECASTED alert must be set (budget-forecast-alerts). */
      budgetThresholds: z
        .array(z.number().min(1, 'a threshold is a percentage from 1 to 1000').max(1000, 'a threshold is a percentage from 1 to 1000'), {
          message: 'expected a list of percentages such as [50, 80, 100]',
        })
        .min(1, 'name at least one threshold, such as [50, 80, 100]')
        .refine((values) => new Set(values).size === values.length, 'each threshold once — remove the repeated one')
        .default(DEFAULT_BUDGET_THRESHOLDS),
      /**
       * The kinds of Cost Anomaly Detection monitor that count as covering the account
       * (cost-anomaly-monitor): SERVICE (a DIMENSIONAL monitor of AWS services in the account),
       * LINKED_ACCOUNT (a DIMENSIONAL linked-account monitor in the organization's management
       * account) and CUSTOM (a CUSTOM monitor whose specification names the account as a
       * LINKED_ACCOUNT). `[SERVICE]` asks for a per-service monitor in every account.
       */
      anomalyMonitorTypes: z
        .array(z.enum(ANOMALY_MONITOR_TYPES, { message: `expected one of ${ANOMALY_MONITOR_TYPES.join(', ')}` }))
        .min(1, `name at least one of ${ANOMALY_MONITOR_TYPES.join(', ')}`)
        .refine((values) => new Set(values).size === values.length, 'each monitor type once — remove the repeated one')
        .default(DEFAULT_ANOMALY_MONITOR_TYPES),
    })
    .default({ budgetThresholds: DEFAULT_BUDGET_THRESHOLDS, anomalyMonitorTypes: DEFAULT_ANOMALY_MONITOR_TYPES }),
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
          .max(MAX_ARN_PATTERN_LENGTH, `at most ${MAX_ARN_PATTERN_LENGTH} characters (the longest ARN) — shorten the pattern`)
          .regex(/^(arn:|\*|\d{12}\/)/, 'expected an ARN pattern such as arn:aws:s3:::logs-* (or ACCOUNT/REGION/AWS::::Account/ACCOUNT)'),
        reason: nonEmpty,
        expires: expiry,
      }),
    )
    .default([]),
  /** Tag whose value lists rule ids (comma or space separated) exempted for that resource. */
  exemptionTag: tagName.default('gatewatch:exempt'),
  /**
   * The furthest an exemption's `expires` may lie after the scan, in days: an accepted risk is
   * reviewed at least this often, and a typo (2207 for 2027) cannot exempt a resource for good.
   */
  exemptionHorizonDays: z.number().int().min(1).max(3650).default(DEFAULT_EXEMPTION_HORIZON_DAYS),
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
  /** The furthest, in days after the settings are read, an exemption may expire. */
  readonly exemptionHorizonDays: number;
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
 * @param now the time exemptions' `expires` is held to `exemptionHorizonDays` from (the scan's clock).
 * @throws {InputError} naming the field and the fix.
 */
export function parseSettings(raw: unknown, catalog: readonly AnyRule[], origin = 'settings', now: Date = new Date()): Settings {
  const forbidden = forbiddenKeyPath(raw);
  if (forbidden !== undefined) {
    throw new InputError(`${origin}: ${forbidden}: "${FORBIDDEN_KEY}" cannot be used as a name (JavaScript objects cannot hold it as a key, so it would be lost) — rename or remove it`);
  }
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
  // An exemption may run to the end of the UTC day `exemptionHorizonDays` after now, no further.
  const horizon = settings.exemptionHorizonDays;
  const latest = new Date(now.getTime() + horizon * DAY_MS);
  const limit = Date.UTC(latest.getUTCFullYear(), latest.getUTCMonth(), latest.getUTCDate()) + DAY_MS - 1;
  settings.exemptions.forEach((exemption, index) => {
    if (exemption.rule !== '*' && !byId.has(exemption.rule)) {
      throw new InputError(`${origin}: exemptions.${index}.rule: unknown rule id "${exemption.rule}" — \`gatewatch rules\` lists them`);
    }
    if (exemption.expires.time > limit) {
      throw new InputError(
        `${origin}: exemptions.${index}.expires: ${exemption.expires.text} is more than ${horizon} days after today (${now.toISOString().slice(0, 10)}) — review the exemption by ${new Date(limit).toISOString().slice(0, 10)} at the latest, or raise exemptionHorizonDays`,
      );
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
    costControls: settings.costControls,
    exemptions: settings.exemptions,
    exemptionTag: settings.exemptionTag,
    exemptionHorizonDays: settings.exemptionHorizonDays,
    alerts: settings.alerts,
    securityHub: settings.securityHub,
    deployment: settings.deployment,
    snapshot: settings.snapshot,
    rules,
  };
}

/**
 * Reads a settings file: YAML, or JSON (which YAML reads too). `now`: as for {@link parseSettings}.
 * @throws {InputError} for an unreadable file, bad syntax or invalid content.
 */
export async function loadSettings(file: string, catalog: readonly AnyRule[], now: Date = new Date()): Promise<Settings> {
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
  return parseSettings(raw, catalog, file, now);
}

/** The built-in settings, used when no file is given. */
export function defaultSettings(catalog: readonly AnyRule[]): Settings {
  return parseSettings({}, catalog);
}
