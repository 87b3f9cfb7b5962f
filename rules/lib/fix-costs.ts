/**
 * What fixes buy, in Price List terms: the queries rules' `fixCost` declare. Pure (no SDK): the
 * engine asks a PriceSource for these products.
 *
 * Attribute names and values are those of the AWS Price List (GetProducts `TERM_MATCH` filters on
 * `product.attributes`): every query names `regionCode` (e.g. `eu-west-1`), which the Price List
 * carries on every regional product, rather than a Region-prefixed `usagetype` (`EU-…` in
 * eu-west-1, no prefix or `USE1-` in us-east-1), whose prefixes differ by service.
 */
import { HOURS_PER_MONTH, type FixLine, type FixNeed, type PriceQuery } from '../../model/fix-cost.js';

/** A line of `count` × 730 hours of the product. */
export function hoursLine(query: PriceQuery, count: number, what: string): FixLine {
  return { query, quantity: count * HOURS_PER_MONTH, what };
}

export function priced(lines: readonly FixLine[], note?: string): FixNeed {
  return note === undefined ? { kind: 'priced', lines } : { kind: 'priced', lines, note };
}

export const free = (note: string): FixNeed => ({ kind: 'free', note });
export const usageBased = (note: string): FixNeed => ({ kind: 'usage-based', note });

/**
 * The Price List's `databaseEngine` for an RDS engine name, for the engines whose on-demand price
 * has no edition or license choice (Oracle and SQL Server have several: not estimated).
 */
const RDS_ENGINES: Readonly<Record<string, string>> = {
  mysql: 'MySQL',
  postgres: 'PostgreSQL',
  mariadb: 'MariaDB',
  'aurora-mysql': 'Aurora MySQL',
  'aurora-postgresql': 'Aurora PostgreSQL',
};

export function rdsEngine(engine: string | null | undefined): string | undefined {
  return engine === null || engine === undefined ? undefined : RDS_ENGINES[engine];
}

/** An RDS DB instance hour: `deploymentOption` is `Single-AZ` or `Multi-AZ` (Aurora instances are priced `Single-AZ`). */
export function rdsInstanceHour(region: string, instanceType: string, databaseEngine: string, deploymentOption: 'Single-AZ' | 'Multi-AZ'): PriceQuery {
  return {
    serviceCode: 'AmazonRDS',
    filters: { regionCode: region, productFamily: 'Database Instance', instanceType, databaseEngine, deploymentOption },
    unit: 'Hrs',
  };
}

/** The Price List's `cacheEngine` for an ElastiCache engine name. */
const CACHE_ENGINES: Readonly<Record<string, string>> = { redis: 'Redis', valkey: 'Valkey', memcached: 'Memcached' };

export function cacheEngine(engine: string | null | undefined): string | undefined {
  return engine === null || engine === undefined ? undefined : CACHE_ENGINES[engine.toLowerCase()];
}

/** An ElastiCache node hour of a node type (`cache.r7g.large`). */
export function cacheNodeHour(region: string, instanceType: string, engine: string): PriceQuery {
  return { serviceCode: 'AmazonElastiCache', filters: { regionCode: region, instanceType, cacheEngine: engine }, unit: 'Hrs' };
}

/** An OpenSearch Service instance hour (`r7g.large.search`). */
export function openSearchInstanceHour(region: string, instanceType: string): PriceQuery {
  return { serviceCode: 'AmazonES', filters: { regionCode: region, instanceType }, unit: 'Hrs' };
}

/** EFS storage per GB-month: Regional Standard (`General Purpose`) or One Zone (`One Zone-General Purpose`). */
export function efsStorage(region: string, storageClass: 'General Purpose' | 'One Zone-General Purpose'): PriceQuery {
  return { serviceCode: 'AmazonEFS', filters: { regionCode: region, productFamily: 'Storage', storageClass }, unit: 'GB-Mo' };
}

/** An interface VPC endpoint hour, per endpoint per Availability Zone (AWS PrivateLink). */
export function interfaceEndpointHour(region: string): PriceQuery {
  return { serviceCode: 'AmazonVPC', filters: { regionCode: region, productFamily: 'VpcEndpoint', group: 'VPCE:VpcEndpoint', operation: 'VpcEndpoint' }, unit: 'Hrs' };
}

/** A NAT gateway hour (zonal NAT gateway; data processing is per GB, usage-based). */
export function natGatewayHour(region: string): PriceQuery {
  return { serviceCode: 'AmazonEC2', filters: { regionCode: region, productFamily: 'NAT Gateway', operation: 'NatGateway' }, unit: 'Hrs' };
}

/** The NAT gateways a workload moved to private subnets needs to reach the internet: one per zone it uses (`what`: "in the instance's zone"). */
export function natGatewayNeed(region: string, zones: number, what: string): FixNeed {
  const count = Math.max(1, zones);
  return priced(
    [hoursLine(natGatewayHour(region), count, `${count === 1 ? 'a NAT gateway' : `${count} NAT gateways,`} ${what}`)],
    'if the VPC has none there yet (gatewatch does not read NAT gateways); data processed is usage-based',
  );
}

/** A configuration field the schema does not type (kept by its loose object), read as text. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
