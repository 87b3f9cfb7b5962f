/**
 * `npm run bench -- --only state`: what a run reads and writes of the finding state, against the
 * real DynamoDbStateStore over an in-memory table that answers and counts like DynamoDB
 * (testkit/fake-dynamodb.ts), at 1k, 10k and 50k resources in one account × Region:
 *
 * - a change event of one resource: state items read and DynamoDB requests (target: independent
 *   of the account's size), beside what a whole-scope read — the old way — would read;
 * - a gate re-scan: the items of that gate's rules only;
 * - the nightly run: writes of a first run, of a second run over the unchanged account (target:
 *   none), and of the run `refreshDays` later (the refreshes).
 *
 * Run alone: `node --import tsx bench/state.ts [--sizes 1000,10000]`.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { countEvaluations } from '../engine/scan.js';
import type { Completeness, Evaluation, ScanResult } from '../engine/result.js';
import { resourceKey } from '../findings/asff.js';
import { DynamoDbStateStore } from '../findings/dynamodb-state-store.js';
import { publishFindings, type PriorSelection, type PublishReport } from '../findings/publish.js';
import type { DeliveryResult, SecurityHubPublisher } from '../findings/security-hub.js';
import type { Gate } from '../model/gates.js';
import { catalog } from '../rules/index.js';
import type { AnyRule } from '../rules/lib/types.js';
import { FakeStateTable, type TableUsage } from '../testkit/fake-dynamodb.js';
import type { BenchFigure, BenchSection } from './section.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TYPES = ['AWS::EC2::Volume', 'AWS::EC2::Instance', 'AWS::SQS::Queue', 'AWS::RDS::DBInstance', 'AWS::Lambda::Function'] as const;

/** Security Hub that takes everything and counts the findings it was sent. */
class CountingHub {
  imported = 0;
  async deliver(_region: string, findings: readonly AwsSecurityFinding[], updates: readonly { id: string }[]): Promise<DeliveryResult> {
    this.imported += findings.length;
    return { imported: findings.flatMap((finding) => (finding.Id === undefined ? [] : [finding.Id])), failed: [], updated: updates.map((update) => update.id), updateFailed: [], requests: { BatchImportFindings: Math.ceil(findings.length / 100), BatchUpdateFindings: 0 } };
  }
}

const rulesOf = (type: string): AnyRule[] => catalog.filter((rule) => (rule.meta.resourceTypes as readonly string[]).includes(type));

/** The evaluations of `size` resources of five types, every rule of each type; about 4 in 10 fail. */
function account(size: number): ScanResult {
  const evaluations: Evaluation[] = [];
  for (let index = 0; index < size; index += 1) {
    const type = TYPES[index % TYPES.length] ?? TYPES[0];
    const id = `${type.split('::')[2]?.toLowerCase()}-${index}`;
    const resource = { type, id, arn: `arn:aws:bench:${REGION}:${ACCOUNT}:${id}`, name: id, accountId: ACCOUNT, region: REGION, tags: {} };
    rulesOf(type).forEach((rule, ruleIndex) => {
      const fail = (index * 7 + ruleIndex * 3) % 10 < 4;
      evaluations.push({ ruleId: rule.meta.id, gate: rule.meta.gate, severity: rule.meta.severity, status: fail ? 'FAIL' : 'PASS', messageId: 'm', message: `${id} ${fail ? 'fails' : 'passes'}`, data: {}, resource });
    });
  }
  const completeness: Completeness[] = catalog.map((rule) => ({ ruleId: rule.meta.id, accountId: ACCOUNT, region: REGION, complete: true, causes: [] }));
  const at = '2026-12-01T02:00:00.000Z';
  return { source: 'bench', startedAt: at, finishedAt: at, rules: [], scopes: [{ accountId: ACCOUNT, region: REGION }], evaluations, completeness, errors: [], warnings: [], counts: countEvaluations(evaluations), calls: [] };
}

interface Run {
  readonly report: PublishReport;
  readonly usage: TableUsage;
  readonly imported: number;
  readonly ms: number;
}

async function publish(table: FakeStateTable, result: ScanResult, day: string, priors?: PriorSelection): Promise<Run> {
  const hub = new CountingHub();
  table.takeUsage();
  const started = performance.now();
  const report = await publishFindings(result, {
    catalog,
    store: new DynamoDbStateStore({ client: table.client(), tableName: 'bench' }),
    hub: hub as unknown as SecurityHubPublisher,
    homeRegion: REGION,
    alerts: { minSeverity: 'HIGH', maxListed: 10 },
    now: () => new Date(`${day}T02:00:00.000Z`),
    priors,
    refreshDays: 7,
  });
  return { report, usage: table.takeUsage(), imported: hub.imported, ms: performance.now() - started };
}

/** The part of a result that concerns some evaluations (a change's narrowing). */
function only(result: ScanResult, keep: (evaluation: Evaluation) => boolean): ScanResult {
  const evaluations = result.evaluations.filter(keep);
  return { ...result, evaluations, counts: countEvaluations(evaluations) };
}

const requests = (usage: TableUsage) =>
  Object.entries(usage.requests)
    .map(([operation, count]) => `${count} ${operation}`)
    .join(', ') || 'none';

export async function stateSection(options: { sizes?: readonly number[] } = {}): Promise<BenchSection> {
  const sizes = options.sizes ?? [1_000, 10_000, 50_000];
  const lines: string[] = [];
  const figures: BenchFigure[] = [];
  const eventReads: number[] = [];
  const header = ['resources', 'states', 'event: read (requests)', 'whole scope: read (requests)', 'gate re-scan: read (requests)', 'night 1: written', 'night 2: written / imported', 'day 8: written / imported'];
  const rows: string[][] = [];

  for (const size of sizes) {
    const table = new FakeStateTable();
    const result = account(size);
    const first = await publish(table, result, '2026-12-01');
    const second = await publish(table, result, '2026-12-02');

    // One volume changed (Config change): its evaluations, its states by key.
    const target = result.evaluations.find((evaluation) => evaluation.resource.type === 'AWS::EC2::Volume')?.resource;
    if (target === undefined) throw new Error('no volume in the bench account');
    const key = resourceKey(target);
    const event = await publish(table, only(result, (evaluation) => resourceKey(evaluation.resource) === key), '2026-12-02', {
      kind: 'resources',
      resources: [{ accountId: ACCOUNT, region: REGION, resourceType: target.type, key }],
    });
    // What the old way read for the same event: the whole scope.
    const store = new DynamoDbStateStore({ client: table.client(), tableName: 'bench' });
    table.takeUsage();
    await store.load(ACCOUNT, REGION);
    const whole = table.takeUsage();
    // A route changed: the private-network gate re-scanned in the scope.
    const gate: Gate = 'private-network';
    const gateRules = catalog.filter((rule) => rule.meta.gate === gate).map((rule) => rule.meta.id);
    const rescan = await publish(table, only(result, (evaluation) => evaluation.gate === gate), '2026-12-02', { kind: 'rules', ruleIds: gateRules });
    const refresh = await publish(table, result, '2026-12-09');

    eventReads.push(event.usage.itemsRead);
    rows.push([
      size.toLocaleString('en-US'),
      table.size.toLocaleString('en-US'),
      `${event.usage.itemsRead} (${requests(event.usage)})`,
      `${whole.itemsRead.toLocaleString('en-US')} (${requests(whole)})`,
      `${rescan.usage.itemsRead.toLocaleString('en-US')} (${requests(rescan.usage)})`,
      `${first.usage.itemsWritten.toLocaleString('en-US')}`,
      `${second.usage.itemsWritten} / ${second.imported}`,
      `${refresh.usage.itemsWritten.toLocaleString('en-US')} / ${refresh.imported.toLocaleString('en-US')}`,
    ]);
    figures.push(
      { name: `state items read by one resource's change, ${size.toLocaleString('en-US')} resources`, value: `${event.usage.itemsRead} (${requests(event.usage)})`, target: `≤ ${rulesOf(target.type).length} (the rules of its type)`, pass: event.usage.itemsRead <= rulesOf(target.type).length },
      {
        name: `state items read by a ${gate} re-scan, ${size.toLocaleString('en-US')} resources`,
        value: `${rescan.usage.itemsRead.toLocaleString('en-US')} of ${table.size.toLocaleString('en-US')}`,
        target: "the gate's records only",
        pass: rescan.usage.itemsRead === rescan.report.states.read && rescan.usage.itemsRead < table.size,
      },
      { name: `states written by a second nightly run over the unchanged account, ${size.toLocaleString('en-US')} resources`, value: String(second.usage.itemsWritten), target: '0', pass: second.usage.itemsWritten === 0 && second.imported === 0 },
    );
  }
  figures.push({ name: 'state items read per event across account sizes', value: eventReads.join(', '), target: 'independent of size', pass: new Set(eventReads).size === 1 });

  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const format = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  lines.push(format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format));
  lines.push('', 'event: a Config change of one EBS volume (its findings by key); whole scope: what reading the scope, as every event did before, reads;');
  lines.push('gate re-scan: private-network after a route change (one Query per rule of the gate); night 2: the same account the next day; day 8: refreshDays (7) after night 1.');
  return { name: 'state', title: 'Finding state read and written per run (DynamoDbStateStore over a counting in-memory table)', lines, figures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { sizes: { type: 'string' } } });
  const sizes = values.sizes?.split(',').map(Number);
  const section = await stateSection(sizes === undefined ? {} : { sizes });
  process.stdout.write(`${section.title}\n\n${section.lines.join('\n')}\n\n${section.figures.map((figure) => `${figure.pass === false ? 'FAIL' : 'ok  '} ${figure.name}: ${figure.value}${figure.target === undefined ? '' : ` (target ${figure.target})`}`).join('\n')}\n`);
}
