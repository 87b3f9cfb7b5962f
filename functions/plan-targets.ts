/**
 * plan-targets: the first state of the nightly run. Accounts (AWS Organizations when
 * ORGANIZATION_SCAN is on, else this account) × Regions (settings, else enabled Regions) → the
 * list the state machine's Map scans, one target at a time.
 */
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defaultDependencies, type Dependencies } from './lib/dependencies.js';
import { handlerOf, logger } from './lib/runtime.js';
import { organizationAccounts } from '../inventory/live/accounts.js';
import { globalRegion, planTargets, scanRegions, type Target } from './lib/targets.js';

/** The state machine's input: whatever the schedule sends; `accounts` / `regions` narrow a manual run. */
export const planInputSchema = z.looseObject({
  accounts: z.array(z.string().regex(/^\d{12}$/, 'expected 12-digit account ids')).min(1).optional(),
  regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected Region names such as eu-west-1')).min(1).optional(),
});

/**
 * Step Functions passes at most 256 KB between states, and the Map carries the target list: a
 * plan larger than this fails the run at once, with the fix, instead of midway.
 */
export const MAX_PLAN_BYTES = 200 * 1024;

export interface Plan {
  readonly runId: string;
  readonly startedAt: string;
  readonly targets: readonly Target[];
}

export async function plan(input: z.output<typeof planInputSchema>, deps: Dependencies, context?: Pick<Context, 'awsRequestId'>): Promise<Plan> {
  const settings = await deps.settings();
  const own = await deps.ownAccount();
  const home = deps.environment.AWS_REGION;
  const accounts = input.accounts ?? (deps.environment.ORGANIZATION_SCAN === 'true' ? await organizationAccounts(deps.organizations()) : [own]);
  const regions = input.regions ?? (await scanRegions(settings, await deps.clientsFor(own), home));
  const targets = planTargets(accounts, regions, globalRegion(settings, regions, home));
  const runId = context?.awsRequestId ?? randomUUID();
  const plan = { runId, startedAt: deps.now().toISOString(), targets };
  const bytes = Buffer.byteLength(JSON.stringify(plan));
  if (bytes > MAX_PLAN_BYTES) {
    throw new Error(
      `plan-targets: ${targets.length} targets (${accounts.length} accounts × ${regions.length} Regions) make a ${Math.round(bytes / 1024)} KB plan, over the ${MAX_PLAN_BYTES / 1024} KB the state machine can carry — narrow the settings' regions, or run the accounts in several schedules with the accounts input`,
    );
  }
  logger.info('planned the run', { runId, accounts: accounts.length, regions, targets: targets.length });
  return plan;
}

export const createHandler = (deps: Dependencies) => handlerOf('plan-targets', planInputSchema, (input, context) => plan(input, deps, context));
export const handler = createHandler(defaultDependencies());
