/**
 * gatewatch against a real AWS-compatible server: an account of its own seeded in moto (eu-west-1
 * and us-east-1, every resource type the live collectors read), scanned live through the product's
 * LiveSource and standard client factory.
 *
 * 1. The verdicts are exactly the expected table (support/expected-verdicts.ts).
 * 2. The API calls, as the server recorded them per `service:Operation`, are exactly the minimums
 *    of the README's formulas (testkit/api-calls.ts FORMULAS) computed from the seeded counts — and
 *    exactly what gatewatch's own accounting reports.
 * 3. A snapshot of the account (inventory/snapshot/write-snapshot.ts, as `gatewatch snapshot`
 *    writes it), scanned offline by the CLI, gives the same evaluations as the live scan.
 *
 * The seed and the scans use the launcher's patched moto (test/e2e/moto/patches/); the client
 * factory is the product's, Kinesis on HTTP/1.1 (support/clients.ts says why).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectors } from '../../inventory/live/collectors/index.js';
import { LiveSource } from '../../inventory/live/live-source.js';
import { writeSnapshot } from '../../inventory/snapshot/write-snapshot.js';
import { neededTypes, scan, selectRules } from '../../engine/scan.js';
import type { Evaluation, ScanResult } from '../../engine/result.js';
import { parseSettings } from '../../engine/settings.js';
import { catalog } from '../../rules/index.js';
import { FORMULAS } from '../../testkit/api-calls.js';
import { startMoto, type MotoServer, type RecordedRequest } from './support/moto-server.js';
import { e2eClientFactory, seedClients, useEnvironment } from './support/clients.js';
import { seedAccount, type Seed } from './support/seed.js';
import { REGIONS } from './support/registry.js';
import { EXPECTED, SCAN_SETTINGS, expectedVerdicts } from './support/expected-verdicts.js';
import { gatewatchCalls } from './support/api-calls.js';
import { runCli } from './support/cli.js';

const HOME_REGION = 'eu-west-1';
const settings = parseSettings(SCAN_SETTINGS, catalog);

let moto: MotoServer;
let restoreEnvironment: (() => void) | undefined;
let env: Record<string, string>;
let seed: Seed;
let live: ScanResult;
let recorded: RecordedRequest[];

function liveSource(): LiveSource {
  return new LiveSource({ collectors, homeRegion: HOME_REGION, clientFactory: e2eClientFactory(env) });
}

/** `type|region|id` → the seed's logical name. */
function keyOf(resource: Evaluation['resource']): string {
  const found = seed.registry.all().find((candidate) => candidate.type === resource.type && candidate.region === resource.region && candidate.id === resource.id);
  return found?.key ?? `unseeded ${resource.type} ${resource.region} ${resource.id}`;
}

beforeAll(async () => {
  moto = await startMoto();
  env = moto.env(HOME_REGION);
  restoreEnvironment = useEnvironment(env);
  seed = await seedAccount(seedClients);
  await moto.startRecording();
  live = await scan({ regions: REGIONS }, liveSource(), settings, catalog);
  recorded = await moto.recording();
});

afterAll(async () => {
  restoreEnvironment?.();
  await moto?.stop();
});

describe('a live scan of the seeded account', () => {
  it('seeds every resource type the live collectors produce', () => {
    expect(new Set(seed.registry.all().map((resource) => resource.type))).toEqual(new Set(collectors.flatMap((collector) => collector.produces)));
  });

  it('reads everything without an error and judges every rule of the catalog', () => {
    expect(live.errors).toEqual([]);
    expect(live.warnings).toEqual([]);
    expect(live.completeness.filter((entry) => !entry.complete)).toEqual([]);
    expect(new Set(live.evaluations.map((evaluation) => evaluation.ruleId))).toEqual(new Set(catalog.map((rule) => rule.meta.id)));
    // The table names a PASS and a FAIL for every rule but the two its header explains.
    const statuses = (rule: string) => new Set(Object.values(EXPECTED[rule] ?? {}));
    const withoutBoth = catalog.map((rule) => rule.meta.id).filter((rule) => rule !== 'resource-required-tags' && !(statuses(rule).has('PASS') && statuses(rule).has('FAIL')));
    // Each named, with why, in support/expected-verdicts.ts.
    expect(withoutBoth.sort()).toEqual([
      'budget-forecast-alerts',
      'cloudtrail-multi-region-enabled',
      'cost-allocation-tags-active',
      'cost-anomaly-monitor',
      'iam-root-hardened',
      'iam-user-no-stale-access-keys',
      'network-interface-in-private-subnet',
    ]);
  });

  it('gives exactly the expected verdicts', () => {
    const actual = live.evaluations.map((evaluation) => [`${evaluation.ruleId}|${keyOf(evaluation.resource)}`, evaluation.status] as const);
    // One evaluation per rule × resource: a duplicate would hide behind the map below.
    expect(new Set(actual.map(([key]) => key)).size).toBe(actual.length);
    const expected = expectedVerdicts(seed.registry);
    expect(Object.fromEntries([...actual].sort(([a], [b]) => a.localeCompare(b)))).toEqual(Object.fromEntries([...expected].sort(([a], [b]) => a.localeCompare(b))));
  });

  it('makes exactly the API calls of the documented formulas, as gatewatch counts them too', () => {
    const calls = gatewatchCalls(recorded);
    // What the server saw is what gatewatch's accounting reports (retries would show as more requests).
    const counted = Object.fromEntries(live.calls.map((count) => [`${count.service}:${count.operation}`, count.calls] as const).sort(([a], [b]) => a.localeCompare(b)));
    expect(calls).toEqual(counted);
    expect(live.calls.filter((count) => count.retries > 0 || count.errors > 0)).toEqual([]);
    // The README's minimum of every operation, from the seeded counts; nothing else is called.
    const minimums = Object.fromEntries(
      FORMULAS.map((formula) => [`${formula.service}:${formula.operation}`, formula.minimum(seed.census)] as const)
        .filter(([, minimum]) => minimum > 0)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    expect(calls).toEqual(minimums);
  });
});

describe('a snapshot of the seeded account, scanned offline', () => {
  it('gives the live scan’s evaluations', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'gatewatch-e2e-snapshot-'));
    try {
      // What `gatewatch snapshot --regions eu-west-1,us-east-1` does, with the suite's client factory
      // (the CLI's Kinesis client cannot speak to moto: see support/clients.ts).
      const file = join(scratch, 'account.json.gz');
      const collection = await liveSource().collect({ resourceTypes: neededTypes(selectRules(catalog, settings)), regions: REGIONS });
      expect(collection.errors).toEqual([]);
      await writeSnapshot(file, collection);

      const settingsFile = join(scratch, 'settings.json');
      writeFileSync(settingsFile, JSON.stringify(SCAN_SETTINGS));
      const report = join(scratch, 'report.json');
      const run = await runCli(['scan', '--snapshot', file, '--settings', settingsFile, '--format', 'json', '--output', report], {});
      expect(run.stderr).toMatch(/^gatewatch: .* — report written to /);
      expect(run.code).toBe(1);
      const offline = JSON.parse(readFileSync(report, 'utf8')) as ScanResult;

      // Same rule, resource (type, Region, id, ARN, name, tags), status, message id, message and
      // data. What legitimately differs is the scan's own frame: `source` (live ACCOUNT vs snapshot
      // FILE), the start and finish times, and `calls` (an offline scan calls nothing).
      const comparable = (evaluation: Evaluation) => ({
        ruleId: evaluation.ruleId,
        resource: evaluation.resource,
        status: evaluation.status,
        messageId: evaluation.messageId,
        message: evaluation.message,
        data: evaluation.data,
      });
      expect(offline.evaluations.map(comparable)).toEqual(live.evaluations.map(comparable));
      expect(offline.completeness).toEqual(live.completeness);
      expect(offline.errors).toEqual([]);
      expect(offline.calls).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
