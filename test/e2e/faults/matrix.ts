/**
 * The fault matrix: every service gatewatch calls × every fault mode, against the seeded account
 * behind the fault proxy. For each cell the scan (only the rules that read the service, so a cell
 * costs what it tests) must:
 *
 * - end within {@link CELL_BOUND_MS} (enforced request timeouts; no hang);
 * - give no PASS for data that was not read: every evaluation that depends on the faulted service
 *   (its resource comes from that service, or its rule needs a type the service provides, or —
 *   for the Tagging API — it judges tags) is not PASS, and no evaluation is PASS that was not PASS
 *   without the fault;
 * - name the failed call in every UNKNOWN the fault caused (`service:Operation`);
 * - for throttling (every second request), recover: the SDK's and gatewatch's retries give the
 *   same verdicts as without the fault.
 *
 * STS is special: without the caller's identity there is no account to scan, so a fault there must
 * stop the scan at once with an error that names sts:GetCallerIdentity.
 */
import { RATE_LIMITS, type RateLimitOverrides } from '../../../aws/rate-limits.js';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { standardClientFactory, type ClientClass, type ClientFactory } from '../../../aws/clients.js';
import { addResponseCheck } from '../../../aws/response-check.js';
import type { Evaluation, ScanResult } from '../../../engine/result.js';
import { scan } from '../../../engine/scan.js';
import type { Settings } from '../../../engine/settings.js';
import { collectors } from '../../../inventory/live/collectors/index.js';
import { LiveSource } from '../../../inventory/live/live-source.js';
import type { ResourceType } from '../../../model/configuration-item.js';
import { descriptionOf, type DescribedType } from '../../../model/resource-types/index.js';
import { GATES } from '../../../model/gates.js';
import type { AnyRule } from '../../../rules/lib/types.js';
import { FAULT_MODES, type FaultMode, type FaultProxy } from '../support/fault-proxy.js';
import { REGIONS } from '../support/registry.js';

/**
 * The timeouts of a cell's clients (the product's defaults are 5 s / 20 s / 20 s and 5 attempts):
 * one attempt per call, so that what recovers from throttling is gatewatch's own retry, and a cell
 * costs seconds.
 */
export const CELL_TIMEOUTS = { connectionTimeoutMs: 1_000, requestTimeoutMs: 1_500, bodyTimeoutMs: 1_500, maxAttempts: 1 } as const;
/**
 * A cell's scan must end within this: with the timeouts above, a request that hangs costs at most
 * maxAttempts × requestTimeout (+ the SDK's backoff) before it fails, and each collector stops at
 * its first failed call.
 */
export const CELL_BOUND_MS = 45_000;

/** Throttling cells throttle the first request of each operation, then one in this many. */
export const THROTTLE_EVERY = 4;

export interface MatrixService {
  /** The SigV4 signing name the proxy matches (`elasticfilesystem`, `es`, `tagging` …). */
  readonly signing: string;
  /** The label gatewatch's collection errors use (`efs`, `opensearch`, `tagging` …). */
  readonly label: string;
  /** The resource types the service provides. */
  readonly types: ReadonlySet<ResourceType>;
}

const SIGNING: Readonly<Record<string, string>> = { efs: 'elasticfilesystem', opensearch: 'es' };

/** Every service gatewatch's live collection calls, with the types it provides. */
export function matrixServices(): MatrixService[] {
  const byLabel = new Map<string, Set<ResourceType>>();
  for (const collector of collectors) {
    const types = byLabel.get(collector.service) ?? new Set<ResourceType>();
    // The account × Region item gathers facts from several services; its rules say what they read.
    for (const type of collector.produces) if (type !== 'AWS::::Account') types.add(type);
    byLabel.set(collector.service, types);
  }
  const taggingTypes = new Set<ResourceType>(collectors.flatMap((collector) => collector.produces).filter((type) => type !== 'AWS::::Account' && descriptionOf(type as DescribedType).tagging !== undefined));
  return [
    ...[...byLabel.entries()].map(([label, types]) => ({ signing: SIGNING[label] ?? label, label, types })),
    { signing: 'tagging', label: 'tagging', types: taggingTypes },
    { signing: 'sts', label: 'sts', types: new Set<ResourceType>() },
    // Called by the Cost Explorer collector for the organization fact of its item (ACCOUNT_FACT_RULES).
    { signing: 'organizations', label: 'organizations', types: new Set<ResourceType>() },
  ].sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * Rules that judge the account × Region item by a fact one service's collector adds to it (the
 * item itself is the source's own, so its type says nothing of where the fact came from), and a
 * fact one collector reads from another service (Organizations, for the Cost Explorer item).
 */
export const ACCOUNT_FACT_RULES: Readonly<Record<string, readonly string[]>> = {
  config: ['config-recorder-enabled'],
  ec2: ['ebs-encryption-by-default'],
  securityhub: ['securityhub-enabled'],
  // The organization fact of AWS::CE::Account decides cost-allocation-tags-active; cost-anomaly-monitor
  // reads it only for a linked-account monitor, which the seed (a standalone account) has none of.
  organizations: ['cost-allocation-tags-active'],
};

function readsTags(rule: AnyRule): boolean {
  const scope = rule.meta.scope ?? GATES.find((gate) => gate.id === rule.meta.gate)?.scope;
  return rule.meta.readsTags === true || scope === 'production';
}

/** The rules whose evaluations can depend on the service. */
export function rulesReading(service: MatrixService, catalog: readonly AnyRule[]): AnyRule[] {
  return catalog.filter((rule) => {
    const read = [...rule.meta.resourceTypes, ...(rule.meta.needs ?? []), ...(rule.meta.needsAccountWide ?? [])];
    if (ACCOUNT_FACT_RULES[service.label]?.includes(rule.meta.id) === true) return true;
    if (service.label === 'tagging') return readsTags(rule) && rule.meta.resourceTypes.some((type) => service.types.has(type));
    return read.some((type) => service.types.has(type));
  });
}

/** Whether this evaluation's verdict needs data from the service. */
export function dependsOn(evaluation: Evaluation, rule: AnyRule, service: MatrixService): boolean {
  if (ACCOUNT_FACT_RULES[service.label]?.includes(rule.meta.id) === true) return true;
  const type = evaluation.resource.type as ResourceType;
  if (service.label === 'tagging') return readsTags(rule) && service.types.has(type);
  if (service.types.has(type)) return true;
  return [...(rule.meta.needs ?? []), ...(rule.meta.needsAccountWide ?? [])].some((type) => service.types.has(type));
}

/** gatewatch's standard clients with short timeouts, pointed (by the environment) at the proxy; Kinesis on HTTP/1.1 as the emulator needs. */
export function cellClients(env: Readonly<Record<string, string>>): ClientFactory {
  const standard = standardClientFactory({ env, ...CELL_TIMEOUTS });
  return <C>(type: ClientClass<C>, region: string): C => {
    if ((type as unknown) !== KinesisClient) return standard(type, region);
    const client = new type({
      region,
      retryMode: 'adaptive',
      maxAttempts: CELL_TIMEOUTS.maxAttempts,
      requestHandler: new NodeHttpHandler({ connectionTimeout: CELL_TIMEOUTS.connectionTimeoutMs, requestTimeout: CELL_TIMEOUTS.requestTimeoutMs, socketTimeout: CELL_TIMEOUTS.requestTimeoutMs, throwOnRequestTimeout: true }),
    });
    addResponseCheck(client, { bodyTimeoutMs: CELL_TIMEOUTS.bodyTimeoutMs });
    return client;
  };
}

export interface Cell {
  readonly service: string;
  readonly mode: FaultMode;
  readonly ms: number;
  /** Evaluations that are PASS but must not be. */
  readonly falsePasses: string[];
  /** UNKNOWNs the fault caused whose message does not name the failed call. */
  readonly unnamed: string[];
  /** Throttling: evaluations whose status differs from the unfaulted scan. */
  readonly changed: string[];
  readonly unknown: number;
  /** Requests the proxy spoiled. */
  readonly injected: number;
  /** The scan's own error, when it stopped (STS). */
  readonly error?: string | undefined;
  readonly problems: string[];
}

const key = (evaluation: Evaluation): string => `${evaluation.ruleId} ${evaluation.resource.type} ${evaluation.resource.region} ${evaluation.resource.id}`;

async function withBound<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, bound]);
  } finally {
    clearTimeout(timer);
  }
}

export interface MatrixRun {
  readonly proxy: FaultProxy;
  readonly env: Readonly<Record<string, string>>;
  readonly settings: Settings;
  readonly catalog: readonly AnyRule[];
  readonly homeRegion: string;
}

/**
 * moto answers from one Python process, so requests sent at the concurrency AWS's published limits
 * allow (aws/rate-limits.ts: up to 50 in flight for S3, 10 for the Tagging API, 64 collector tasks)
 * queue up there, and under the cells' 1.5 s request timeout a slow GetResources walk times out in
 * the unfaulted baseline itself. The matrix tests what a fault does to the verdicts, not how fast
 * AWS answers: it keeps to the load the emulator carries, 4 requests in flight per service and 8
 * collector tasks (the live source's settings before per-endpoint limits).
 */
const EMULATOR_LIMITS: RateLimitOverrides = Object.fromEntries(RATE_LIMITS.map((limit) => [limit.service, { concurrency: Math.min(limit.concurrency, 4) }]));

function liveScan(run: MatrixRun, rules: readonly AnyRule[]): Promise<ScanResult> {
  const source = new LiveSource({
    collectors,
    homeRegion: run.homeRegion,
    clientFactory: cellClients(run.env),
    sleep: async () => undefined,
    rateLimits: EMULATOR_LIMITS,
    taskConcurrency: 8,
  });
  return scan({ regions: REGIONS }, source, run.settings, rules);
}

/** The unfaulted scan of the service's rules. */
export async function baseline(run: MatrixRun, service: MatrixService): Promise<ScanResult> {
  run.proxy.set([]);
  const rules = rulesReading(service, run.catalog);
  return liveScan(run, rules.length > 0 ? rules : run.catalog.slice(0, 1));
}

/** One cell: the fault on every operation of the service, the scan, and the checks. */
export async function runCell(run: MatrixRun, service: MatrixService, mode: FaultMode, before: ScanResult): Promise<Cell> {
  const rules = rulesReading(service, run.catalog);
  const byId = new Map(run.catalog.map((rule) => [rule.meta.id, rule]));
  const injectedBefore = run.proxy.injected.length;
  // Throttling: the first request, then one in THROTTLE_EVERY, as a busy account sees it.
  run.proxy.set([{ service: service.signing, mode, every: THROTTLE_EVERY }]);
  const started = Date.now();
  const problems: string[] = [];
  let result: ScanResult | undefined;
  let error: string | undefined;
  try {
    result = await withBound(liveScan(run, rules.length > 0 ? rules : run.catalog.slice(0, 1)), CELL_BOUND_MS);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  } finally {
    run.proxy.set([]);
  }
  const ms = Date.now() - started;
  const injected = run.proxy.injected.length - injectedBefore;
  if (ms > CELL_BOUND_MS) problems.push(`took ${ms} ms`);
  if (injected === 0) problems.push('the fault was never injected');

  if (service.label === 'sts') {
    // No identity, no account: the scan must stop, naming the call (throttling recovers).
    if (mode === 'throttle') {
      if (error !== undefined) problems.push(`throttled STS did not recover: ${error}`);
    } else if (error === undefined || !error.includes('sts:GetCallerIdentity')) {
      problems.push(`expected a stop naming sts:GetCallerIdentity, got ${error ?? 'a scan'}`);
    }
    return { service: service.label, mode, ms, falsePasses: [], unnamed: [], changed: [], unknown: 0, injected, error, problems };
  }
  if (result === undefined) {
    problems.push(`no result: ${error ?? 'unknown'}`);
    return { service: service.label, mode, ms, falsePasses: [], unnamed: [], changed: [], unknown: 0, injected, error, problems };
  }

  const was = new Map(before.evaluations.map((evaluation) => [key(evaluation), evaluation.status]));
  const falsePasses: string[] = [];
  const unnamed: string[] = [];
  const changed: string[] = [];
  for (const evaluation of result.evaluations) {
    const rule = byId.get(evaluation.ruleId);
    if (rule === undefined) continue;
    const previous = was.get(key(evaluation));
    if (evaluation.status === 'PASS' && previous !== 'PASS') falsePasses.push(`${key(evaluation)} (was ${previous ?? 'absent'})`);
    if (mode !== 'throttle' && evaluation.status === 'PASS' && dependsOn(evaluation, rule, service)) falsePasses.push(`${key(evaluation)} depends on ${service.label}`);
    if (evaluation.status === 'UNKNOWN' && previous !== 'UNKNOWN' && !evaluation.message.includes(`${service.label}:`)) unnamed.push(`${key(evaluation)}: ${evaluation.message}`);
    if (mode === 'throttle' && evaluation.status !== previous) changed.push(`${key(evaluation)}: ${previous ?? 'absent'} → ${evaluation.status}`);
  }
  if (mode === 'throttle') {
    for (const [name, status] of was) if (!result.evaluations.some((evaluation) => key(evaluation) === name)) changed.push(`${name}: ${status} → absent`);
  }
  const unknown = result.evaluations.filter((evaluation) => evaluation.status === 'UNKNOWN').length;
  if (mode !== 'throttle' && unknown === 0 && rules.length > 0) problems.push('no UNKNOWN although the service failed');
  return { service: service.label, mode, ms, falsePasses, unnamed, changed, unknown, injected, error, problems };
}

/** The matrix as a Markdown table: one row per service, one column per mode. */
export function matrixTable(cells: readonly Cell[]): string {
  const services = [...new Set(cells.map((cell) => cell.service))].sort();
  const verdict = (cell: Cell | undefined): string => {
    if (cell === undefined) return '—';
    const bad = cell.falsePasses.length + cell.unnamed.length + cell.changed.length + cell.problems.length;
    const what = cell.service === 'sts' ? (cell.mode === 'throttle' ? 'recovered' : 'stopped') : cell.mode === 'throttle' ? 'recovered' : `${cell.unknown} UNKNOWN`;
    return `${bad === 0 ? 'ok' : `FAILED (${bad})`} ${what}, ${(cell.ms / 1000).toFixed(1)} s`;
  };
  const lines = [`| service | ${FAULT_MODES.join(' | ')} |`, `|---|${FAULT_MODES.map(() => '---').join('|')}|`];
  for (const service of services) {
    lines.push(`| ${service} | ${FAULT_MODES.map((mode) => verdict(cells.find((cell) => cell.service === service && cell.mode === mode))).join(' | ')} |`);
  }
  const falsePasses = cells.reduce((sum, cell) => sum + cell.falsePasses.length, 0);
  const hangs = cells.filter((cell) => cell.ms > CELL_BOUND_MS || cell.problems.some((problem) => problem.includes('did not end'))).length;
  const unnamed = cells.reduce((sum, cell) => sum + cell.unnamed.length, 0);
  lines.push('', `${cells.length} cells: ${falsePasses} false PASS, ${hangs} hangs, ${unnamed} UNKNOWN without its cause; longest cell ${(Math.max(...cells.map((cell) => cell.ms)) / 1000).toFixed(1)} s (bound ${CELL_BOUND_MS / 1000} s).`);
  return lines.join('\n');
}
