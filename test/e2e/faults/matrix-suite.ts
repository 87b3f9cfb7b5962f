/**
 * Runs one part of the fault matrix (services whose label sorts into `part` of `parts`) as a jest
 * suite: its own moto, the seeded account, the fault proxy in front; prints the part's table.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseSettings } from '../../../engine/settings.js';
import type { ScanResult } from '../../../engine/result.js';
import { catalog } from '../../../rules/index.js';
import { startMoto, type MotoServer } from '../support/moto-server.js';
import { seedClients, useEnvironment } from '../support/clients.js';
import { seedAccount } from '../support/seed.js';
import { SCAN_SETTINGS } from '../support/expected-verdicts.js';
import { FAULT_MODES } from '../support/fault-proxy.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { baseline, matrixServices, matrixTable, runCell, type Cell, type MatrixRun } from './matrix.js';

const HOME_REGION = 'eu-west-1';

export function matrixSuite(part: number, parts: number): void {
  const services = matrixServices().filter((_service, index) => index % parts === part);
  let moto: MotoServer;
  let proxy: FaultProxy;
  let restore: (() => void) | undefined;
  let run: MatrixRun;
  const cells: Cell[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    restore = useEnvironment(moto.env(HOME_REGION));
    await seedAccount(seedClients);
    proxy = await startFaultProxy(moto.endpoint);
    const env = { ...moto.env(HOME_REGION), AWS_ENDPOINT_URL: proxy.endpoint };
    restore();
    restore = useEnvironment(env);
    run = { proxy, env, settings: parseSettings(SCAN_SETTINGS, catalog), catalog, homeRegion: HOME_REGION };
  }, 180_000);

  afterAll(async () => {
    restore?.();
    await proxy?.stop();
    await moto?.stop();
    if (cells.length > 0) process.stdout.write(`\nfault matrix, part ${part + 1} of ${parts}:\n${matrixTable(cells)}\n\n`);
  });

  describe.each(services.map((service) => [service.label, service] as const))('%s', (_label, service) => {
    let before: ScanResult;
    beforeAll(async () => {
      before = await baseline(run, service);
    }, 120_000);

    it.each([...FAULT_MODES])('%s: no PASS for data not read, every UNKNOWN names the call, bounded', async (mode) => {
      // Every cell is judged against the unfaulted scan: one that failed somewhere would make each
      // cell's verdicts look wrong; say so plainly instead.
      expect(before.errors.map((error) => `${error.service}:${error.operation} ${error.region} ${error.code}: ${error.message}`)).toEqual([]);
      const cell = await runCell(run, service, mode, before);
      cells.push(cell);
      expect({ falsePasses: cell.falsePasses, unnamed: cell.unnamed, changed: cell.changed, problems: cell.problems }).toEqual({ falsePasses: [], unnamed: [], changed: [], problems: [] });
    }, 120_000);
  });
}
