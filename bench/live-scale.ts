/**
 * Live scans at scale: how long a live scan of a mocked account takes when every request costs a
 * latency and every endpoint meters requests with AWS's published token buckets
 * (testkit/simulated-aws.ts, aws/rate-limits.ts), against the lower bound those call counts and
 * limits allow. Run alone:
 *
 *   node --import tsx bench/live-scale.ts [--plot docs/images/live-scale.svg] [--sizes 1000,10000] [--scale 10]
 *
 * For each account size (resources of the 36 types in one Region, spread evenly as
 * testkit/mock-account builds them; IAM and CloudFront once) it prints the scan's wall time next to
 * its lower bound:
 *
 *   bound = L (sts:GetCallerIdentity, before anything else) + the largest, over every service ×
 *   Region endpoint, of
 *     - ceil(calls / concurrency) × L: no more than `concurrency` requests in flight there;
 *     - for each token bucket (the service's, an operation's): L + max(0, calls − burst) / rate;
 *     - the longest chain of dependent calls: a listing's pages one after another, then the calls
 *       that need its answer (+ L);
 *
 * with L the latency and the calls those the endpoints answered (a throttled call is not counted:
 * it is the scan's waste). The target: wall ≤ 1.25 × bound at 10,000 resources. A second scan —
 * 10,000 buckets in one Region, scanned by the S3 collector (three calls per bucket, on that
 * Region's endpoint) — is held to scan-target's timeout (serverless.yml).
 *
 * Simulated time runs `scale` times faster than real time (latency / scale, every rate × scale, the
 * source's backoff / scale): 10× for the sweep, 2× for the scans held to a target; figures are
 * simulated seconds. The ratio to the bound does not depend on the scale as long as the scan's own
 * CPU time stays small next to the wall time (it is counted `scale` times over, so a larger scale
 * can only make the ratio worse).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { RESOURCE_TYPES, type ResourceType } from '../model/configuration-item.js';
import { RateLimits } from '../aws/rate-limits.js';
import { sleep } from '../aws/retry.js';
import { collectors as allCollectors } from '../inventory/live/collectors/index.js';
import type { Collector } from '../inventory/live/collector.js';
import { LiveSource } from '../inventory/live/live-source.js';
import { FORMULAS, pages, TAG_WALKS } from '../testkit/api-calls.js';
import { CREDENTIALS } from '../testkit/live.js';
import { HOME_REGION, MockAccount, type Census } from '../testkit/mock-account/index.js';
import { SimulatedAws } from '../testkit/simulated-aws.js';
import type { BenchFigure, BenchSection } from './section.js';

export interface LiveScaleOptions {
  /** Account sizes, in resources (default 1k, 2k, 5k, 10k, 20k, 50k). */
  readonly sizes?: readonly number[];
  /** Simulated latency of every request, ms (default 100). */
  readonly latencyMs?: number;
  /** How many times faster than simulated time the scans of the size sweep run (default 10). */
  readonly timeScale?: number;
  /**
   * The same for the scans held to a target — the sweep's 10,000 resources, the account without
   * trails, the bucket scan (default 2): the scan's own CPU time counts `scale` times over, and on
   * a busy 2-core machine that would show in the ratio at 10×.
   */
  readonly targetTimeScale?: number;
  /** The scanned Region (default eu-west-1; global services are called in us-east-1). */
  readonly region?: string;
  /** Buckets of the S3 scan held to scan-target's timeout (default 10,000). */
  readonly buckets?: number;
  /** Where to write the SVG plot of wall time against account size; none when absent. */
  readonly plot?: string | undefined;
}

/** The size the ratio target is held at. */
const TARGET_SIZE = 10_000;
const TARGET_RATIO = 1.25;

/** Resources per type for an account of `size` resources (every type the collectors produce, in one Region). */
/** Types with `perType` resources: not the account item, the root user or the cost-control items (one per account × Region, one per account). */
const ONE_PER_ACCOUNT: ReadonlySet<string> = new Set(['AWS::::Account', 'AWS::IAM::RootUser', 'AWS::Budgets::Account', 'AWS::CE::Account']);
const TYPES = RESOURCE_TYPES.filter((type) => !ONE_PER_ACCOUNT.has(type)).length;

export interface ScanMeasure {
  readonly label: string;
  /** The time scale it ran at. */
  readonly timeScale: number;
  readonly resources: number;
  readonly calls: number;
  readonly throttled: number;
  readonly errors: number;
  /** Simulated ms. */
  readonly wallMs: number;
  readonly boundMs: number;
  /** What the bound is made of at its largest: `cloudtrail/eu-west-1 token bucket`. */
  readonly binding: string;
}

interface Term {
  readonly what: string;
  readonly ms: number;
}

/**
 * Operations whose `ceil(n / k)` counts batches of names sent independently, not pages of one
 * listing that follow each other: they make no chain.
 */
const BATCHES = new Set(['opensearch:DescribeDomains', 'cloudtrail:ListTags', 'elasticloadbalancing:DescribeTags', 'ec2:DescribeLaunchTemplateVersions']);

/**
 * The longest chains of dependent calls, per service × Region endpoint, from the call formulas: a
 * listing's pages one after another (`ceil(n / k)` of one listing), plus one latency when calls
 * that need its answer follow (`1 per …`, `Σ per …`).
 */
function chains(census: Census, latencyMs: number, scanned: ReadonlySet<string>): Term[] {
  const terms: Term[] = [];
  for (const region of census.regions) {
    const one: Census = { regions: [region], global: census.global };
    const byService = new Map<string, { walk: number; dependent: boolean }>();
    for (const formula of FORMULAS) {
      if (formula.scope !== 'per Region' || !scanned.has(formula.service)) continue;
      const calls = formula.minimum(one);
      const entry = byService.get(formula.service) ?? { walk: 0, dependent: false };
      // `ceil(n / k)`: one listing whose pages follow each other; `1 per …`/`Σ per …`: calls that need a listing's answer.
      if (BATCHES.has(`${formula.service}:${formula.operation}`)) continue;
      if (formula.formula.startsWith('ceil(')) entry.walk = Math.max(entry.walk, calls);
      else if (calls > 0) entry.dependent = true;
      byService.set(formula.service, entry);
    }
    for (const [service, { walk, dependent }] of byService) terms.push({ what: `${service}/${region.region} chain`, ms: (walk + (dependent ? 1 : 0)) * latencyMs });
    const longestWalk = Math.max(0, ...TAG_WALKS.map((walk) => (walk.resources(region) === 0 || !scanned.has(walk.collector) ? 0 : pages(region.tagged(walk.filters), 100))));
    terms.push({ what: `tagging/${region.region} chain`, ms: longestWalk * latencyMs });
  }
  const { global } = census;
  if (scanned.has('s3')) terms.push({ what: 's3 chain', ms: (pages(global.buckets, 10_000) + (global.buckets > 0 ? 1 : 0)) * latencyMs });
  if (scanned.has('iam')) terms.push({ what: 'iam chain', ms: (pages(global.users + global.groups + global.roles + global.customerManagedPolicies, 1000) + 1) * latencyMs });
  if (scanned.has('cloudfront')) terms.push({ what: 'cloudfront chain', ms: pages(global.distributions, 100) * latencyMs });
  return terms;
}

/** Each endpoint's concurrency and token-bucket bounds, from what the endpoints answered. */
function endpointTerms(sim: SimulatedAws, limits: RateLimits, latencyMs: number): Term[] {
  const byEndpoint = new Map<string, { service: string; calls: number; operations: Map<string, number> }>();
  for (const record of sim.calls()) {
    const answered = record.calls - record.throttled;
    const key = record.region === 'global' ? record.service : `${record.service}/${record.region}`;
    const entry = byEndpoint.get(key) ?? { service: record.service, calls: 0, operations: new Map<string, number>() };
    entry.calls += answered;
    entry.operations.set(record.operation, (entry.operations.get(record.operation) ?? 0) + answered);
    byEndpoint.set(key, entry);
  }
  const tokenMs = (calls: number, bucket: { burst: number; perSecond: number }) => latencyMs + (Math.max(0, calls - bucket.burst) / bucket.perSecond) * 1000;
  const terms: Term[] = [];
  for (const [key, { service, calls, operations }] of byEndpoint) {
    const limit = limits.of(service);
    terms.push({ what: `${key} concurrency ${limit.concurrency}`, ms: Math.ceil(calls / limit.concurrency) * latencyMs });
    if (limit.bucket !== undefined) terms.push({ what: `${key} token bucket`, ms: tokenMs(calls, limit.bucket) });
    for (const [operation, bucket] of Object.entries(limit.operations ?? {})) {
      terms.push({ what: `${key} ${operation} token bucket`, ms: tokenMs(operations.get(operation) ?? 0, bucket) });
    }
  }
  return terms;
}

/**
 * The S3 collector alone: every per-bucket read needs ListBuckets' answer, so the Region's reads
 * start one listing (its pages one after another) after the scan began.
 */
function listingFirst(sim: SimulatedAws, limits: RateLimits, latencyMs: number): Term[] {
  const listings = sim.calls().filter((record) => record.service === 's3' && record.operation === 'ListBuckets').reduce((sum, record) => sum + record.calls, 0);
  const concurrency = limits.of('s3').concurrency;
  const terms: Term[] = [];
  const reads = new Map<string, number>();
  for (const record of sim.calls()) {
    if (record.service !== 's3' || record.operation === 'ListBuckets') continue;
    reads.set(record.region, (reads.get(record.region) ?? 0) + record.calls - record.throttled);
  }
  for (const [region, calls] of reads) terms.push({ what: `s3/${region}: ListBuckets, then concurrency ${concurrency}`, ms: (listings + Math.ceil(calls / concurrency)) * latencyMs });
  return terms;
}

/** One live scan of `account` through the simulation; its wall time and lower bound, in simulated ms. */
async function measure(label: string, account: MockAccount, collectors: readonly Collector[], types: readonly ResourceType[], regions: readonly string[], options: Required<Pick<LiveScaleOptions, 'latencyMs' | 'timeScale'>>): Promise<ScanMeasure> {
  const { latencyMs, timeScale } = options;
  const published = new RateLimits();
  const sim = new SimulatedAws({ latencyMs, timeScale, limits: published });
  const restore = account.install();
  let collection;
  let wallMs;
  try {
    const source = new LiveSource({
      collectors,
      homeRegion: HOME_REGION,
      clientFactory: sim.wrap((type, region) => new type({ region, credentials: CREDENTIALS, maxAttempts: 1 })),
      // The client keeps the published buckets, on the simulation's clock.
      rateLimits: published.scaled(timeScale),
      sleep: (milliseconds) => sleep(milliseconds / timeScale),
    });
    const started = performance.now();
    collection = await source.collect({ resourceTypes: new Set(types), regions });
    wallMs = (performance.now() - started) * timeScale;
  } finally {
    restore();
  }
  const census = account.census();
  const scanned = new Set(collectors.map((collector) => collector.service));
  const s3Only = scanned.size === 1 && scanned.has('s3');
  const terms = [...endpointTerms(sim, published, latencyMs), ...(s3Only ? listingFirst(sim, published, latencyMs) : chains(census, latencyMs, scanned))];
  const largest = terms.reduce<Term>((best, term) => (term.ms > best.ms ? term : best), { what: 'latency', ms: 0 });
  return {
    label,
    timeScale,
    resources: collection.items.filter((item) => item.resourceType !== 'AWS::::Account').length,
    calls: sim.calls().reduce((sum, record) => sum + record.calls, 0),
    throttled: sim.throttled(),
    errors: collection.errors.length,
    wallMs,
    boundMs: latencyMs + largest.ms,
    binding: largest.what,
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The plot: wall time and bound against account size (log scale), as a small self-contained SVG. */
export function plotSvg(rows: readonly ScanMeasure[], title: string): string {
  const width = 720;
  const height = 420;
  const margin = { left: 70, right: 20, top: 40, bottom: 60 };
  const xs = rows.map((row) => row.resources);
  const ys = rows.flatMap((row) => [row.wallMs / 1000, (row.boundMs / 1000) * TARGET_RATIO]);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const yMax = Math.max(...ys) * 1.05;
  const x = (value: number) => margin.left + ((Math.log10(value) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin) || 1)) * (width - margin.left - margin.right);
  const y = (value: number) => height - margin.bottom - (value / yMax) * (height - margin.top - margin.bottom);
  const path = (values: readonly number[]) => rows.map((row, index) => `${index === 0 ? 'M' : 'L'}${x(row.resources).toFixed(1)},${y(values[index] ?? 0).toFixed(1)}`).join(' ');
  const step = 10 ** Math.floor(Math.log10(yMax / 2));
  const yTicks = Array.from({ length: Math.floor(yMax / step) + 1 }, (_, index) => index * step).filter((value, _, all) => all.length <= 12 || value % (step * 5) === 0);
  const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`,
    ...yTicks.map((value) => `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#ddd"/><text x="${margin.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${value}</text>`),
    ...rows.map((row) => `<line x1="${x(row.resources).toFixed(1)}" x2="${x(row.resources).toFixed(1)}" y1="${height - margin.bottom}" y2="${height - margin.bottom + 5}" stroke="black"/><text x="${x(row.resources).toFixed(1)}" y="${height - margin.bottom + 18}" text-anchor="middle">${(row.resources / 1000).toFixed(row.resources < 10_000 ? 1 : 0)}k</text>`),
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${height - margin.bottom}" y2="${height - margin.bottom}" stroke="black"/>`,
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="black"/>`,
    `<text x="${width / 2}" y="${height - 18}" text-anchor="middle">account size (resources, log scale)</text>`,
    `<text x="18" y="${height / 2}" text-anchor="middle" transform="rotate(-90 18 ${height / 2})">simulated seconds</text>`,
    `<path d="${path(rows.map((row) => (row.boundMs / 1000) * TARGET_RATIO))}" fill="none" stroke="#bbb" stroke-dasharray="2 4"/>`,
    `<path d="${path(rows.map((row) => row.boundMs / 1000))}" fill="none" stroke="#888" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<path d="${path(rows.map((row) => row.wallMs / 1000))}" fill="none" stroke="#1f77b4" stroke-width="2"/>`,
    ...rows.map((row) => `<circle cx="${x(row.resources).toFixed(1)}" cy="${y(row.wallMs / 1000).toFixed(1)}" r="3.5" fill="#1f77b4"/>`),
    `<g transform="translate(${margin.left + 16},${margin.top + 8})"><line x1="0" x2="24" y1="0" y2="0" stroke="#1f77b4" stroke-width="2"/><text x="30" y="4">wall time</text>`,
    `<line x1="0" x2="24" y1="18" y2="18" stroke="#888" stroke-width="2" stroke-dasharray="6 4"/><text x="30" y="22">lower bound</text>`,
    `<line x1="0" x2="24" y1="36" y2="36" stroke="#bbb" stroke-dasharray="2 4"/><text x="30" y="40">1.25 × bound</text></g>`,
    '</svg>',
    '',
  ].join('\n');
}

/** scan-target's timeout, read from serverless.yml (the deployed truth). */
async function scanTargetTimeoutSeconds(): Promise<number> {
  const text = await readFile(new URL('../serverless.yml', import.meta.url), 'utf8');
  const document = parse(text, { logLevel: 'silent' }) as { functions?: { scanTarget?: { timeout?: unknown } } };
  const timeout = document.functions?.scanTarget?.timeout;
  if (typeof timeout !== 'number') throw new Error('serverless.yml: functions.scanTarget.timeout is not a number');
  return timeout;
}

export async function liveScaleSection(options: LiveScaleOptions = {}): Promise<BenchSection> {
  const sizes = options.sizes ?? [1_000, 2_000, 5_000, 10_000, 20_000, 50_000];
  const settings = { latencyMs: options.latencyMs ?? 100, timeScale: options.timeScale ?? 10 };
  const targetSettings = { latencyMs: settings.latencyMs, timeScale: options.targetTimeScale ?? 2 };
  const region = options.region ?? 'eu-west-1';
  const bucketCount = options.buckets ?? 10_000;

  // A first, small scan warms the module and the JIT up: its time would otherwise count `scale` times over.
  await measure('warm-up', new MockAccount(5, [region]), allCollectors, RESOURCE_TYPES, [region], settings);
  const rows: ScanMeasure[] = [];
  for (const size of sizes) {
    const perType = Math.max(1, Math.round(size / TYPES));
    rows.push(await measure(`${size}`, new MockAccount(perType, [region]), allCollectors, RESOURCE_TYPES, [region], size === TARGET_SIZE ? targetSettings : settings));
  }
  // The mocked account holds as many trails and detectors as any other type: far over AWS's quotas
  // (5 trails per Region, one detector), so CloudTrail's 10 requests/s set every bound above. The
  // same account without them shows the scan against its next bound.
  const realistic = allCollectors.filter((collector) => collector.service !== 'cloudtrail' && collector.service !== 'guardduty');
  const withoutTrails = await measure(
    `${TARGET_SIZE} without trails and detectors`,
    new MockAccount(Math.max(1, Math.round(TARGET_SIZE / TYPES)), [region]),
    realistic,
    RESOURCE_TYPES.filter((type) => !type.startsWith('AWS::CloudTrail::') && !type.startsWith('AWS::GuardDuty::')),
    [region],
    targetSettings,
  );
  const s3 = allCollectors.filter((collector) => collector.service === 's3');
  const buckets = await measure(`${bucketCount} buckets`, new MockAccount(bucketCount, [region]), s3, ['AWS::S3::Bucket'], [region], targetSettings);
  const timeout = await scanTargetTimeoutSeconds();

  const ratio = (row: ScanMeasure) => row.wallMs / row.boundMs;
  const table = [
    ['resources', '×', 'calls', 'throttled', 'wall', 'bound', 'ratio', 'bound set by'],
    ...[...rows, withoutTrails, buckets].map((row) => [
      row === buckets ? `${row.resources} (buckets only)` : row === withoutTrails ? `${row.resources} (no trails, detectors)` : String(row.resources),
      String(row.timeScale),
      String(row.calls),
      String(row.throttled),
      seconds(row.wallMs),
      seconds(row.boundMs),
      ratio(row).toFixed(2),
      row.binding,
    ]),
  ];
  const widths = table[0]?.map((_, column) => Math.max(...table.map((cells) => (cells[column] ?? '').length))) ?? [];
  const lines = [
    `Live scans with ${settings.latencyMs} ms per request and AWS's published token buckets (aws/rate-limits.ts), in ${region} (+ global);`,
    `simulated time runs × times faster than real time (column ×: ${settings.timeScale} for the sweep, ${targetSettings.timeScale} for the scans held to a target); figures are simulated seconds.`,
    '',
    ...table.map((cells, index) => cells.map((cell, column) => (column === 0 || column === 7 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd() + (index === 0 ? `\n${widths.map((width) => '-'.repeat(width)).join('  ')}` : '')),
  ];

  const figures: BenchFigure[] = [];
  for (const row of [...rows, withoutTrails, buckets]) {
    if (row.errors > 0) figures.push({ name: `collection errors, ${row.label}`, value: String(row.errors), target: '0', pass: false });
  }
  const atTarget = rows.find((row) => row.label === String(TARGET_SIZE)) ?? rows.reduce<ScanMeasure | undefined>((best, row) => (best === undefined || Math.abs(row.resources - TARGET_SIZE) < Math.abs(best.resources - TARGET_SIZE) ? row : best), undefined);
  for (const row of rows) {
    figures.push({
      name: `live scan, ${row.resources} resources: wall time (bound)`,
      value: `${seconds(row.wallMs)} (${seconds(row.boundMs)})`,
      ...(row === atTarget ? { target: `≤ ${TARGET_RATIO} × bound`, pass: ratio(row) <= TARGET_RATIO } : {}),
    });
  }
  if (atTarget !== undefined) figures.push({ name: `ratio wall / bound at ${atTarget.resources} resources`, value: ratio(atTarget).toFixed(2), target: `≤ ${TARGET_RATIO}`, pass: ratio(atTarget) <= TARGET_RATIO });
  figures.push({
    name: `ratio wall / bound at ${withoutTrails.resources} resources without trails and detectors (bound: ${withoutTrails.binding})`,
    value: ratio(withoutTrails).toFixed(2),
    target: `≤ ${TARGET_RATIO}`,
    pass: ratio(withoutTrails) <= TARGET_RATIO,
  });
  figures.push({
    name: `${bucketCount}-bucket account, S3 scan of one Region: wall time`,
    value: seconds(buckets.wallMs),
    target: `well inside scan-target's ${timeout} s timeout (≤ half: ${timeout / 2} s)`,
    pass: buckets.wallMs / 1000 <= timeout / 2,
  });

  if (options.plot !== undefined) {
    await mkdir(dirname(options.plot), { recursive: true });
    await writeFile(options.plot, plotSvg(rows, `Live scan wall time against account size (${settings.latencyMs} ms per request, published rate limits)`));
    lines.push('', `plot: ${options.plot}`);
  }
  return { name: 'live-scale', title: 'Live scans at scale: wall time against the lower bound', lines, figures };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { plot: { type: 'string' }, sizes: { type: 'string' }, scale: { type: 'string' }, 'target-scale': { type: 'string' }, latency: { type: 'string' }, buckets: { type: 'string' } },
  });
  const sizes = values.sizes?.split(',').map(Number);
  const section = await liveScaleSection({
    plot: values.plot ?? 'docs/images/live-scale.svg',
    ...(sizes === undefined ? {} : { sizes }),
    ...(values.scale === undefined ? {} : { timeScale: Number(values.scale) }),
    ...(values['target-scale'] === undefined ? {} : { targetTimeScale: Number(values['target-scale']) }),
    ...(values.latency === undefined ? {} : { latencyMs: Number(values.latency) }),
    ...(values.buckets === undefined ? {} : { buckets: Number(values.buckets) }),
  });
  process.stdout.write(`${section.title}\n\n${section.lines.join('\n')}\n\n`);
  for (const figure of section.figures) {
    const verdict = figure.pass === undefined ? '' : figure.pass ? '  PASS' : '  FAIL';
    process.stdout.write(`${figure.name}: ${figure.value}${figure.target === undefined ? '' : ` (target ${figure.target})`}${verdict}\n`);
  }
  return section.figures.every((figure) => figure.pass !== false) ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
