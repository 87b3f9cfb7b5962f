import { queryKey, type PriceAnswer, type PriceQuery, type PriceSource, type UnitPrice } from '../../model/fix-cost.js';

/** A price source answering from a function of the query, recording every query it was asked. */
export interface CountingSource extends PriceSource {
  readonly asked: PriceQuery[][];
}

export function countingSource(answer: (query: PriceQuery) => PriceAnswer, description = 'AWS Price List Query API, us-east-1'): CountingSource {
  const asked: PriceQuery[][] = [];
  return {
    description,
    asked,
    async prices(queries) {
      asked.push([...queries]);
      return new Map(queries.map((query) => [queryKey(query), answer(query)]));
    },
  };
}

/** An hourly price for an instance type: 0.1 per letter of its name, so each query has its own. */
export function hourly(instanceType: string): UnitPrice {
  return { amount: instanceType.length / 10, currency: 'USD', unit: 'Hrs', effectiveDate: '2025-11-01T00:00:00Z', sku: `SKU-${instanceType}` };
}

export const rdsQuery = (instanceType: string): PriceQuery => ({
  serviceCode: 'AmazonRDS',
  filters: { regionCode: 'eu-west-1', instanceType, databaseEngine: 'PostgreSQL', deploymentOption: 'Multi-AZ' },
  unit: 'Hrs',
});
