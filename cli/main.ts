/**
 * The gatewatch command.
 *
 *   gatewatch scan [--snapshot FILE | --regions R --profile P --role-arn ARN] [--settings FILE]
 *                  [--format table|json|junit] [--gate G] [--min-severity S] [--output FILE]
 *                  [--stats] [--verbose] [--allow-unknown] [--exit-zero]
 *                  [--publish] [--notify TOPIC_ARN] [--state FILE|dynamodb:TABLE] [--prices FILE]
 *   gatewatch snapshot --output FILE [--regions R --profile P --role-arn ARN] [--gate G]
 *   gatewatch prices --output FILE [--snapshot FILE | --regions R] [--profile P --role-arn ARN] [--gate G]
 *   gatewatch rules [--gate G] [--format table|json]
 *
 * Exit codes: 0 nothing failed; 1 a failure (or a rule left UNKNOWN, unless --allow-unknown);
 * 2 a usage or input error (the message names the problem); 3 the scan ran but its findings or
 * alerts were not all delivered (--publish, --notify; each problem is named on stderr); 4 the scan
 * ran but its report could not be written in full (what failed is named on stderr; the findings
 * and alerts are still sent).
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../model/input-error.js';
import { SnapshotSource } from '../inventory/snapshot/snapshot-source.js';
import { writeSnapshot } from '../inventory/snapshot/write-snapshot.js';
import type { Source } from '../inventory/source.js';
import { neededTypes, scan, selectRules } from '../engine/scan.js';
import { isOpenFailure, type ScanResult } from '../engine/result.js';
import { defaultSettings, loadSettings, type Settings } from '../engine/settings.js';
import { loadPriceFile } from '../engine/price-file.js';
import { queryKey, type PriceAnswer, type PriceQuery, type PriceSource } from '../model/fix-cost.js';
import { catalog } from '../rules/index.js';
import { junitReport } from './format-junit.js';
import { asffReport } from './format-asff.js';
import { errorText, jsonReport, type FormatProblem, type ProblemSink } from './format-json.js';
import { ReportWriteError, writeChunks, writeChunksToFile, type ChunkSink } from './format-output.js';
import { formatRulesTable, rulesAsJson } from './format-rules.js';
import { formatStats } from './format-stats.js';
import { summaryLine, tableReport } from './format-table.js';
// The live source and publishing (with their SDK clients) are imported where they are used:
// `gatewatch rules` and a snapshot scan start without loading them.
import { homeRegion } from './home-region.js';
import type { LiveCliOptions } from './live.js';
import type { CliClientFactory } from './publish.js';
import { progressBar } from './progress.js';
import { chooseStyle, type Style } from './terminal.js';
import { UsageError } from './usage-error.js';
import { GATE_IDS, SEVERITIES, type Gate, type Severity } from '../model/gates.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, undelivered: 3, report: 4 } as const;

/** What `gatewatch prices` could not price, to say on stderr. */
export interface PricesWritten {
  readonly unavailable: readonly { readonly query: PriceQuery; readonly reason: string }[];
}

export interface CliIo {
  /** Reports are written with backpressure when stdout has `once('drain')` (process.stdout does). */
  readonly stdout: ChunkSink & { readonly isTTY?: boolean | undefined };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean | undefined };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock, for exemption expiry (tests pin it). */
  readonly now?: () => Date;
  /** Tests substitute sources (a live source over mocked clients). */
  readonly sourceFor?: {
    readonly live?: (options: LiveCliOptions) => Source;
    readonly snapshot?: (file: string) => Source;
    /**
     * The AWS Price List API as a PriceSource (aws/price-list.ts, connected by the integrator):
     * prices a live scan given no --prices, and answers `gatewatch prices`. Absent: a scan without
     * --prices says "price not available", and `gatewatch prices` cannot run.
     */
    readonly prices?: (options: Omit<LiveCliOptions, 'onProgress'>) => PriceSource;
  };
  /** Writes `gatewatch prices --output FILE` (default: aws/write-price-file.ts's writePriceFile). */
  readonly writePriceFile?: (queries: readonly PriceQuery[], source: PriceSource, file: string) => Promise<PricesWritten | void>;
  /** Tests substitute the SDK clients of --publish / --notify. */
  readonly clients?: CliClientFactory;
}

const USAGE = `Usage:
  gatewatch scan [options]                  scan the account of your credentials
  gatewatch scan --snapshot FILE [options]  scan an AWS Config snapshot offline
  gatewatch snapshot --output FILE          collect the account into a snapshot
  gatewatch prices --output FILE            write the fixes' prices for --prices
  gatewatch rules [--gate G] [--format F]   list the rule catalog

Where to look:
  --snapshot FILE     an AWS Config snapshot (JSON or gzip), not the account
  --regions R         Regions, comma-separated (default: the settings' Regions,
                      else every Region enabled for the account)
  --profile NAME      AWS profile (default: the standard credential chain)
  --role-arn ARN      assume this role first (another account's scan role)
  --external-id ID    external id for --role-arn

Scan options:
  --settings FILE     settings, YAML or JSON (default: built-in settings)
  --format F          table (default), json, junit or asff (Security Hub
                      findings as JSON)
  --gate G            only these gates (repeat, or separate with commas):
                      ${GATE_IDS.slice(0, 4).join(', ')},
                      ${GATE_IDS.slice(4).join(', ')}
  --min-severity S    only rules at or above S: ${SEVERITIES.slice(0, 4).join(', ')},
                      ${SEVERITIES.slice(4).join(', ')}
  --output FILE       write the report to FILE (a summary line goes to stderr)
  --prices FILE       unit prices for the fixes' cost estimates (a file written
                      by \`gatewatch prices\`); without it a snapshot scan says
                      "price not available"
  --stats             print the API calls per service and operation to stderr
  --verbose           list passes and not-applicables in the table too
  --allow-unknown     exit 0 even if some rules could not be evaluated
  --exit-zero         always exit 0 when the scan ran (for demos)

Publishing (with the credentials of --profile / --role-arn):
  --publish           send findings to Security Hub (new, updated, PASSED on a
                      fix, ARCHIVED when the resource is gone; exemptions
                      suppressed)
  --notify TOPIC_ARN  alert new failures and send a run digest to this SNS
                      topic (Amazon Q Developer custom notifications)
  --state S           where the finding lifecycle is kept: a FILE (default
                      ~/.local/state/gatewatch/findings-state.json) or
                      dynamodb:TABLE (the deployed service's table)

Exit codes: 0 nothing failed; 1 something failed or is UNKNOWN; 2 usage or
input error; 3 findings or alerts not all delivered; 4 the report could not
be written in full.
`;

const OPTIONS = {
  snapshot: { type: 'string' },
  regions: { type: 'string' },
  profile: { type: 'string' },
  'role-arn': { type: 'string' },
  'external-id': { type: 'string' },
  stats: { type: 'boolean' },
  settings: { type: 'string' },
  format: { type: 'string' },
  gate: { type: 'string', multiple: true },
  'min-severity': { type: 'string' },
  output: { type: 'string' },
  verbose: { type: 'boolean' },
  'allow-unknown': { type: 'boolean' },
  'exit-zero': { type: 'boolean' },
  publish: { type: 'boolean' },
  notify: { type: 'string' },
  state: { type: 'string' },
  prices: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function parse(argv: readonly string[]): { command: string | undefined; rest: string[]; values: Values } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    const [command, ...rest] = positionals;
    return { command, rest, values };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function gatesOf(values: Values): Gate[] | undefined {
  if (values.gate === undefined) return undefined;
  const gates = values.gate.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
  for (const gate of gates) {
    if (!(GATE_IDS as readonly string[]).includes(gate)) throw new UsageError(`--gate ${gate}: unknown gate; gates are ${GATE_IDS.join(', ')}`);
  }
  return gates as Gate[];
}

function severityOf(values: Values): Severity | undefined {
  const value = values['min-severity'];
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(upper)) throw new UsageError(`--min-severity ${value}: expected one of ${SEVERITIES.join(', ')}`);
  return upper as Severity;
}

function formatOf(values: Values, allowed: readonly string[]): string {
  const format = values.format ?? 'table';
  if (!allowed.includes(format)) throw new UsageError(`--format ${format}: expected one of ${allowed.join(', ')}`);
  return format;
}

function exitCode(result: ScanResult, values: Values): number {
  if (values['exit-zero'] === true) return EXIT.ok;
  const failed = result.evaluations.some(isOpenFailure);
  const unknown = result.counts.total.UNKNOWN > 0 && values['allow-unknown'] !== true;
  return failed || unknown ? EXIT.failed : EXIT.ok;
}

function regionsOf(values: Values): string[] | undefined {
  if (values.regions === undefined) return undefined;
  const regions = values.regions.split(',').map((region) => region.trim()).filter((region) => region !== '');
  const bad = regions.find((region) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region));
  if (bad !== undefined || regions.length === 0) throw new UsageError(`--regions ${values.regions}: expected Region names such as eu-west-1,us-east-1`);
  return regions;
}

/** The snapshot source, or the live one with its progress bar (finish() clears the bar). */
async function sourceOf(values: Values, io: CliIo, settings: Settings, credentialsToo = false): Promise<{ source: Source; finish: () => void }> {
  // Credentials also serve publishing (and the Price List), so they go with a snapshot that is published (or priced).
  const publishing = credentialsToo || values.publish === true || values.notify !== undefined;
  const live = publishing ? (['regions'] as const) : (['regions', 'profile', 'role-arn', 'external-id'] as const);
  if (values.snapshot !== undefined) {
    const misplaced = live.filter((name) => values[name] !== undefined);
    if (misplaced.length > 0) throw new UsageError(`--snapshot scans a file; --${misplaced.join(', --')} apply to live scans only`);
    const onWarning = (warning: string): void => void io.stderr.write(`gatewatch: ${warning}\n`);
    const source = io.sourceFor?.snapshot?.(values.snapshot) ?? new SnapshotSource(values.snapshot, { maxBytes: settings.snapshot.maxSize, onWarning });
    return { source, finish: () => undefined };
  }
  if (values['external-id'] !== undefined && values['role-arn'] === undefined) throw new UsageError('--external-id goes with --role-arn');
  const bar = progressBar(io.stderr);
  const options = {
    profile: values.profile,
    roleArn: values['role-arn'],
    externalId: values['external-id'],
    env: io.env,
    onProgress: bar?.update,
  };
  const source = io.sourceFor?.live?.(options) ?? (await import('./live.js')).liveSource(options);
  return { source, finish: () => bar?.finish() };
}

/** Fails fast, before a long scan, when --output's folder does not exist or cannot be written. */
async function checkWritable(output: string): Promise<void> {
  try {
    await access(dirname(resolve(output)), constants.W_OK);
  } catch (error) {
    throw new InputError(`${output}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Problems named one by one on stderr before the rest are counted. */
const PROBLEMS_NAMED = 20;

/** The report's chunks in the chosen format. */
function reportChunks(format: string, result: ScanResult, options: { style: Style; verbose: boolean; hubRegion: string }, onProblem: ProblemSink): Iterable<string> {
  if (format === 'json') return jsonReport(result, onProblem);
  if (format === 'junit') return junitReport(result, onProblem);
  if (format === 'asff') return asffReport(result, catalog, { now: result.finishedAt, homeRegion: options.hubRegion }, onProblem);
  return tableReport(result, { style: options.style, verbose: options.verbose });
}

/**
 * Writes the report to stdout or --output as it is made. The scan's result is kept whatever
 * happens here: a part that cannot be formatted is written in a safe form and named, a write
 * that fails is named, and publishing still follows. Returns whether the report fell short.
 */
async function writeReport(format: string, result: ScanResult, values: Values, io: CliIo, hubRegion: string): Promise<boolean> {
  const output = values.output;
  const style = chooseStyle(output === undefined && io.stdout.isTTY === true, io.env);
  const problems: FormatProblem[] = [];
  const chunks = reportChunks(format, result, { style, verbose: values.verbose === true, hubRegion }, (problem) => problems.push(problem));
  let failure: string | undefined;
  try {
    if (output === undefined) await writeChunks(io.stdout, chunks);
    else await writeChunksToFile(output, chunks);
  } catch (error) {
    const where = output ?? 'stdout';
    if (error instanceof ReportWriteError) {
      failure = error.written === 0 ? `${where}: cannot write the report (${error.code})` : `${where}: the ${format} report was cut short after ${error.written} characters (${error.code})`;
    } else {
      failure = `${where}: the ${format} report failed (${errorText(error)})`;
    }
  }
  for (const problem of problems.slice(0, PROBLEMS_NAMED)) {
    io.stderr.write(`gatewatch: ${problem.format} report: ${problem.path}${problem.subject === undefined ? '' : ` (${problem.subject})`}: ${problem.message}\n`);
  }
  if (problems.length > PROBLEMS_NAMED) io.stderr.write(`gatewatch: ${format} report: ${problems.length - PROBLEMS_NAMED} more entries could not be written as they are\n`);
  if (failure !== undefined) io.stderr.write(`gatewatch: ${failure}\n`);
  const shortfall = failure !== undefined ? ' — the report is incomplete' : problems.length > 0 ? ` — ${problems.length} report entries could not be written as they are (named above)` : '';
  if (output !== undefined || shortfall !== '') {
    const written = output === undefined || failure !== undefined ? '' : ` — report written to ${output}`;
    io.stderr.write(`gatewatch: ${summaryLine(result)}${written}${shortfall}\n`);
  }
  return failure !== undefined || problems.length > 0;
}

async function runScan(values: Values, io: CliIo): Promise<number> {
  const format = formatOf(values, ['table', 'json', 'junit', 'asff']);
  if (values.state !== undefined && values.publish !== true && values.notify === undefined) throw new UsageError('--state goes with --publish or --notify');
  const gates = gatesOf(values);
  const minSeverity = severityOf(values);
  const regions = regionsOf(values);
  const settings = values.settings === undefined ? defaultSettings(catalog) : await loadSettings(values.settings, catalog, io.now?.());
  if (values.output !== undefined) await checkWritable(values.output);
  // A price file is read before the scan (a bad one is a usage error, not a lost scan); a live scan
  // is priced by the Price List API when it is connected.
  const prices =
    values.prices !== undefined
      ? await loadPriceFile(values.prices)
      : values.snapshot === undefined
        ? (io.sourceFor?.prices ?? (await import('./live.js')).livePriceSource)({ profile: values.profile, roleArn: values['role-arn'], externalId: values['external-id'], env: io.env })
        : undefined;
  const { source, finish } = await sourceOf(values, io, settings);
  let result: ScanResult;
  try {
    result = await scan({ regions }, source, settings, catalog, {
      gates,
      minSeverity,
      ...(io.now === undefined ? {} : { now: io.now }),
      ...(prices === undefined ? {} : { prices }),
    });
  } finally {
    finish();
  }

  const hubRegion = settings.securityHub.homeRegion ?? homeRegion(io.env);
  const reportFailed = await writeReport(format, result, values, io, hubRegion);
  if (values.stats === true) io.stderr.write(formatStats(result.calls));

  if (values.publish === true || values.notify !== undefined) {
    // The report is out first: a delivery problem never costs the user the scan.
    const { publishFromCli, publishSummary } = await import('./publish.js');
    const clients = io.clients ?? (await import('./live.js')).cliClientFactory({ profile: values.profile, roleArn: values['role-arn'], externalId: values['external-id'], env: io.env });
    const { report: delivery, errors } = await publishFromCli(result, settings, catalog, {
      publish: values.publish === true,
      notify: values.notify,
      state: values.state,
      homeRegion: hubRegion,
      env: io.env,
      now: io.now ?? (() => new Date()),
      clients,
    });
    io.stderr.write(publishSummary(delivery, { publish: values.publish === true, notify: values.notify !== undefined }));
    for (const error of errors) io.stderr.write(`gatewatch: ${error}\n`);
    if (reportFailed) return EXIT.report;
    if (errors.length > 0) return EXIT.undelivered;
  }
  return reportFailed ? EXIT.report : exitCode(result, values);
}

async function runSnapshot(values: Values, io: CliIo): Promise<number> {
  if (values.output === undefined) throw new UsageError('snapshot needs --output FILE');
  if (values.snapshot !== undefined) throw new UsageError('snapshot collects from the live account; --snapshot does not apply');
  const misplaced = (['format', 'min-severity', 'verbose', 'allow-unknown', 'exit-zero', 'publish', 'notify', 'state', 'prices'] as const).filter((name) => values[name] !== undefined);
  if (misplaced.length > 0) throw new UsageError(`snapshot does not take --${misplaced.join(', --')}`);
  const settings = values.settings === undefined ? defaultSettings(catalog) : await loadSettings(values.settings, catalog);
  const types = neededTypes(selectRules(catalog, settings, { gates: gatesOf(values) }));
  const { source, finish } = await sourceOf(values, io, settings);
  let collection;
  try {
    collection = await source.collect({ resourceTypes: types, regions: regionsOf(values) ?? settings.regions });
  } finally {
    finish();
  }
  await writeSnapshot(values.output, collection);
  const errors = collection.errors.length === 0 ? '' : `, ${collection.errors.length} collection errors recorded in it`;
  io.stderr.write(`gatewatch: ${collection.rawItems?.length ?? collection.items.length} configuration items written to ${values.output}${errors}\n`);
  if (values.stats === true) io.stderr.write(formatStats(collection.calls ?? []));
  return EXIT.ok;
}

/** A price source that records the products asked for and answers none (what `gatewatch prices` collects). */
class QueryRecorder implements PriceSource {
  readonly description = 'gatewatch prices (recording)';
  readonly queries = new Map<string, PriceQuery>();

  prices(queries: readonly PriceQuery[]): Promise<ReadonlyMap<string, PriceAnswer>> {
    const answer: PriceAnswer = { kind: 'unavailable', reason: 'recorded for gatewatch prices' };
    for (const query of queries) this.queries.set(queryKey(query), query);
    return Promise.resolve(new Map(queries.map((query) => [queryKey(query), answer])));
  }
}

/**
 * `gatewatch prices --output FILE`: the same collection and rules as `scan` (--snapshot or live,
 * --regions, --gate, --settings), then the unit prices of the products the FAILs' fixes need,
 * read from the Price List API and written as a price file for `scan --prices FILE`.
 */
async function runPrices(values: Values, io: CliIo): Promise<number> {
  if (values.output === undefined) throw new UsageError('prices needs --output FILE');
  const misplaced = (['format', 'min-severity', 'verbose', 'allow-unknown', 'exit-zero', 'publish', 'notify', 'state', 'prices'] as const).filter((name) => values[name] !== undefined);
  if (misplaced.length > 0) throw new UsageError(`prices does not take --${misplaced.join(', --')}`);
  const credentials = { profile: values.profile, roleArn: values['role-arn'], externalId: values['external-id'], env: io.env };
  const live = io.sourceFor?.prices === undefined || io.writePriceFile === undefined ? await import('./live.js') : undefined;
  const api = (io.sourceFor?.prices ?? live?.livePriceSource)?.(credentials);
  const write = io.writePriceFile ?? (live === undefined ? undefined : (queries: readonly PriceQuery[], source: PriceSource, file: string) => live.writePriceFile(queries, source, file, io.now?.() ?? new Date()));
  if (api === undefined || write === undefined) throw new UsageError('prices: the Price List API source is not part of this build');
  const settings = values.settings === undefined ? defaultSettings(catalog) : await loadSettings(values.settings, catalog, io.now?.());
  await checkWritable(values.output);
  const recorder = new QueryRecorder();
  const { source, finish } = await sourceOf(values, io, settings, true);
  try {
    await scan({ regions: regionsOf(values) }, source, settings, catalog, { gates: gatesOf(values), prices: recorder, ...(io.now === undefined ? {} : { now: io.now }) });
  } finally {
    finish();
  }
  const queries = [...recorder.queries.values()];
  const written = await write(queries, api, values.output);
  const unavailable = written?.unavailable ?? [];
  io.stderr.write(`gatewatch: prices of ${queries.length - unavailable.length} of the ${queries.length} products the failures' fixes need written to ${values.output} (from ${api.description})\n`);
  for (const { reason } of unavailable.slice(0, 10)) io.stderr.write(`gatewatch: not written: ${reason}\n`);
  if (unavailable.length > 10) io.stderr.write(`gatewatch: … and ${unavailable.length - 10} more not written\n`);
  return EXIT.ok;
}

const SCAN_ONLY = ['snapshot', 'settings', 'min-severity', 'output', 'verbose', 'allow-unknown', 'exit-zero', 'regions', 'profile', 'role-arn', 'external-id', 'stats', 'publish', 'notify', 'state', 'prices'] as const;

function runRules(values: Values, io: CliIo): number {
  const misplaced = SCAN_ONLY.filter((name) => values[name] !== undefined);
  if (misplaced.length > 0) throw new UsageError(`rules does not take --${misplaced.join(', --')}`);
  const format = formatOf(values, ['table', 'json']);
  const gates = gatesOf(values);
  const rules = catalog.filter((rule) => gates === undefined || gates.includes(rule.meta.gate));
  io.stdout.write(format === 'json' ? rulesAsJson(rules) : formatRulesTable(rules, chooseStyle(io.stdout.isTTY === true, io.env)));
  return EXIT.ok;
}

/** Runs the command line; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  try {
    const { command, rest, values } = parse(argv);
    if (values.help === true || command === 'help') {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest.join(' ')}`);
    if (command === 'scan') return await runScan(values, io);
    if (command === 'rules') return runRules(values, io);
    if (command === 'snapshot') return await runSnapshot(values, io);
    if (command === 'prices') return await runPrices(values, io);
    throw new UsageError(command === undefined ? 'no command given' : `unknown command: ${command}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`gatewatch: ${error.message}\nRun 'gatewatch --help' for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      io.stderr.write(`gatewatch: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`gatewatch: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.usage;
  }
}
