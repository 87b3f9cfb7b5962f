/**
 * `npm run bench` section `events` (and `node --import tsx bench/events.ts` alone): what one change
 * event costs — the AWS calls the resource-change handler makes to read what the event touched,
 * and its time in process — in mocked accounts of about 1,000, 10,000 and 50,000 resources. A
 * re-read must cost the same whatever the size of the account: it reads the named resources and
 * the context related to them, never a Region.
 *
 * Each event goes through the real path: the event adapter (parseChangeEvent), then handleChange
 * with the live source over the mocked account (testkit/mock-account/, which pages and filters like
 * AWS), the scan, the narrowing, and publishing to mocked Security Hub and SNS with the memory
 * finding-state store (a fresh one per run, so every run publishes its findings as new). The calls
 * counted are the source's (what reading costs); publishing's are shown apart. Times are measured
 * around parseChangeEvent + handleChange, after one warm-up run.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, SecurityHubClient, type BatchImportFindingsCommandInput } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { CallCount } from '../aws/call-stats.js';
import { parseSettings } from '../engine/settings.js';
import { MemoryStateStore } from '../findings/memory-state-store.js';
import type { RunDigests } from '../findings/run-digests.js';
import { handleChange, type ChangeSources } from '../functions/lib/change.js';
import { liveSourceFor } from '../functions/lib/scan-one.js';
import type { AccountClients, Dependencies } from '../functions/lib/dependencies.js';
import { readEnvironment } from '../functions/lib/environment.js';
import { parseChangeEvent } from '../inventory/events/parse-event.js';
import { collectors } from '../inventory/live/collectors/index.js';
import { LiveSource } from '../inventory/live/live-source.js';
import type { Collection, CollectionError, CollectRequest, Source } from '../inventory/source.js';
import { RESOURCE_TYPES, type ResourceType } from '../model/configuration-item.js';
import { catalog } from '../rules/index.js';
import { ACCOUNT } from '../testkit/account.js';
import { CREDENTIALS } from '../testkit/live.js';
import { MockAccount } from '../testkit/mock-account/index.js';
import type { BenchFigure, BenchSection } from './section.js';

const REGION = 'eu-west-1';
const HOME = 'us-east-1';
/** The resource types a mocked account holds, each `perType` times. */
/** Types with `perType` resources: not the account item, the root user or the cost-control items (one per account × Region, one per account). */
const ONE_PER_ACCOUNT: ReadonlySet<string> = new Set(['AWS::::Account', 'AWS::IAM::RootUser', 'AWS::Budgets::Account', 'AWS::CE::Account']);
const TYPES = RESOURCE_TYPES.filter((type) => !ONE_PER_ACCOUNT.has(type)).length;

export interface EventsOptions {
  /** Account sizes, in resources (default 1,000, 10,000 and 50,000). */
  readonly sizes?: readonly number[];
  /** Timed runs per event and size (default 20). */
  readonly runs?: number;
}

/** Targets of issue 12: a Config change reads ≤ 3 times and takes ≤ 50 ms in process; a CloudTrail re-read reads ≤ 6 times. */
const CONFIG_CALLS = 3;
const CONFIG_MS = 50;
const CLOUDTRAIL_CALLS = 6;

interface BenchEvent {
  readonly name: string;
  readonly kind: 'config' | 'cloudtrail';
  /** The EventBridge event, built from the mocked account. */
  readonly event: unknown;
}

/** The clients of the mocked account, as the handler's dependencies give them. */
const clients: AccountClients = (type, region) => new type({ region, credentials: CREDENTIALS, maxAttempts: 1 });

function dependencies(store: MemoryStateStore): Dependencies {
  const settings = parseSettings({ regions: [REGION] }, catalog);
  const digests: RunDigests = { put: async () => undefined, all: async () => new Map() };
  return {
    environment: readEnvironment({ AWS_REGION: HOME, STATE_TABLE: 'gatewatch-bench', ALERT_TOPIC_ARN: `arn:aws:sns:${HOME}:${ACCOUNT}:gatewatch-bench` }),
    settings: async () => settings,
    ownAccount: async () => ACCOUNT,
    clientsFor: async () => clients,
    organizations: () => {
      throw new Error('the change path asks no organization');
    },
    sns: () => clients(SNSClient, HOME),
    stateStore: () => store,
    runDigests: () => digests,
    now: () => new Date('2026-11-23T12:00:00Z'),
  };
}

/** Records the calls of every collection of the live source it wraps. */
class CountingSource implements Source {
  readonly calls: CallCount[] = [];
  readonly errors: CollectionError[] = [];
  constructor(private readonly inner: Source) {}
  get description(): string {
    return this.inner.description;
  }
  async collect(request: CollectRequest): Promise<Collection> {
    const collection = await this.inner.collect(request);
    this.calls.push(...(collection.calls ?? []));
    this.errors.push(...collection.errors);
    return collection;
  }
}

/** Calls per operation, `service:Operation n`, summed. */
function byOperation(calls: readonly CallCount[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const count of calls) sums.set(`${count.service}:${count.operation}`, (sums.get(`${count.service}:${count.operation}`) ?? 0) + count.calls);
  return new Map([...sums].sort(([a], [b]) => a.localeCompare(b)));
}

/** An EventBridge envelope around a detail. */
function envelope(detailType: string, source: string, detail: Record<string, unknown>): Record<string, unknown> {
  return { version: '0', id: 'bench-event', 'detail-type': detailType, source, account: ACCOUNT, time: '2026-11-23T12:00:00Z', region: REGION, resources: [], detail };
}

function cloudTrail(eventSource: string, eventName: string, requestParameters: unknown, responseElements: unknown = null): unknown {
  return envelope('AWS API Call via CloudTrail', `aws.${eventSource.split('.')[0] ?? ''}`, {
    eventVersion: '1.09',
    eventTime: '2026-11-23T11:59:58Z',
    eventSource,
    eventName,
    awsRegion: REGION,
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements,
  });
}

/** A Config change notification carrying `item` (an item as the live source records it: AWS Config's shape). */
function configChange(item: Readonly<Record<string, unknown>>): unknown {
  return envelope('Config Configuration Item Change', 'aws.config', {
    recordVersion: '1.3',
    messageType: 'ConfigurationItemChangeNotification',
    notificationCreationTime: '2026-11-23T11:59:59.000Z',
    configurationItemDiff: { changedProperties: {}, changeType: 'UPDATE' },
    configurationItem: item,
  });
}

/** One resource of the account as AWS Config would send it: read through a targeted collection (outside the timing). */
async function configItem(type: ResourceType, resourceId: string): Promise<Readonly<Record<string, unknown>>> {
  const source = new LiveSource({ collectors, homeRegion: HOME, clientFactory: clients, identity: { accountId: ACCOUNT, partition: 'aws' } });
  const collection = await source.collect({ resourceTypes: new Set([type]), regions: [REGION], only: new Map([[type, { kind: 'named', resources: [{ resourceId }] }]]) });
  const raw = (collection.rawItems ?? []).find((candidate) => candidate['resourceType'] === type);
  if (raw === undefined || collection.errors.length > 0) throw new Error(`the mocked account has no readable ${type} ${resourceId}: ${JSON.stringify(collection.errors)}`);
  return raw;
}

/** The events of the section, on resources in the middle of the account's lists. */
async function eventsOf(account: MockAccount): Promise<BenchEvent[]> {
  const data = account.regions[0];
  if (data === undefined) throw new Error('the mocked account has no Region');
  const pick = <T>(list: readonly T[]): T => {
    const value = list[Math.floor(list.length / 2)];
    if (value === undefined) throw new Error('an empty list in the mocked account');
    return value;
  };
  const volume = pick(data.volumes).VolumeId ?? '';
  const instance = pick(data.instances);
  const instanceId = instance.InstanceId ?? '';
  const bucket = pick(data.buckets).name;
  const queueUrl = pick([...data.queues.keys()]);
  const eni = instance.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? '';
  return [
    { name: 'Config change of one EBS volume', kind: 'config', event: configChange(await configItem('AWS::EC2::Volume', volume)) },
    { name: 'Config change of one EC2 instance', kind: 'config', event: configChange(await configItem('AWS::EC2::Instance', instanceId)) },
    { name: 'Config change of one S3 bucket', kind: 'config', event: configChange(await configItem('AWS::S3::Bucket', bucket)) },
    {
      name: 'CloudTrail PutBucketPolicy on one bucket',
      kind: 'cloudtrail',
      event: cloudTrail('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: bucket, policy: '', bucketPolicy: { Version: '2012-10-17', Statement: [] } }),
    },
    {
      name: 'CloudTrail SetQueueAttributes on one queue',
      kind: 'cloudtrail',
      event: cloudTrail('sqs.amazonaws.com', 'SetQueueAttributes', { queueUrl: queueUrl, attributes: { SqsManagedSseEnabled: 'true' } }),
    },
    {
      name: 'CloudTrail RunInstances of one instance',
      kind: 'cloudtrail',
      event: cloudTrail(
        'ec2.amazonaws.com',
        'RunInstances',
        { instancesSet: { items: [{ imageId: instance.ImageId, minCount: 1, maxCount: 1 }] }, instanceType: 't3.micro' },
        { instancesSet: { items: [{ instanceId, subnetId: instance.SubnetId, vpcId: instance.VpcId, networkInterfaceSet: { items: [{ networkInterfaceId: eni }] } }] } },
      ),
    },
    {
      name: 'CloudTrail ModifyInstanceAttribute of one instance',
      kind: 'cloudtrail',
      event: cloudTrail('ec2.amazonaws.com', 'ModifyInstanceAttribute', { instanceId, disableApiTermination: { value: true } }),
    },
  ];
}

interface Measured {
  readonly calls: Map<string, number>;
  readonly total: number;
  readonly publishCalls: number;
  readonly evaluations: number;
  /** The findings published, by compliance status. */
  readonly findings: string;
  readonly times: readonly number[];
}

function quantile(sorted: readonly number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** Runs one event `runs` times (after a warm-up run), each on a fresh finding-state store. */
async function measure(event: BenchEvent, runs: number, hub: AwsClientStub<SecurityHubClient>): Promise<Measured> {
  const times: number[] = [];
  let first: { calls: Map<string, number>; total: number; publishCalls: number; evaluations: number; findings: string } | undefined;
  for (let run = 0; run <= runs; run += 1) {
    let counting: CountingSource | undefined;
    const sources: ChangeSources = {
      live: (account, deadline, identity) => {
        // The handler's own live source, its reads counted.
        counting = new CountingSource(liveSourceFor(account, HOME, deadline, identity));
        return counting;
      },
    };
    hub.resetHistory();
    const deps = dependencies(new MemoryStateStore());
    const started = performance.now();
    const outcome = await handleChange(parseChangeEvent(event.event), deps, sources);
    const elapsed = performance.now() - started;
    if (outcome.status !== 'done') throw new Error(`${event.name}: the handler answered ${JSON.stringify(outcome)}`);
    if (outcome.errors.length > 0) throw new Error(`${event.name}: ${outcome.errors.join('; ')}`);
    const calls = byOperation(counting?.calls ?? []);
    const total = [...calls.values()].reduce((sum, value) => sum + value, 0);
    // A read that failed or found nothing would cost fewer calls: the figures hold only if every
    // read succeeded and the event's resources were judged (a re-read resource not found has no evaluation).
    const statuses = hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => (call.args[0].input.Findings ?? []).map((finding) => finding.Compliance?.Status ?? 'none'));
    const errors = counting?.errors ?? [];
    if (errors.length > 0 || outcome.evaluations === 0 || statuses.some((status) => status !== 'PASSED' && status !== 'FAILED')) {
      throw new Error(`${event.name}: expected the event's resources read and judged, got ${outcome.evaluations} evaluations, findings ${statuses.join(', ') || 'none'}, errors ${JSON.stringify(errors)}`);
    }
    const findings = ['PASSED', 'FAILED'].map((status) => `${statuses.filter((candidate) => candidate === status).length} ${status}`).join(', ');
    if (first === undefined) first = { calls, total, publishCalls: hub.calls().length, evaluations: outcome.evaluations, findings };
    else if (total !== first.total) throw new Error(`${event.name}: ${total} calls in one run, ${first.total} in another`);
    // Run 0 warms up the code paths and the mocks' indexes; the others are timed.
    if (run > 0) times.push(elapsed);
  }
  if (first === undefined) throw new Error('no run');
  return { ...first, times };
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** The section: every event at every size. */
export async function eventsSection(options: EventsOptions = {}): Promise<BenchSection> {
  const sizes = options.sizes ?? [1_000, 10_000, 50_000];
  const runs = Math.max(1, options.runs ?? 20);
  const lines: string[] = [];
  const figures: BenchFigure[] = [];
  const hub = mockClient(SecurityHubClient);
  hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({ FailedCount: 0, SuccessCount: input.Findings?.length ?? 0, FailedFindings: [] }));
  hub.on(BatchUpdateFindingsCommand).callsFake((input: { FindingIdentifiers?: unknown[] }) => ({ ProcessedFindings: input.FindingIdentifiers ?? [], UnprocessedFindings: [] }));
  try {
    for (const size of sizes) {
      const perType = Math.max(1, Math.round(size / TYPES));
      const account = new MockAccount(perType, [REGION]);
      const restore = account.install();
      try {
        // Alerts go out on SNS, whose mock the account installed for its topics.
        account.stub(SNSClient).on(PublishCommand).resolves({ MessageId: 'bench' });
        lines.push(`${perType * TYPES} resources (${perType} of each of ${TYPES} types in ${REGION}); ${runs} timed runs per event`);
        for (const event of await eventsOf(account)) {
          const measured = await measure(event, runs, hub);
          const sorted = [...measured.times].sort((a, b) => a - b);
          const median = quantile(sorted, 0.5);
          const p95 = quantile(sorted, 0.95);
          const callTarget = event.kind === 'config' ? CONFIG_CALLS : CLOUDTRAIL_CALLS;
          const operations = [...measured.calls].map(([operation, count]) => `${operation} ${count}`).join(', ') || 'none';
          lines.push(
            `  ${event.name}: ${measured.total} calls (${operations}); median ${ms(median)}, p95 ${ms(p95)}; ${measured.evaluations} evaluations, findings ${measured.findings} (${measured.publishCalls} Security Hub call)`,
          );
          const label = `${event.name}, ${perType * TYPES} resources`;
          figures.push({ name: `${label}: AWS calls to read`, value: String(measured.total), target: `≤ ${callTarget}`, pass: measured.total <= callTarget });
          figures.push(
            event.kind === 'config'
              ? { name: `${label}: in process, median of ${runs}`, value: ms(median), target: `≤ ${CONFIG_MS} ms`, pass: median <= CONFIG_MS }
              : { name: `${label}: in process, median of ${runs}`, value: ms(median) },
          );
          figures.push({ name: `${label}: in process, p95 of ${runs}`, value: ms(p95) });
        }
      } finally {
        restore();
      }
    }
  } finally {
    hub.restore();
  }
  return { name: 'events', title: 'Change events: calls and time per event, by account size', lines, figures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await eventsSection();
  process.stdout.write(`${section.title}\n\n${section.lines.join('\n')}\n\n`);
  for (const figure of section.figures) {
    const verdict = figure.pass === undefined ? '' : figure.pass ? '  PASS' : '  FAIL';
    process.stdout.write(`${figure.name}: ${figure.value}${figure.target === undefined ? '' : ` (target ${figure.target})`}${verdict}\n`);
  }
  if (section.figures.some((figure) => figure.pass === false)) process.exitCode = 1;
}
