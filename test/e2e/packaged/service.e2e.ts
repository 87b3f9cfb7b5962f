/**
 * The service as deployed: `serverless package` once, the four function zips unpacked and run under
 * Node 22 (Lambda's nodejs22.x) with the environment the packaged template gives them, against a
 * moto account seeded with known failures.
 *
 * - The nightly run: the template's own state machine definition, executed by
 *   aws-local-stepfunctions, its Tasks invoking the bundles — plan → Map over the targets →
 *   scan-target → summarize; then the findings in Security Hub, their states in DynamoDB and the
 *   digest delivered by SNS (read through a subscribed SQS queue). A member account without the
 *   scan role fails its target, which the Map retries once, catches and the digest names.
 * - Changes: real-shaped Config and CloudTrail events (the recorded fixtures, with this account's
 *   ids) after each mutation in the emulator, each checked against the deployed EventBridge rules
 *   and handed to the resource-change bundle: exactly the findings of what changed move.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AttachVolumeCommand, CreateRouteCommand, CreateTagsCommand, EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { startMoto, type MotoServer } from '../support/moto-server.js';
import { ACCOUNT, HOME, MEMBER_WITHOUT_ROLE, REGION, seedAccount, type SeededAccount } from './support/account.js';
import { matchesPattern, stateMachineDefinition } from './support/cloudformation.js';
import { eventFrom } from './support/events.js';
import { describeInvocation, LambdaEmulator, type Invocation } from './support/lambda.js';
import { drainQueue, findingOf, findingsIn, labelOf, moved, movedStates, refreshed, snapshot, tableItems, type SnsEnvelope, type Snapshot } from './support/observe.js';
import { packageService, runtimeNode, type PackagedService } from './support/packaged.js';
import { clientOptions, deployStack, resourcesOfType, type EmulatedStack, type Emulator } from './support/stack.js';
import { runStateMachine, type Execution } from './support/state-machine.js';

/** Packaged with `--param="settingsParameter=…"`: the functions read the settings from SSM. */
const SETTINGS_PARAMETER = '/gatewatch/e2e-settings';

let moto: MotoServer;
let service: PackagedService;
let stack: EmulatedStack;
let lambda: LambdaEmulator;
let account: SeededAccount;
let node22: { readonly path: string; readonly version: string };
let emulator: Emulator;

const topicArn = () => String(stack.refs[resourcesOfType(service.template, 'AWS::SNS::Topic')[0]?.[0] ?? '']);
const tableName = () => String(stack.refs[resourcesOfType(service.template, 'AWS::DynamoDB::Table')[0]?.[0] ?? '']);
const table = () => ({ region: service.region, name: tableName() });

beforeAll(async () => {
  // Packaging (~15 s) and moto's start overlap; whichever succeeded is cleaned up by afterAll.
  const [packaged, server] = await Promise.allSettled([packageService({ params: { settingsParameter: SETTINGS_PARAMETER } }), startMoto()]);
  if (packaged.status === 'fulfilled') service = packaged.value;
  if (server.status === 'fulfilled') moto = server.value;
  if (packaged.status === 'rejected') throw packaged.reason;
  if (server.status === 'rejected') throw server.reason;
  const env = moto.env(service.region);
  emulator = { endpoint: moto.endpoint, credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID'] ?? '', secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] ?? '' } };
  // The Node of the functions' runtime (the first test checks they all run nodejs22.x).
  node22 = runtimeNode([...service.functions.values()][0]?.runtime ?? 'none');
  stack = await deployStack(service, emulator, ACCOUNT);
  // The function roles' credentials as Lambda passes them, and the emulator's endpoint.
  const aws = Object.fromEntries(['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].map((name) => [name, env[name] ?? '']));
  // Each invocation takes seconds here; one still running after a minute is stopped and reported with its logs.
  lambda = new LambdaEmulator({ service, names: stack, aws, deadlineMs: 60_000 });
  account = await seedAccount(emulator, { settingsParameter: SETTINGS_PARAMETER, topicArn: topicArn() });
});

afterAll(async () => {
  lambda?.stop();
  await moto?.stop();
  service?.remove();
});

/** Runs the packaged state machine; the invocations it made are returned with it. */
async function nightlyRun(input: unknown): Promise<{ execution: Execution; invocations: Invocation[] }> {
  const [machine] = resourcesOfType(service.template, 'AWS::StepFunctions::StateMachine');
  if (machine === undefined) throw new Error('the template has no state machine');
  const from = lambda.invocations.length;
  const execution = await runStateMachine({ definition: stateMachineDefinition(service.template, machine[0], stack), input, lambda, node: node22.path });
  const invocations = lambda.invocations.slice(from);
  if (execution.status !== 'SUCCEEDED') {
    throw new Error(`the nightly run failed: ${execution.error}: ${execution.cause}\n${invocations.filter((invocation) => !invocation.ok).map(describeInvocation).join('\n')}`);
  }
  return { execution, invocations };
}

const parsed = (envelope: SnsEnvelope) => JSON.parse(envelope.Message) as { version: string; source: string; content: { title: string; description: string }; metadata?: { eventType?: string } };

describe('the packaged functions', () => {
  it('are four nodejs22.x functions, run here by Node 22', () => {
    expect([...service.functions.keys()].sort()).toEqual(['planTargets', 'resourceChange', 'scanTarget', 'summarize']);
    for (const fn of service.functions.values()) expect([fn.key, fn.runtime]).toEqual([fn.key, 'nodejs22.x']);
    expect(node22.version).toMatch(/^v22\./);
  });

  it('get every environment variable they read from the template, resolved to the stack', () => {
    for (const fn of service.functions.values()) {
      const env = lambda.environmentOf(fn);
      expect([fn.key, env['STATE_TABLE']]).toEqual([fn.key, tableName()]);
      expect([fn.key, env['ALERT_TOPIC_ARN']]).toEqual([fn.key, topicArn()]);
      expect([fn.key, env['SETTINGS_PARAMETER']]).toEqual([fn.key, SETTINGS_PARAMETER]);
    }
  });
});

describe('the nightly run (the packaged state machine)', () => {
  let first: { execution: Execution; invocations: Invocation[] };
  let hubs: Record<string, AwsSecurityFinding[]>;

  it('plans this account × the settings’ two Regions, scans both targets on Node 22 and summarizes', async () => {
    const [, schedule] = resourcesOfType(service.template, 'AWS::Events::Rule').find(([, rule]) => rule.Properties?.['ScheduleExpression'] !== undefined) ?? [];
    const input = JSON.parse(String((schedule?.Properties?.['Targets'] as { Input: string }[])[0]?.Input)) as unknown;
    first = await nightlyRun(input);
    const { execution, invocations } = first;
    for (const invocation of invocations) expect([describeInvocation(invocation), invocation.ok, invocation.node]).toEqual([describeInvocation(invocation), true, node22.version]);
    expect(invocations.map((invocation) => invocation.function).sort()).toEqual(['planTargets', 'scanTarget', 'scanTarget', 'summarize']);
    const plan = invocations.find((invocation) => invocation.function === 'planTargets');
    const { runId, targets } = (plan?.ok === true ? plan.result : {}) as { runId: string; targets: unknown[] };
    expect(targets).toEqual([
      { accountId: ACCOUNT, region: REGION, includeGlobal: false },
      { accountId: ACCOUNT, region: HOME, includeGlobal: true },
    ]);
    expect(execution.status === 'SUCCEEDED' && execution.output).toEqual({ runId, targets: 2, failedTargets: 0, failing: expect.any(Number), messageId: expect.any(String) });
  });

  it('leaves the known failures in Security Hub — each in its Region’s hub, global ones in the home Region — and the exempted one suppressed', async () => {
    hubs = { [REGION]: await findingsIn(emulator, REGION), [HOME]: await findingsIn(emulator, HOME) };
    const eu = hubs[REGION] ?? [];
    const us = hubs[HOME] ?? [];
    const status = (findings: AwsSecurityFinding[], rule: string, resource: string) => {
      const finding = findingOf(findings, rule, resource);
      return [rule, resource, finding?.Compliance?.Status, finding?.RecordState, finding?.Workflow?.Status ?? 'NEW'];
    };
    const expected = (rule: string, resource: string, compliance: string, workflow = 'NEW') => [rule, resource, compliance, 'ACTIVE', workflow];
    expect(status(eu, 'rds-instance-not-publicly-accessible', account.db.arn)).toEqual(expected('rds-instance-not-publicly-accessible', account.db.arn, 'FAILED'));
    expect(status(eu, 'rds-instance-storage-encrypted', account.db.arn)).toEqual(expected('rds-instance-storage-encrypted', account.db.arn, 'FAILED'));
    expect(status(eu, 's3-bucket-requires-tls', `arn:aws:s3:::${account.ordersBucket}`)).toEqual(expected('s3-bucket-requires-tls', `arn:aws:s3:::${account.ordersBucket}`, 'FAILED'));
    expect(status(eu, 's3-bucket-requires-tls', `arn:aws:s3:::${account.archiveBucket}`)).toEqual(expected('s3-bucket-requires-tls', `arn:aws:s3:::${account.archiveBucket}`, 'FAILED', 'SUPPRESSED'));
    expect(findingOf(eu, 's3-bucket-requires-tls', `arn:aws:s3:::${account.archiveBucket}`)?.Note?.Text).toContain('E2E-1');
    expect(status(eu, 'resource-required-tags', account.app.arn)).toEqual(expected('resource-required-tags', account.app.arn, 'FAILED'));
    // A resource that passes and never failed is not imported (PASSED is sent once, on a fix).
    expect(findingOf(eu, 'resource-required-tags', account.batch.arn)).toBeUndefined();
    expect(findingOf(eu, 'ec2-instance-in-private-subnet', account.app.arn)).toBeUndefined();
    expect(findingOf(eu, 'rds-instance-in-private-subnets', account.db.arn)).toBeUndefined();
    expect(status(us, 'iam-policy-no-full-admin', account.adminPolicyArn)).toEqual(expected('iam-policy-no-full-admin', account.adminPolicyArn, 'FAILED'));
    expect(status(us, 's3-bucket-requires-tls', `arn:aws:s3:::${account.usBucket}`)).toEqual(expected('s3-bucket-requires-tls', `arn:aws:s3:::${account.usBucket}`, 'FAILED'));
    // Global resources are judged once, in the home Region's target, and each hub holds only its Region's findings.
    expect(eu.filter((finding) => finding.Resources?.some((resource) => resource.Type?.startsWith('AwsIam') === true))).toEqual([]);
    for (const [region, findings] of Object.entries(hubs)) expect(new Set(findings.map((finding) => `${finding.AwsAccountId}/${finding.Region}`))).toEqual(new Set([`${ACCOUNT}/${region}`]));
  });

  it('keeps every finding’s state in the packaged DynamoDB table, and each target’s digest under the run', async () => {
    const items = await tableItems(emulator, service.region, tableName());
    const states = new Map(items.filter((item) => !String(item['scope']).startsWith('run#')).map((item) => [String(item['id']), item]));
    // Global resources (IAM) keep their states under the account's `global` scope; their findings live in the home Region's hub.
    // A global resource's finding Id names the `global` scope (gatewatch/RULE/ACCOUNT/global/…): IAM, CloudFront, the root user.
    const isGlobal = (finding: AwsSecurityFinding) => (finding.Id ?? '').includes(`/${ACCOUNT}/global/`);
    for (const [region, findings] of Object.entries(hubs)) {
      for (const finding of findings) {
        const state = states.get(finding.Id ?? '');
        const scope = `${ACCOUNT}/${isGlobal(finding) ? 'global' : region}`;
        expect([finding.Id, state?.['scope'], state?.['compliance'], state?.['recordState'], state?.['hubRegion']]).toEqual([finding.Id, scope, finding.Compliance?.Status, finding.RecordState, region]);
      }
    }
    expect(states.size).toBe(Object.values(hubs).flat().length);
    const output = first.execution.status === 'SUCCEEDED' ? (first.execution.output as { runId: string }) : { runId: '' };
    expect(items.filter((item) => item['scope'] === `run#${output.runId}`).map((item) => item['id']).sort()).toEqual([`${ACCOUNT}/${REGION}`, `${ACCOUNT}/${HOME}`]);
  });

  it('delivers the run digest and the alerts on the SNS topic', async () => {
    const envelopes = await drainQueue(emulator, HOME, account.readerQueueUrl);
    const output = first.execution.status === 'SUCCEEDED' ? (first.execution.output as { messageId: string }) : { messageId: '' };
    for (const envelope of envelopes) expect([envelope.Type, envelope.TopicArn]).toEqual(['Notification', topicArn()]);
    const digest = envelopes.find((envelope) => envelope.MessageId === output.messageId);
    expect(digest).toBeDefined();
    const message = parsed(digest as SnsEnvelope);
    expect(message).toMatchObject({ version: '1.0', source: 'custom', metadata: { eventType: 'RunDigest' } });
    expect(message.content.title).toMatch(/^gatewatch nightly: \d+ failing/);
    expect(message.content.description).toContain('Scanned 2 targets in 1 account and 2 Regions');
    expect(digest?.MessageAttributes?.['severity']?.Value).toBe('CRITICAL');
    // The new CRITICAL and HIGH failures were alerted, one message per account × Region (global resources apart).
    const alerts = envelopes.filter((envelope) => parsed(envelope).metadata?.eventType === 'NewFailures');
    const threads = alerts.map((alert) => (parsed(alert).metadata as { threadId?: string }).threadId);
    expect(new Set(threads).size).toBe(alerts.length);
    const alertOf = (scope: string) => alerts.find((alert) => (parsed(alert).metadata as { threadId?: string }).threadId === `gatewatch-${ACCOUNT}-${scope}`);
    expect(parsed(alertOf(REGION) as SnsEnvelope).content.description).toContain('orders-db');
    expect(alertOf(REGION)?.MessageAttributes?.['severity']?.Value).toBe('CRITICAL');
    expect(parsed(alertOf('global') as SnsEnvelope).content.description).toContain('gw-e2e-full-admin');
  });

  it('catches a target whose scan role cannot be assumed: retried once, then named in the digest; the others are scanned', async () => {
    const before = await snapshot(emulator, [REGION, HOME], table());
    const { execution, invocations } = await nightlyRun({ accounts: [ACCOUNT, MEMBER_WITHOUT_ROLE], regions: [REGION] });
    const member = invocations.filter((invocation) => invocation.function === 'scanTarget' && (invocation.event as { accountId: string }).accountId === MEMBER_WITHOUT_ROLE);
    // The first attempt and the retry of the States.TaskFailed retrier, both refused by STS.
    expect(member.map((invocation) => invocation.ok)).toEqual([false, false]);
    for (const invocation of member) expect(describeInvocation(invocation)).toContain(`arn:aws:iam::${MEMBER_WITHOUT_ROLE}:role/gatewatch-scan`);
    const retried = execution.events.filter((event) => event.type === 'StateRetried' && event.state?.name === 'ScanTarget');
    expect(retried.map((event) => event.retry?.retrier.ErrorEquals)).toEqual([['States.TaskFailed']]);
    expect(execution.events.filter((event) => event.type === 'StateCaught').map((event) => event.catch?.catcher.Next)).toEqual(['TargetFailed']);
    const output = execution.status === 'SUCCEEDED' ? (execution.output as { targets: number; failedTargets: number; messageId: string }) : undefined;
    expect(output).toMatchObject({ targets: 2, failedTargets: 1 });
    const own = invocations.find((invocation) => invocation.function === 'scanTarget' && invocation.ok);
    expect(own?.ok === true && own.result).toMatchObject({ target: `${ACCOUNT}/${REGION}`, ok: true, newFailures: 0 });
    const digest = (await drainQueue(emulator, HOME, account.readerQueueUrl)).find((envelope) => envelope.MessageId === output?.messageId);
    const errorType = member[0]?.ok === false ? member[0].error.errorType : '?';
    expect(parsed(digest as SnsEnvelope).content.description).toContain(`${MEMBER_WITHOUT_ROLE}/${REGION}: not scanned — ${errorType}`);
    // Scanning the same account again moved no finding.
    const after = await snapshot(emulator, [REGION, HOME], table());
    expect(moved(before, after)).toEqual({});
    expect(movedStates(before, after)).toEqual({});
  });
});

describe('resource-change (the packaged bundle) after a change in the account', () => {
  /** The deployed EventBridge rules that would deliver `event` (to resource-change: checked below). */
  const deliveringRules = (event: Record<string, unknown>) =>
    resourcesOfType(service.template, 'AWS::Events::Rule').filter(([, rule]) => rule.Properties?.['EventPattern'] !== undefined && matchesPattern(rule.Properties['EventPattern'] as Record<string, unknown>, event));

  const idOf = (findings: readonly AwsSecurityFinding[], rule: string, resource: string): string => {
    const id = findingOf(findings, rule, resource)?.Id;
    if (id === undefined) throw new Error(`no ${rule} finding for ${resource}`);
    return id;
  };

  async function change(event: Record<string, unknown>): Promise<{ before: Snapshot; after: Snapshot; outcome: Record<string, unknown>; findings: AwsSecurityFinding[] }> {
    const before = await snapshot(emulator, [REGION, HOME], table());
    const rules = deliveringRules(event);
    expect(rules).toHaveLength(1);
    const target = (rules[0]?.[1].Properties?.['Targets'] as { Arn: unknown }[] | undefined)?.[0]?.Arn;
    expect(target).toEqual({ 'Fn::GetAtt': [lambda.function('resourceChange').logicalId, 'Arn'] });
    const invocation = await lambda.invoke('resourceChange', event);
    expect([describeInvocation(invocation), invocation.ok, invocation.node]).toEqual([describeInvocation(invocation), true, node22.version]);
    const after = await snapshot(emulator, [REGION, HOME], table());
    const findings = [...(await findingsIn(emulator, REGION)), ...(await findingsIn(emulator, HOME))];
    return { before, after, outcome: (invocation.ok ? invocation.result : {}) as Record<string, unknown>, findings };
  }

  /** Moves in Security Hub equal `expected`, the table moved the same findings alike, and only `touched` resources' findings were re-sent. */
  function expectMoves(result: { before: Snapshot; after: Snapshot; findings: AwsSecurityFinding[] }, expected: Record<string, string>, touched: readonly string[]) {
    expect(moved(result.before, result.after)).toEqual(expected);
    const stateLabel = (label: string) => label.replace(/\/(NEW|SUPPRESSED|NOTIFIED|RESOLVED)\b/g, '');
    expect(movedStates(result.before, result.after)).toEqual(Object.fromEntries(Object.entries(expected).map(([id, label]) => [id, stateLabel(label)])));
    const resourceOf = new Map(result.findings.map((finding) => [finding.Id ?? '', finding.Resources?.[0]?.Id ?? '']));
    expect(refreshed(result.before, result.after).filter((id) => !touched.includes(resourceOf.get(id) ?? ''))).toEqual([]);
  }

  it('a Config item change (a volume attached): the volume is judged from the item, and only its encryption finding appears', async () => {
    await new EC2Client(clientOptions(emulator, REGION)).send(new AttachVolumeCommand({ VolumeId: account.volume.id, InstanceId: account.app.id, Device: '/dev/sdf' }));
    const event = eventFrom('config-item-change.json', { 'vol-0123456789abcdef0': account.volume.id, 'i-0abc1234def567890': account.app.id, 'eu-west-1a': account.volume.az }, ACCOUNT);
    const result = await change(event);
    expect(result.outcome).toMatchObject({ status: 'done', kind: 'evaluate' });
    expectMoves(result, { [idOf(result.findings, 'ebs-volume-encrypted', account.volume.arn)]: 'none → FAILED/ACTIVE' }, [account.volume.arn]);
  });

  it('an oversized Config item change (an instance tagged): the instance is re-read, and its tagging finding passes', async () => {
    await new EC2Client(clientOptions(emulator, REGION)).send(new CreateTagsCommand({ Resources: [account.app.id], Tags: [{ Key: 'Team', Value: 'payments' }] }));
    const event = eventFrom('config-oversized.json', { 'i-0abc1234def567890': account.app.id, 'eu-west-1a': account.app.az }, ACCOUNT);
    const result = await change(event);
    expect(result.outcome).toMatchObject({ status: 'done', kind: 'reread' });
    expectMoves(result, { [idOf(result.findings, 'resource-required-tags', account.app.arn)]: 'FAILED/ACTIVE → PASSED/ACTIVE' }, [account.app.arn]);
  });

  it('CloudTrail PutBucketPolicy (TLS now required): the bucket is re-read, and its TLS finding passes', async () => {
    const bucketArn = `arn:aws:s3:::${account.ordersBucket}`;
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    };
    await new S3Client({ ...clientOptions(emulator, REGION), forcePathStyle: true }).send(new PutBucketPolicyCommand({ Bucket: account.ordersBucket, Policy: JSON.stringify(policy) }));
    const event = eventFrom('cloudtrail-s3-put-bucket-policy.json', { 'payments-invoices-111122223333': account.ordersBucket }, ACCOUNT);
    const result = await change(event);
    expect(result.outcome).toMatchObject({ status: 'done', kind: 'reread' });
    expectMoves(result, { [idOf(result.findings, 's3-bucket-requires-tls', bucketArn)]: 'FAILED/ACTIVE → PASSED/ACTIVE' }, [bucketArn]);
  });

  it('CloudTrail ModifyDBInstance (public access off): the instance is re-read, and its public-access finding passes', async () => {
    await new RDSClient(clientOptions(emulator, REGION)).send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: account.db.id, PubliclyAccessible: false, ApplyImmediately: true }));
    const event = eventFrom('cloudtrail-rds-modify-db-instance.json', {}, ACCOUNT);
    const detail = event['detail'] as { requestParameters: Record<string, unknown>; responseElements: Record<string, unknown> };
    detail.requestParameters['publiclyAccessible'] = false;
    Object.assign(detail.responseElements, { publiclyAccessible: false, storageEncrypted: false, multiAZ: false, dBInstanceArn: account.db.arn, deletionProtection: false });
    const result = await change(event);
    expect(result.outcome).toMatchObject({ status: 'done', kind: 'reread' });
    expectMoves(result, { [idOf(result.findings, 'rds-instance-not-publicly-accessible', account.db.arn)]: 'FAILED/ACTIVE → PASSED/ACTIVE' }, [account.db.arn]);
  });

  it('CloudTrail CreateRoute (the private subnets now route to the internet gateway): the network gate is re-scanned, and what sits in those subnets fails', async () => {
    await new EC2Client(clientOptions(emulator, REGION)).send(new CreateRouteCommand({ RouteTableId: account.routeTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: account.internetGatewayId }));
    const event = eventFrom('cloudtrail-ec2-create-route.json', { 'rtb-0aa11bb22cc33dd44': account.routeTableId, 'igw-0123456789abcdef0': account.internetGatewayId }, ACCOUNT);
    const result = await change(event);
    expect(result.outcome).toMatchObject({ status: 'done', kind: 'rescan' });
    const changes = moved(result.before, result.after);
    // What now sits in a public subnet fails (it passed before, so had no finding); nothing else moved.
    expect(changes).toEqual({
      [idOf(result.findings, 'rds-instance-in-private-subnets', account.db.arn)]: 'none → FAILED/ACTIVE',
      [idOf(result.findings, 'ec2-instance-in-private-subnet', account.app.arn)]: 'none → FAILED/ACTIVE',
      [idOf(result.findings, 'ec2-instance-in-private-subnet', account.batch.arn)]: 'none → FAILED/ACTIVE',
    });
    expect(movedStates(result.before, result.after)).toEqual(changes);
    // The re-scan re-sent only findings of the private-network gate.
    const gateOf = new Map(result.findings.map((finding) => [finding.Id ?? '', finding.ProductFields?.['gatewatch/Gate']]));
    expect(refreshed(result.before, result.after).filter((id) => gateOf.get(id) !== 'private-network')).toEqual([]);
  });

  it('a Config deletion (an instance terminated): its findings are archived, nothing else moves', async () => {
    await new EC2Client(clientOptions(emulator, REGION)).send(new TerminateInstancesCommand({ InstanceIds: [account.batch.id] }));
    const event = eventFrom('config-deleted.json', { 'i-0abc1234def567890': account.batch.id }, ACCOUNT);
    const ofBatch = (await findingsIn(emulator, REGION)).filter((finding) => finding.Resources?.[0]?.Id === account.batch.arn);
    expect(ofBatch.length).toBeGreaterThan(0);
    const result = await change(event);
    expect(result.outcome).toMatchObject({ status: 'done', kind: 'deleted' });
    const archived = Object.fromEntries(
      ofBatch.map((finding) => {
        const label = labelOf(result.before.hub.get(finding.Id ?? ''));
        return [finding.Id ?? '', `${label} → ${label.replace('/ACTIVE', '/ARCHIVED')}`];
      }),
    );
    expectMoves(result, archived, [account.batch.arn]);
  });
});
