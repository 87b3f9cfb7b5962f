/**
 * The clients and settings a handler needs, created on first use and kept for the container's
 * life (never at import time, so tests can substitute them). Member accounts are read through the
 * scan role gatewatch assumes there; the own account through the function's role.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { callerIdentity } from '../../aws/identity.js';
import { parse as parseYaml } from 'yaml';
import { parseSettings, type Settings } from '../../engine/settings.js';
import { DynamoDbStateStore } from '../../findings/dynamodb-state-store.js';
import type { FindingStateStore } from '../../findings/finding-state.js';
import { RunDigestStore, type RunDigests } from '../../findings/run-digests.js';
import { assumedRoleClients, standardClientFactory, type ClientFactory } from '../../aws/clients.js';
import { readParameter } from '../../aws/parameters.js';
import type { DeadlineSpec } from '../../aws/deadline.js';
import type { PriceSource } from '../../model/fix-cost.js';
import { catalog } from '../../rules/index.js';
import { readEnvironment, type Environment } from './environment.js';

/** SDK clients of one account: `clients(Type, region)`. */
export type AccountClients = ClientFactory;

export interface Dependencies {
  readonly environment: Environment;
  settings(): Promise<Settings>;
  /** The account the functions run in. */
  ownAccount(): Promise<string>;
  /** Clients reading `accountId`: the function's own role at home, the scan role elsewhere. */
  clientsFor(accountId: string): Promise<AccountClients>;
  organizations(): OrganizationsClient;
  sns(): SNSClient;
  stateStore(): FindingStateStore;
  runDigests(): RunDigests;
  /**
   * Unit prices for the fixes' estimates: the Price List API with the function's own role, cached in
   * the state table for a week; made per run, so an answer that was unavailable is asked again next
   * time. `warn` hears a cache that could not be read or written. Added by the handlers that price
   * (lib/prices.ts), so the other functions' zips do not carry the Price List client. Absent: not priced.
   */
  prices?(warn: (message: string) => void, deadline?: DeadlineSpec): PriceSource;
  now(): Date;
}

function once<T>(make: () => T): () => T {
  let value: { readonly made: T } | undefined;
  return () => (value ??= { made: make() }).made;
}

/** Settings from the SSM parameter when one is configured, else from the bundled file. */
export async function loadDeployedSettings(environment: Environment, ssm: () => SSMClient, root = process.env['LAMBDA_TASK_ROOT'] ?? process.cwd()): Promise<Settings> {
  let text: string;
  let origin: string;
  if (environment.SETTINGS_PARAMETER !== undefined) {
    origin = `SSM parameter ${environment.SETTINGS_PARAMETER}`;
    text = await readParameter(ssm(), environment.SETTINGS_PARAMETER);
    if (text === '') throw new Error(`${origin} is empty: put the settings YAML in it, or unset SETTINGS_PARAMETER to use the bundled ${environment.SETTINGS_FILE}`);
  } else {
    origin = join(root, environment.SETTINGS_FILE);
    text = await readFile(origin, 'utf8');
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    throw new Error(`${origin}: not valid YAML (${(error as Error).message.split('\n')[0] ?? 'syntax error'})`, { cause: error });
  }
  return parseSettings(raw, catalog, origin);
}

/** The production dependencies: AWS clients with adaptive retry, created on first use. */
export function defaultDependencies(env: Readonly<Record<string, string | undefined>> = process.env): Dependencies {
  const environment = once(() => readEnvironment(env));
  const own = standardClientFactory({ env });
  const home = () => environment().AWS_REGION;
  const ssm = once(() => own(SSMClient, home()));
  const sts = once(() => own(STSClient, home()));
  const dynamodb = once(() => own(DynamoDBClient, home()));
  const settings = once(() => loadDeployedSettings(environment(), ssm));
  const ownAccount = once(async () => (await callerIdentity(sts())).accountId);
  const memberClients = new Map<string, AccountClients>();
  return {
    get environment() {
      return environment();
    },
    settings,
    ownAccount,
    async clientsFor(accountId) {
      if (accountId === (await ownAccount())) return own;
      let clients = memberClients.get(accountId);
      if (clients === undefined) {
        clients = assumedRoleClients({ accountId, roleName: environment().SCAN_ROLE_NAME, externalId: environment().SCAN_EXTERNAL_ID, region: home(), sessionName: 'gatewatch-scan', env });
        memberClients.set(accountId, clients);
      }
      return clients;
    },
    organizations: once(() => own(OrganizationsClient, home())),
    sns: once(() => {
      const topicRegion = environment().ALERT_TOPIC_ARN.split(':')[3] ?? home();
      return own(SNSClient, topicRegion);
    }),
    stateStore: once(() => new DynamoDbStateStore({ client: dynamodb(), tableName: environment().STATE_TABLE })),
    runDigests: once(() => new RunDigestStore({ client: dynamodb(), tableName: environment().STATE_TABLE })),
    now: () => new Date(),
  };
}
