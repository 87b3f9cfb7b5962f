/**
 * Writes the EventBridge rules that follow the event adapter's table
 * (inventory/events/call-table.ts: the re-read rows of the resource type descriptions and the
 * gates' re-scan rows), packed into as few rules as fit EventBridge's default
 * 2,048-character event pattern quota; failed calls (errorCode) never match:
 *
 * - deploy/api-call-rules.yml: the scanner's rules, invoking resource-change (serverless.yml);
 * - deploy/forward-events.yml: a template for member accounts that forwards the same Config and
 *   CloudTrail events to the scanner account's default event bus.
 *
 *   node --import tsx deploy/generate-api-call-rules.ts        (npm run generate:rules)
 *
 * test/deploy/api-call-rules.test.ts fails when either file is out of date with the table.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { CLOUDTRAIL_CALLS } from '../inventory/events/call-table.js';

/** EventBridge's default quota on a rule's event pattern, in characters. */
export const MAX_PATTERN_CHARACTERS = 2048;

type Branch = { readonly eventSource?: string[]; readonly eventName: string[] };

/** AWS Config configuration item changes, normal and oversized (serverless.yml's ConfigChangeRule). */
export const CONFIG_CHANGE_PATTERN = {
  source: ['aws.config'],
  'detail-type': ['Config Configuration Item Change'],
  detail: { messageType: ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification'] },
};

export function patternOf(branches: readonly Branch[]) {
  return { 'detail-type': ['AWS API Call via CloudTrail'], detail: { errorCode: [{ exists: false }], $or: branches } };
}

/** One branch per event source (`*` rows match the call name from any source), packed into patterns that fit. */
export function apiCallPatterns(): ReturnType<typeof patternOf>[] {
  const bySource = new Map<string, string[]>();
  for (const row of CLOUDTRAIL_CALLS) bySource.set(row.eventSource, [...(bySource.get(row.eventSource) ?? []), row.eventName]);
  const branches: Branch[] = [...bySource]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, names]) => (source === '*' ? { eventName: [...new Set(names)].sort() } : { eventSource: [source], eventName: [...new Set(names)].sort() }));
  const patterns: Branch[][] = [];
  for (const branch of branches) {
    const last = patterns.at(-1);
    if (last !== undefined && JSON.stringify(patternOf([...last, branch])).length <= MAX_PATTERN_CHARACTERS) last.push(branch);
    else if (JSON.stringify(patternOf([branch])).length <= MAX_PATTERN_CHARACTERS) patterns.push([branch]);
    else throw new Error(`the calls of ${branch.eventSource?.[0] ?? '*'} alone exceed ${MAX_PATTERN_CHARACTERS} characters: split the branch`);
  }
  return patterns.map(patternOf);
}

export function apiCallRules(): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  apiCallPatterns().forEach((pattern, index) => {
    const rule = `ApiCallRule${index + 1}`;
    const sources = pattern.detail.$or.map((branch) => branch.eventSource?.[0]?.split('.')[0] ?? 'any').join(', ');
    resources[rule] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: `gatewatch — CloudTrail calls that can break a gate (${sources})`.slice(0, 512),
        EventPattern: pattern,
        Targets: [
          {
            Id: 'resource-change',
            Arn: { 'Fn::GetAtt': ['ResourceChangeLambdaFunction', 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
            RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
          },
        ],
      },
    };
    resources[`${rule}Permission`] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: { 'Fn::GetAtt': ['ResourceChangeLambdaFunction', 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] },
      },
    };
  });
  return { Resources: resources };
}

const TAG_KEYS = ['Environment', 'Project', 'Team', 'CostCenter'] as const;
const TAG_DEFAULTS: Readonly<Record<(typeof TAG_KEYS)[number], string>> = { Environment: 'prod', Project: 'gatewatch', Team: 'platform', CostCenter: 'platform' };

/** The member-account template: every change event gatewatch reacts to, sent on to the scanner's bus. */
export function forwardEventsTemplate(): Record<string, unknown> {
  const bus = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${ScannerRegion}:${ScannerAccountId}:event-bus/default' };
  const target = { Id: 'gatewatch-scanner', Arn: bus, RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } };
  const rules: Record<string, unknown> = {
    ConfigChangeForward: { Type: 'AWS::Events::Rule', Properties: { Description: 'gatewatch — forward AWS Config item changes to the scanner account', EventPattern: CONFIG_CHANGE_PATTERN, Targets: [target] } },
  };
  apiCallPatterns().forEach((pattern, index) => {
    rules[`ApiCallForward${index + 1}`] = {
      Type: 'AWS::Events::Rule',
      Properties: { Description: 'gatewatch — forward CloudTrail calls that can break a gate to the scanner account', EventPattern: pattern, Targets: [target] },
    };
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'gatewatch: forward the change events gatewatch reacts to from a member account to the scanner account',
    Parameters: {
      ScannerAccountId: { Type: 'String', AllowedPattern: '^\\d{12}$', Description: 'The account gatewatch runs in' },
      ScannerRegion: { Type: 'String', AllowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d+$', Description: 'The Region gatewatch runs in' },
      ...Object.fromEntries(TAG_KEYS.map((key) => [key, { Type: 'String', Default: TAG_DEFAULTS[key], MinLength: 1 }])),
    },
    Resources: {
      ForwardRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
          },
          Policies: [
            {
              PolicyName: 'put-events-on-the-scanner-bus',
              PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: bus }] },
            },
          ],
          Tags: TAG_KEYS.map((key) => ({ Key: key, Value: { Ref: key } })),
        },
      },
      ...rules,
    },
  };
}

export const HEADER = '# Generated by `npm run generate:rules` from inventory/events/cloudtrail-event.ts — do not edit.\n';
export const FORWARD_HEADER =
  '# Generated by `npm run generate:rules` — do not edit. Deploy in each member account (a StackSet works):\n' +
  '#   aws cloudformation deploy --template-file deploy/forward-events.yml --stack-name gatewatch-forward-events \\\n' +
  '#     --capabilities CAPABILITY_IAM --parameter-overrides ScannerAccountId=111122223333 ScannerRegion=us-east-1\n' +
  "# and deploy gatewatch with --param=\"organizationId=o-…\" so the scanner's bus accepts the events.\n";

/** The member template as written: the format version quoted, as CloudFormation's examples write it. */
export function forwardEventsText(): string {
  return FORWARD_HEADER + stringify(forwardEventsTemplate(), { lineWidth: 0 }).replace(/^AWSTemplateFormatVersion: (.*)$/m, "AWSTemplateFormatVersion: '$1'");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const rules = join(here, 'api-call-rules.yml');
  writeFileSync(rules, HEADER + stringify(apiCallRules(), { lineWidth: 0 }));
  const forward = join(here, 'forward-events.yml');
  writeFileSync(forward, forwardEventsText());
  process.stdout.write(`wrote ${rules}\nwrote ${forward}\n`);
}
