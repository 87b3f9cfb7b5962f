/**
 * gatewatch scans itself: the packaged stack's roles, topic, queue, table and functions, turned
 * into the configuration items AWS Config would record once deployed, are judged by the real rule
 * catalog with the deployed settings. Nothing may fail, and nothing may be left unknown.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { scan } from '../../engine/scan.js';
import { loadSettings } from '../../engine/settings.js';
import { SnapshotSource } from '../../inventory/snapshot/snapshot-source.js';
import { catalog } from '../../rules/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const PSEUDO: Readonly<Record<string, string>> = { 'AWS::Partition': 'aws', 'AWS::AccountId': ACCOUNT, 'AWS::Region': REGION, 'AWS::StackName': 'gatewatch-prod' };

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}
const template = JSON.parse(readFileSync(join(root, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8')) as { Resources: Record<string, Resource> };
const state = JSON.parse(readFileSync(join(root, '.serverless', 'serverless-state.json'), 'utf8')) as { service: { provider: { stackTags?: Record<string, string> } } };
const stackTags = state.service.provider.stackTags ?? {};

/** Physical names and ARNs as CloudFormation would give them. */
function physical(id: string, attribute?: string): string {
  const resource = template.Resources[id];
  if (resource === undefined) throw new Error(`no resource ${id}`);
  const props = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${REGION}:${ACCOUNT}:${String(props['TopicName'])}`;
    case 'AWS::SQS::Queue':
      return attribute === 'Arn' ? `arn:aws:sqs:${REGION}:${ACCOUNT}:${String(props['QueueName'])}` : `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${String(props['QueueName'])}`;
    case 'AWS::DynamoDB::Table':
      return attribute === 'Arn' ? `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${String(props['TableName'])}` : String(props['TableName']);
    case 'AWS::KMS::Key':
      return attribute === 'Arn' ? `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-${id.length.toString().padStart(12, '0')}` : '00000000-0000-4000-8000-000000000000';
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${String(props['FunctionName'])}`;
    case 'AWS::IAM::Role':
      return attribute === 'Arn' ? `arn:aws:iam::${ACCOUNT}:role/${roleName(id)}` : roleName(id);
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${String(props['StateMachineName'])}`;
    case 'AWS::Events::Rule':
      return `arn:aws:events:${REGION}:${ACCOUNT}:rule/gatewatch-prod-${id}`;
    default:
      return `arn:aws:cloudformation:${REGION}:${ACCOUNT}:resource/${id}`;
  }
}
const roleName = (id: string) => `gatewatch-prod-${id}`.slice(0, 64);

/** Resolves the intrinsic functions this template uses. */
function resolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolve);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [key, argument] = entries[0] ?? [];
  if (entries.length === 1 && key === 'Ref') return PSEUDO[String(argument)] ?? physical(String(argument));
  if (entries.length === 1 && key === 'Fn::GetAtt') {
    const [id, attribute] = argument as [string, string];
    return physical(id, attribute);
  }
  if (entries.length === 1 && key === 'Fn::Sub') {
    const text = typeof argument === 'string' ? argument : String((argument as [string])[0]);
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => PSEUDO[name] ?? (name.includes('.') ? physical(name.split('.')[0] ?? '', name.split('.')[1]) : physical(name)));
  }
  if (entries.length === 1 && key === 'Fn::Join') {
    const [separator, parts] = argument as [string, unknown[]];
    return parts.map((part) => String(resolve(part))).join(separator);
  }
  return Object.fromEntries(entries.map(([name, inner]) => [name, resolve(inner)]));
}

function tagsOf(resource: Resource): Record<string, string> {
  const own = resource.Properties?.['Tags'];
  const explicit = Array.isArray(own) ? Object.fromEntries((own as { Key: string; Value: string }[]).map((tag) => [tag.Key, tag.Value])) : ((own as Record<string, string> | undefined) ?? {});
  return { ...stackTags, ...explicit };
}

/** The configuration items AWS Config would record for the stack's resources of types gatewatch judges. */
function stackItems(): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (const [id, raw] of Object.entries(template.Resources)) {
    const resource = { ...raw, Properties: resolve(raw.Properties ?? {}) as Record<string, unknown> };
    const props = resource.Properties;
    const base = { awsAccountId: ACCOUNT, awsRegion: REGION, tags: tagsOf(raw), relationships: [], supplementaryConfiguration: {}, configurationItemStatus: 'OK' };
    switch (resource.Type) {
      case 'AWS::IAM::Role': {
        const policies = (props['Policies'] ?? []) as { PolicyName: string; PolicyDocument: unknown }[];
        items.push({
          ...base,
          awsRegion: 'global',
          resourceType: 'AWS::IAM::Role',
          resourceId: `AROA${id.toUpperCase()}`.slice(0, 21),
          resourceName: roleName(id),
          ARN: physical(id, 'Arn'),
          configuration: {
            roleName: roleName(id),
            arn: physical(id, 'Arn'),
            path: '/',
            assumeRolePolicyDocument: encodeURIComponent(JSON.stringify(props['AssumeRolePolicyDocument'])),
            rolePolicyList: policies.map((policy) => ({ policyName: policy.PolicyName, policyDocument: encodeURIComponent(JSON.stringify(policy.PolicyDocument)) })),
            attachedManagedPolicies: ((props['ManagedPolicyArns'] ?? []) as string[]).map((arn) => ({ policyArn: arn, policyName: arn.split('/').at(-1) })),
          },
        });
        break;
      }
      case 'AWS::SNS::Topic':
        items.push({ ...base, resourceType: 'AWS::SNS::Topic', resourceId: physical(id), ARN: physical(id), configuration: { TopicArn: physical(id), KmsMasterKeyId: props['KmsMasterKeyId'] } });
        break;
      case 'AWS::SQS::Queue':
        items.push({ ...base, resourceType: 'AWS::SQS::Queue', resourceId: physical(id), ARN: physical(id, 'Arn'), configuration: { QueueUrl: physical(id), KmsMasterKeyId: props['KmsMasterKeyId'] } });
        break;
      case 'AWS::DynamoDB::Table':
        items.push({
          ...base,
          resourceType: 'AWS::DynamoDB::Table',
          resourceId: physical(id),
          ARN: physical(id, 'Arn'),
          configuration: { tableName: physical(id), tableStatus: 'ACTIVE', ssedescription: { ssetype: 'KMS', status: 'ENABLED', kmsmasterKeyArn: physical('GatewatchKey', 'Arn') } },
        });
        break;
      case 'AWS::Lambda::Function':
        items.push({ ...base, resourceType: 'AWS::Lambda::Function', resourceId: String(props['FunctionName']), ARN: physical(id), configuration: { functionName: props['FunctionName'] } });
        break;
      default:
        break;
    }
  }
  return items;
}

describe('gatewatch scans its own stack', () => {
  it('finds nothing failing and nothing it cannot judge among its roles, topic, queue, table and functions', async () => {
    const items = stackItems();
    expect(items.map((item) => item['resourceType']).sort()).toEqual(
      expect.arrayContaining(['AWS::DynamoDB::Table', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::SNS::Topic', 'AWS::SQS::Queue']),
    );
    const dir = mkdtempSync(join(tmpdir(), 'gatewatch-self-'));
    const file = join(dir, 'stack.json');
    writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'self', configurationItems: items }));
    const settings = await loadSettings(join(root, 'deploy', 'settings.yaml'), catalog);
    const result = await scan({ regions: [REGION] }, new SnapshotSource(file), settings, catalog);
    // The account's own facts (its Region facts, root user, budgets and Cost Explorer facts) are not the stack's resources.
    const ACCOUNT_TYPES = new Set(['AWS::::Account', 'AWS::IAM::RootUser', 'AWS::Budgets::Account', 'AWS::CE::Account']);
    const stack = result.evaluations.filter((evaluation) => !ACCOUNT_TYPES.has(evaluation.resource.type));
    const judged = new Set(stack.filter((evaluation) => evaluation.status === 'PASS').map((evaluation) => evaluation.ruleId));
    // The rules that must have looked at the stack, and passed it.
    expect([...judged]).toEqual(
      expect.arrayContaining(['sns-topic-encrypted', 'sqs-queue-encrypted', 'dynamodb-table-encrypted-with-kms', 'iam-policy-resources-scoped', 'iam-role-trust-not-public', 'resource-required-tags']),
    );
    expect(stack.filter((evaluation) => evaluation.status === 'FAIL' || evaluation.status === 'UNKNOWN').map((evaluation) => `${evaluation.ruleId} ${evaluation.resource.name}: ${evaluation.message}`)).toEqual([]);

    // The key grants of every role — the functions' environment decryption, the nightly run's
    // encryption and log delivery, the schedule's — are judged by the KMS and scoping rules and pass.
    // (gatewatch has no rule on log groups, state machines or Lambda environment encryption: those
    // are held by test/package/service-template.check.ts.)
    const roles = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::IAM::Role').map(([id]) => roleName(id));
    expect(roles).toEqual(expect.arrayContaining(['gatewatch-prod-StateMachineRole', 'gatewatch-prod-ScheduleRole', 'gatewatch-prod-PlanTargetsRole']));
    for (const ruleId of ['iam-policy-no-kms-decrypt-all', 'iam-policy-resources-scoped', 'iam-policy-no-service-wildcard']) {
      const passed = stack.filter((evaluation) => evaluation.ruleId === ruleId && evaluation.resource.type === 'AWS::IAM::Role' && evaluation.status === 'PASS').map((evaluation) => evaluation.resource.name);
      expect([ruleId, passed.sort()]).toEqual([ruleId, [...roles].sort()]);
    }
  });
});
