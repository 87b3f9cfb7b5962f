/**
 * The nightly run's targets: accounts (every active account of the AWS Organization, or only this
 * one) × Regions (the settings', else every Region enabled for this account). Each account's
 * global resources (IAM, CloudFront) are judged once, in its home-Region target.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { enabledRegions } from '../../inventory/live/accounts.js';
import { z } from 'zod';
import type { Settings } from '../../engine/settings.js';
import type { AccountClients } from './dependencies.js';

export const targetSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected a Region name such as eu-west-1'),
  includeGlobal: z.boolean(),
});
export type Target = z.output<typeof targetSchema>;

/** `ACCOUNT/REGION`: how a target is named in digests, logs and the state machine. */
export const targetName = (target: Pick<Target, 'accountId' | 'region'>): string => `${target.accountId}/${target.region}`;

/** The Regions to scan: the settings', else the Regions enabled for this account. */
export async function scanRegions(settings: Settings, clients: AccountClients, homeRegion: string): Promise<string[]> {
  if (settings.regions !== undefined) return [...settings.regions].sort();
  const { regions } = await enabledRegions(clients(EC2Client, homeRegion));
  if (regions.length === 0) throw new Error('ec2:DescribeRegions returned no Region');
  return regions;
}

/** The Region whose target also judges global resources: securityHub.homeRegion, else the functions' Region when scanned, else the first. */
export function globalRegion(settings: Settings, regions: readonly string[], functionRegion: string): string {
  const preferred = settings.securityHub.homeRegion ?? functionRegion;
  return regions.includes(preferred) ? preferred : (regions[0] ?? preferred);
}

export function planTargets(accounts: readonly string[], regions: readonly string[], global: string): Target[] {
  return accounts.flatMap((accountId) => regions.map((region) => ({ accountId, region, includeGlobal: region === global })));
}
