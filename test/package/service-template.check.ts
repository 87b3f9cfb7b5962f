/**
 * The packaged service passes its own gates. Reads what `serverless package` wrote
 * (`.serverless/cloudformation-template-update-stack.json`) and checks least privilege, encryption,
 * tags, the nightly state machine and the change rules (the function zips: bundles.check.ts).
 * Run by `npm run test:package` (which packages first) and by `.ci/run`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { loadSettings } from '../../engine/settings.js';
import { actionsMatching, matchesWildcard } from '../../rules/lib/iam-actions.js';
import { catalog } from '../../rules/index.js';
import { CLOUDTRAIL_CALLS } from '../../inventory/events/cloudtrail-event.js';
import { CONFIG_CHANGE_PATTERN } from '../../deploy/generate-api-call-rules.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TEMPLATE = join(root, '.serverless', 'cloudformation-template-update-stack.json');
if (!existsSync(TEMPLATE)) throw new Error(`${TEMPLATE} is missing: run \`npx serverless package\` first (npm run test:package does)`);

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}
const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as { Resources: Record<string, Resource> };
const state = JSON.parse(readFileSync(join(root, '.serverless', 'serverless-state.json'), 'utf8')) as { service: { provider: { stackTags?: Record<string, string> } } };
const resources = Object.entries(template.Resources);
const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);
const props = (id: string): Record<string, unknown> => template.Resources[id]?.Properties ?? {};

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function statementsOf(id: string): Statement[] {
  const policies = (props(id)['Policies'] ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

describe('least privilege of gatewatch itself', () => {
  const roles = ofType('AWS::IAM::Role').map(([id]) => id);

  it('has a role of its own for every function', () => {
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      const role = (fn.Properties?.['Role'] as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt']?.[0];
      expect([id, role]).toEqual([id, expect.stringMatching(/Role$/)]);
    }
    expect(new Set(ofType('AWS::Lambda::Function').map(([, fn]) => JSON.stringify(fn.Properties?.['Role']))).size).toBe(4);
  });

  it('never puts Resource "*" on an action that supports resource-level permissions, nor grants "*" actions', () => {
    const offending: string[] = [];
    for (const role of roles) {
      for (const statement of statementsOf(role)) {
        for (const action of list(statement.Action)) {
          const known = actionsMatching(action);
          expect([role, action, known.length > 0]).toEqual([role, action, true]);
          expect(action.includes('*')).toBe(false);
          if (list(statement.Resource).includes('*') && known.some((entry) => entry.resourceLevel)) offending.push(`${role}: ${action} on *`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('reads with exactly the actions a scan calls, and imports only into its own hub and product', () => {
    const policy = JSON.parse(readFileSync(join(root, 'examples', 'scan-policy.json'), 'utf8')) as { Statement: Statement[] };
    const scanActions = policy.Statement.flatMap((statement) => list(statement.Action)).sort();
    for (const role of ['ScanTargetRole', 'ResourceChangeRole']) {
      const statements = statementsOf(role);
      const read = statements.filter((statement) => statement.Sid?.startsWith('ReadOnly') === true).flatMap((statement) => list(statement.Action));
      expect(read.sort()).toEqual(scanActions);
      // The scan reads Security Hub too (DescribeHub, GetEnabledStandards: in the ReadOnly statements above); these are its writes.
      const hub = statements.filter((statement) => statement.Sid?.startsWith('ReadOnly') !== true && list(statement.Action).some((action) => action.startsWith('securityhub:')));
      expect(hub.map((statement) => [statement.Action, JSON.stringify(statement.Resource)])).toEqual([
        ['securityhub:BatchImportFindings', expect.stringContaining(':product/${AWS::AccountId}/default')],
        ['securityhub:BatchUpdateFindings', expect.stringContaining(':hub/default')],
      ]);
      expect(statements.find((statement) => list(statement.Action).includes('sns:Publish'))?.Resource).toEqual({ Ref: 'AlertTopic' });
      const table = statements.filter((statement) => list(statement.Action).some((action) => /^dynamodb:(Query|BatchGetItem|BatchWriteItem|PutItem)$/.test(action)));
      expect(table.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': ['StateTable', 'Arn'] }, { 'Fn::GetAtt': ['StateTable', 'Arn'] }]);
      // The finding states, and the price cache confined to its own partition (findings/price-cache.ts).
      expect(table.filter((statement) => statement.Condition === undefined)).toHaveLength(1);
      const prices = table.find((statement) => statement.Sid === 'PriceCache');
      expect([list(prices?.Action ?? []).sort(), prices?.Condition]).toEqual([['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'], { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['prices'] } }]);
      // Unit prices for the fix-cost estimates: the Price List has no resources, so "*".
      const pricing = statements.filter((statement) => list(statement.Action).some((action) => action.startsWith('pricing:')));
      expect(pricing.map((statement) => [statement.Action, statement.Resource])).toEqual([['pricing:GetProducts', '*']]);
    }
  });

  it('lets no other function read the accounts', () => {
    for (const role of ['PlanTargetsRole', 'SummarizeRole']) {
      const actions = statementsOf(role).flatMap((statement) => list(statement.Action));
      expect(actions.filter((action) => /^(rds|s3|iam|securityhub|sts:AssumeRole)/.test(action))).toEqual([]);
    }
  });
});

const KEY_ARN = { 'Fn::GetAtt': ['GatewatchKey', 'Arn'] };
const keyPolicy = (): Statement[] => (props('GatewatchKey')['KeyPolicy'] as { Statement: Statement[] }).Statement;
const functions = ofType('AWS::Lambda::Function');
const roleOf = (fn: Resource): string => String((fn.Properties?.['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
/** A `Fn::Sub` string with the pseudo parameters of a sample account, for wildcard matching. */
const sample = (value: unknown): string =>
  String((value as { 'Fn::Sub'?: string })['Fn::Sub'] ?? value)
    .replaceAll('${AWS::Partition}', 'aws')
    .replaceAll('${AWS::Region}', 'us-east-1')
    .replaceAll('${AWS::AccountId}', '123456789012');
const logGroupArn = (name: string) => `arn:aws:logs:us-east-1:123456789012:log-group:${name}`;

describe('encryption and recovery', () => {
  it('encrypts the topic, the queue and the table with the customer managed key, which rotates', () => {
    for (const [, topic] of ofType('AWS::SNS::Topic')) expect(topic.Properties?.['KmsMasterKeyId']).toEqual({ Ref: 'GatewatchKey' });
    for (const [, queue] of ofType('AWS::SQS::Queue')) expect(queue.Properties?.['KmsMasterKeyId']).toEqual({ Ref: 'GatewatchKey' });
    for (const [, table] of ofType('AWS::DynamoDB::Table')) {
      expect(table.Properties?.['SSESpecification']).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { Ref: 'GatewatchKey' } });
      expect(table.Properties?.['PointInTimeRecoverySpecification']).toEqual({ PointInTimeRecoveryEnabled: true });
    }
    for (const [, key] of ofType('AWS::KMS::Key')) expect(key.Properties?.['EnableKeyRotation']).toBe(true);
    expect(ofType('AWS::SNS::Topic')).toHaveLength(1);
    expect(ofType('AWS::SQS::Queue')).toHaveLength(1);
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(1);
  });

  it('writes out every log group, each encrypted with the key and kept for a set time, one per function and one for the nightly run', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    for (const [id, group] of groups) {
      expect([id, group.Properties?.['KmsKeyId']]).toEqual([id, KEY_ARN]);
      expect([id, group.Properties?.['RetentionInDays']]).toEqual([id, expect.any(Number)]);
    }
    const names = groups.map(([, group]) => group.Properties?.['LogGroupName']);
    for (const [id, fn] of functions) expect([id, names]).toEqual([id, expect.arrayContaining([`/aws/lambda/${String(fn.Properties?.['FunctionName'])}`])]);
    expect(groups).toHaveLength(functions.length + 1);
  });

  it("lets CloudWatch Logs (logs.<region>.amazonaws.com) use the key for gatewatch's log groups only, by the log group ARN in the encryption context", () => {
    const logs = keyPolicy().filter((statement) => JSON.stringify(statement.Principal).includes('logs.${AWS::Region}.amazonaws.com'));
    expect(logs).toHaveLength(1);
    const [statement] = logs;
    expect(statement?.Principal).toEqual({ Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } });
    expect(list(statement?.Action ?? []).sort()).toEqual(['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']);
    const patterns = list((statement?.Condition?.['ArnLike']?.['kms:EncryptionContext:aws:logs:arn'] ?? []) as unknown[]).map(sample);
    expect(patterns.length).toBeGreaterThan(0);
    // Every log group of the stack is covered, and nothing outside gatewatch's names is.
    for (const [id, group] of ofType('AWS::Logs::LogGroup')) {
      const arn = logGroupArn(String(group.Properties?.['LogGroupName']));
      expect([id, patterns.some((pattern) => matchesWildcard(pattern, arn, false))]).toEqual([id, true]);
    }
    for (const other of ['/aws/lambda/someone-else', '/aws/vendedlogs/states/other-nightly', 'gatewatch']) expect(patterns.some((pattern) => matchesWildcard(pattern, logGroupArn(other), false))).toBe(false);
  });

  it("encrypts the functions' environment variables with the key, and lets each role decrypt with that key only", () => {
    expect(functions).toHaveLength(4);
    for (const [id, fn] of functions) {
      expect([id, fn.Properties?.['KmsKeyArn']]).toEqual([id, KEY_ARN]);
      const statements = statementsOf(roleOf(fn));
      expect([id, statements.some((statement) => list(statement.Action).includes('kms:Decrypt') && JSON.stringify(statement.Resource) === JSON.stringify(KEY_ARN))]).toEqual([id, true]);
    }
    // No role may use any other key, nor the key through a wildcard action.
    for (const role of ofType('AWS::IAM::Role').map(([id]) => id)) {
      for (const statement of statementsOf(role).filter((candidate) => list(candidate.Action).some((action) => action.startsWith('kms:')))) {
        expect([role, statement.Sid, statement.Resource]).toEqual([role, statement.Sid, KEY_ARN]);
        expect(list(statement.Action).filter((action) => action.includes('*'))).toEqual([]);
      }
    }
  });

  it('logs the nightly run (errors, without execution data) to its own encrypted log group, and encrypts the run with the key', () => {
    const run = props('NightlyRun');
    const logging = run['LoggingConfiguration'] as { Level: string; IncludeExecutionData: boolean; Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } } }[] };
    expect(['ERROR', 'ALL']).toContain(logging.Level);
    expect(logging.IncludeExecutionData).toBe(false);
    expect(logging.Destinations).toHaveLength(1);
    const [groupId, attribute] = logging.Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'] ?? [];
    expect(attribute).toBe('Arn');
    const group = template.Resources[groupId ?? ''];
    expect(group?.Type).toBe('AWS::Logs::LogGroup');
    expect(group?.Properties?.['KmsKeyId']).toEqual(KEY_ARN);
    expect(String(group?.Properties?.['LogGroupName'])).toMatch(/^\/aws\/vendedlogs\/states\//);
    expect(run['EncryptionConfiguration']).toEqual({ Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: KEY_ARN, KmsDataKeyReusePeriodSeconds: expect.any(Number) });
  });

  it("gives the run's role the key for this state machine only, and the log-delivery permissions AWS documents", () => {
    const statements = statementsOf('StateMachineRole');
    const machineArn = `arn:aws:states:us-east-1:123456789012:stateMachine:${String(props('NightlyRun')['StateMachineName'])}`;
    const forRun = statements.filter((statement) => statement.Condition?.['StringEquals']?.['kms:EncryptionContext:aws:states:stateMachineArn'] !== undefined);
    expect(forRun.flatMap((statement) => list(statement.Action)).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const statement of forRun) expect(sample(statement.Condition?.['StringEquals']?.['kms:EncryptionContext:aws:states:stateMachineArn'])).toBe(machineArn);
    const actions = statements.flatMap((statement) => list(statement.Action));
    // https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
    for (const action of ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups']) {
      expect(actions).toContain(action);
    }
    // Vended-log delivery decrypts what the run's role encrypts for it.
    expect(keyPolicy()).toContainEqual(expect.objectContaining({ Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 'kms:Decrypt' }));
  });
});

describe('tags', () => {
  // Resource types of this template that carry tags (CloudFormation gives them the stack's tags).
  const TAGGABLE = ['AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::SNS::Topic', 'AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::StepFunctions::StateMachine', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket'];

  it('takes the stack tags from the deployed settings, and they satisfy the required tags', async () => {
    const settings = await loadSettings(join(root, 'deploy', 'settings.yaml'), catalog);
    expect(state.service.provider.stackTags).toEqual(settings.deployment.tags);
    for (const { key, values } of settings.requiredTags) {
      const value = settings.deployment.tags[key];
      expect([key, value]).toEqual([key, expect.any(String)]);
      if (values !== undefined) expect(values).toContain(value);
    }
  });

  it('gives every taggable resource every required tag', async () => {
    const settings = await loadSettings(join(root, 'deploy', 'settings.yaml'), catalog);
    const stackTags = state.service.provider.stackTags ?? {};
    const missing: string[] = [];
    for (const [id, resource] of resources.filter(([, candidate]) => TAGGABLE.includes(candidate.Type))) {
      const own = (resource.Properties?.['Tags'] ?? []) as { Key: string; Value: string }[] | Record<string, string>;
      const tags = { ...stackTags, ...(Array.isArray(own) ? Object.fromEntries(own.map((tag) => [tag.Key, tag.Value])) : own) };
      for (const { key } of settings.requiredTags) if (tags[key] === undefined) missing.push(`${id}: ${key}`);
    }
    expect(missing).toEqual([]);
    expect(resources.filter(([, resource]) => TAGGABLE.includes(resource.Type)).length).toBeGreaterThan(10);
  });
});

describe('the nightly run', () => {
  const definition = props('NightlyRun')['Definition'] as { StartAt: string; States: Record<string, Record<string, unknown>> };

  it('plans, maps over the targets with bounded concurrency and per-item retry, then summarizes', () => {
    expect(definition.StartAt).toBe('PlanTargets');
    expect(definition.States['PlanTargets']?.['Next']).toBe('ScanTargets');
    const map = definition.States['ScanTargets'] ?? {};
    expect(map['Type']).toBe('Map');
    expect(map['MaxConcurrency']).toEqual(expect.any(Number));
    expect(map['Next']).toBe('Summarize');
    const item = (map['ItemProcessor'] as { States: Record<string, Record<string, unknown>> }).States['ScanTarget'] ?? {};
    const retriers = item['Retry'] as { ErrorEquals: string[]; MaxAttempts?: number }[];
    expect(retriers.length).toBeGreaterThan(0);
    // Bad input is never retried, and that retrier comes before the catch-all one.
    const noRetry = retriers.findIndex((retrier) => retrier.ErrorEquals.includes('InvalidInputError'));
    expect(retriers[noRetry]?.MaxAttempts).toBe(0);
    expect(noRetry).toBeLessThan(retriers.findIndex((retrier) => retrier.ErrorEquals.includes('States.TaskFailed')));
    expect(item['Catch']).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'TargetFailed' })]);
    // Per target, only its name and outcome stay in the state (256 KB for the whole run).
    expect(item['ResultSelector']).toEqual({ 'target.$': '$.Payload.target', 'ok.$': '$.Payload.ok' });
    expect(definition.States['Summarize']?.['End']).toBe(true);
  });

  /** Every Task state of the definition, nested ones (Map, Parallel) included. */
  function tasks(states: Record<string, Record<string, unknown>>, path = ''): [string, Record<string, unknown>][] {
    return Object.entries(states).flatMap(([name, state]) => {
      const nested = [
        ...(state['ItemProcessor'] === undefined ? [] : [state['ItemProcessor']]),
        ...(state['Iterator'] === undefined ? [] : [state['Iterator']]),
        ...((state['Branches'] ?? []) as unknown[]),
      ] as { States: Record<string, Record<string, unknown>> }[];
      return [...(state['Type'] === 'Task' ? [[`${path}${name}`, state] as [string, Record<string, unknown>]] : []), ...nested.flatMap((inner) => tasks(inner.States, `${path}${name}/`))];
    });
  }

  it('never retries invalid input in any Task: InvalidInputError with MaxAttempts 0 comes before every catch-all retrier, and States.ALL only last', () => {
    const all = tasks(definition.States);
    expect(all.map(([name]) => name).sort()).toEqual(['PlanTargets', 'ScanTargets/ScanTarget', 'Summarize']);
    for (const [name, task] of all) {
      const retriers = (task['Retry'] ?? []) as { ErrorEquals: string[]; MaxAttempts?: number }[];
      const noRetry = retriers.findIndex((retrier) => retrier.ErrorEquals.includes('InvalidInputError'));
      expect([name, noRetry >= 0, retriers[noRetry]?.MaxAttempts]).toEqual([name, true, 0]);
      // Step Functions applies the first retrier whose ErrorEquals matches: States.TaskFailed and States.ALL match InvalidInputError too.
      const catchAll = retriers.findIndex((retrier) => retrier.ErrorEquals.some((error) => error === 'States.TaskFailed' || error === 'States.ALL'));
      if (catchAll >= 0) expect([name, noRetry < catchAll]).toEqual([name, true]);
      retriers.forEach((retrier, index) => {
        if (retrier.ErrorEquals.includes('States.ALL')) expect([name, index, retrier.ErrorEquals]).toEqual([name, retriers.length - 1, ['States.ALL']]);
      });
    }
  });

  it('is started by a nightly schedule', () => {
    const schedule = props('NightlySchedule');
    expect(schedule['ScheduleExpression']).toMatch(/^cron\(/);
    expect(schedule['Targets']).toEqual([expect.objectContaining({ Arn: { Ref: 'NightlyRun' }, RoleArn: { 'Fn::GetAtt': ['ScheduleRole', 'Arn'] } })]);
  });
});

describe('change events', () => {
  it('matches normal and oversized Config item changes', () => {
    // The same pattern the member accounts' forwarding rule uses (deploy/forward-events.yml).
    expect(props('ConfigChangeRule')['EventPattern']).toEqual(CONFIG_CHANGE_PATTERN);
    expect(CONFIG_CHANGE_PATTERN.detail.messageType).toEqual(['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification']);
  });

  const apiCallRules = resources.filter(([id, resource]) => resource.Type === 'AWS::Events::Rule' && id.startsWith('ApiCallRule')).map(([id]) => id);

  it('matches exactly the CloudTrail calls the event adapter maps, only successful ones, in patterns within the 2,048-character quota', () => {
    const matched: string[] = [];
    for (const rule of apiCallRules) {
      const pattern = props(rule)['EventPattern'] as { 'detail-type': string[]; detail: { errorCode: unknown; $or: { eventSource?: string[]; eventName: string[] }[] } };
      expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
      expect(pattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
      expect(pattern.detail.errorCode).toEqual([{ exists: false }]);
      for (const branch of pattern.detail.$or) for (const source of branch.eventSource ?? ['*']) for (const name of branch.eventName) matched.push(`${source} ${name}`);
      expect(resources.some(([, resource]) => resource.Type === 'AWS::Lambda::Permission' && JSON.stringify(resource.Properties?.['SourceArn']) === JSON.stringify({ 'Fn::GetAtt': [rule, 'Arn'] }))).toBe(true);
    }
    expect(matched.sort()).toEqual(CLOUDTRAIL_CALLS.map((call) => `${call.eventSource} ${call.eventName}`).sort());
  });

  it('sends events that fail to a dead-letter queue, from EventBridge and from the function alike', () => {
    for (const rule of ['ConfigChangeRule', ...apiCallRules]) {
      expect(props(rule)['Targets']).toEqual([
        expect.objectContaining({ Arn: { 'Fn::GetAtt': ['ResourceChangeLambdaFunction', 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } }),
      ]);
    }
    expect(props('ResourceChangeAsyncConfig')['DestinationConfig']).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } });
  });
});
