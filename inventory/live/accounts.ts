/**
 * Where to scan: the accounts of an AWS Organization and the Regions enabled for an account.
 * The nightly plan and the live source both read them here.
 */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { attemptsOf } from '../../aws/errors.js';

/** Every active account of the organization, following every page, sorted. */
export async function organizationAccounts(organizations: OrganizationsClient): Promise<string[]> {
  const accounts: string[] = [];
  let token: string | undefined;
  do {
    const page = await organizations.send(new ListAccountsCommand({ ...(token === undefined ? {} : { NextToken: token }) }));
    for (const account of page.Accounts ?? []) {
      // Suspended and closing accounts cannot be read; they are left out, not failed.
      if (account.Id !== undefined && (account.State ?? account.Status) === 'ACTIVE') accounts.push(account.Id);
    }
    token = page.NextToken;
  } while (token !== undefined);
  return accounts.sort();
}

/**
 * Every Region enabled for the account (opted in, or not requiring opt-in), sorted, with the
 * SDK's attempt count for the call statistics.
 * @throws the SDK's error when the call fails.
 */
export async function enabledRegions(ec2: EC2Client): Promise<{ regions: string[]; attempts: number }> {
  const output = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
  const regions = (output.Regions ?? []).flatMap((region) => (region.RegionName === undefined ? [] : [region.RegionName])).sort();
  return { regions, attempts: attemptsOf(output) };
}
