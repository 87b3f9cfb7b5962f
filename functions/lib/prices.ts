/**
 * The deployed price source for the fixes' estimates, added to the dependencies by the handlers
 * that scan (scan-target, resource-change): the AWS Price List Query API with the function's own
 * role, behind the state table's price cache (findings/price-cache.ts). Both modules are imported
 * on the first price asked, so they add nothing to a cold start; kept apart from
 * lib/dependencies.ts so that the functions that never price do not bundle them.
 */
import { standardClientFactory } from '../../aws/clients.js';
import type { DeadlineSpec } from '../../aws/deadline.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PriceAnswer, PriceQuery, PriceSource } from '../../model/fix-cost.js';
import type { Dependencies } from './dependencies.js';

/** A price source loaded on its first question. */
function lazyPriceSource(load: () => Promise<PriceSource>): PriceSource {
  let loaded: Promise<PriceSource> | undefined;
  return {
    description: 'AWS Price List Query API (us-east-1), cached in the state table',
    async prices(queries: readonly PriceQuery[]): Promise<ReadonlyMap<string, PriceAnswer>> {
      loaded ??= load();
      return (await loaded).prices(queries);
    },
  };
}

/** `deps` with a `prices` factory: one price source per run (an unavailable answer is asked again next run). */
export function withPrices(deps: Dependencies, env: Readonly<Record<string, string | undefined>> = process.env): Dependencies {
  const own = standardClientFactory({ env });
  let dynamodb: DynamoDBClient | undefined;
  const prices = (warn: (message: string) => void, deadline?: DeadlineSpec): PriceSource =>
    lazyPriceSource(async () => {
      const [{ priceListSource }, { CachedPriceSource, DynamoDbPriceCache }] = await Promise.all([import('../../aws/price-list.js'), import('../../findings/price-cache.js')]);
      dynamodb ??= own(DynamoDBClient, deps.environment.AWS_REGION);
      const cache = new DynamoDbPriceCache({ client: dynamodb, tableName: deps.environment.STATE_TABLE });
      return new CachedPriceSource(priceListSource(own, deadline === undefined ? {} : { deadline }), cache, { warn });
    });
  // The dependencies keep their getters (environment is read on first use): extend, do not copy.
  return Object.assign(Object.create(deps) as Dependencies, { prices });
}
