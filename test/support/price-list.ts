/**
 * GetProducts answers shaped as the AWS Price List Query API gives them (FormatVersion aws_v1): each
 * PriceList entry is a JSON string of `{ product, serviceCode, terms: { OnDemand, Reserved }, version,
 * publicationDate }`, term keys `SKU.OFFERTERMCODE`, rate codes `SKU.OFFERTERMCODE.RATECODE`. The
 * attribute names and values are the Price List's; the SKUs and amounts are illustrative.
 */

export interface Dimension {
  readonly unit: string;
  readonly price: string;
  readonly currency?: string;
  readonly description?: string;
  readonly beginRange?: string;
  readonly endRange?: string;
}

export interface ProductSpec {
  readonly sku: string;
  readonly serviceCode?: string;
  readonly productFamily?: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly onDemand: readonly Dimension[];
  readonly effectiveDate?: string;
  /** A Reserved term too (1 yr No Upfront, Hrs), which the On-Demand price must ignore. */
  readonly reservedHourly?: string;
}

const ON_DEMAND = 'JRTCKXETXF';
const RATE_CODES = ['6YS6EN2CT7', 'PGHJ3S3EYE', '2TG2D8R56U', 'WVV8R9FH29'];

/** The product as the JSON object behind one PriceList entry. */
export function productDocument(spec: ProductSpec): Record<string, unknown> {
  const term = `${spec.sku}.${ON_DEMAND}`;
  const priceDimensions = Object.fromEntries(
    spec.onDemand.map((dimension, index) => {
      const rateCode = `${term}.${RATE_CODES[index] ?? `R${index}`}`;
      return [
        rateCode,
        {
          unit: dimension.unit,
          endRange: dimension.endRange ?? 'Inf',
          description: dimension.description ?? `$${dimension.price} per ${dimension.unit}`,
          appliesTo: [],
          rateCode,
          beginRange: dimension.beginRange ?? '0',
          pricePerUnit: { [dimension.currency ?? 'USD']: dimension.price },
        },
      ];
    }),
  );
  const reserved =
    spec.reservedHourly === undefined
      ? {}
      : {
          Reserved: {
            [`${spec.sku}.4NA7Y494T4`]: {
              priceDimensions: {
                [`${spec.sku}.4NA7Y494T4.6YS6EN2CT7`]: {
                  unit: 'Hrs',
                  endRange: 'Inf',
                  description: 'RDS reserved instance, 1 yr No Upfront',
                  appliesTo: [],
                  rateCode: `${spec.sku}.4NA7Y494T4.6YS6EN2CT7`,
                  beginRange: '0',
                  pricePerUnit: { USD: spec.reservedHourly },
                },
              },
              sku: spec.sku,
              effectiveDate: '2025-10-01T00:00:00Z',
              offerTermCode: '4NA7Y494T4',
              termAttributes: { LeaseContractLength: '1yr', OfferingClass: 'standard', PurchaseOption: 'No Upfront' },
            },
          },
        };
  return {
    product: { productFamily: spec.productFamily ?? 'Database Instance', attributes: spec.attributes, sku: spec.sku },
    serviceCode: spec.serviceCode ?? 'AmazonRDS',
    terms: {
      OnDemand: {
        [term]: { priceDimensions, sku: spec.sku, effectiveDate: spec.effectiveDate ?? '2025-11-01T00:00:00Z', offerTermCode: ON_DEMAND, termAttributes: {} },
      },
      ...reserved,
    },
    version: '20251114003427',
    publicationDate: '2025-11-14T00:34:27Z',
  };
}

/** One PriceList entry: the JSON string. */
export const entry = (spec: ProductSpec): string => JSON.stringify(productDocument(spec));

/** The filters of the Multi-AZ PostgreSQL db.r6g.large query in eu-west-1. */
export const RDS_FILTERS = {
  regionCode: 'eu-west-1',
  instanceType: 'db.r6g.large',
  databaseEngine: 'PostgreSQL',
  deploymentOption: 'Multi-AZ',
} as const;

/** db.r6g.large, PostgreSQL, Multi-AZ, eu-west-1, with the attributes the Price List gives an RDS instance. */
export const RDS_MULTI_AZ: ProductSpec = {
  sku: 'QZ4RBT7D3J9MKF2A',
  attributes: {
    engineCode: '14',
    memory: '16 GiB',
    dedicatedEbsThroughput: 'Up to 4750 Mbps',
    vcpu: '2',
    instanceType: 'db.r6g.large',
    usagetype: 'EU-Multi-AZUsage:db.r6g.large',
    locationType: 'AWS Region',
    storage: 'EBS Only',
    instanceFamily: 'Memory optimized',
    databaseEngine: 'PostgreSQL',
    regionCode: 'eu-west-1',
    servicecode: 'AmazonRDS',
    physicalProcessor: 'AWS Graviton2',
    licenseModel: 'No license required',
    currentGeneration: 'Yes',
    networkPerformance: 'Up to 10 Gigabit',
    deploymentOption: 'Multi-AZ',
    location: 'EU (Ireland)',
    servicename: 'Amazon Relational Database Service',
    processorArchitecture: '64-bit',
    operation: 'CreateDBInstance:0014',
  },
  onDemand: [{ unit: 'Hrs', price: '0.4940000000', description: '$0.494 per RDS db.r6g.large Multi-AZ instance hour (or partial hour) running PostgreSQL' }],
  reservedHourly: '0.3210000000',
};

/** S3 Standard storage in eu-west-1: three tiers per GB-Mo. */
export const S3_STANDARD_STORAGE: ProductSpec = {
  sku: 'H8W6CJ3X5N2QVT4E',
  serviceCode: 'AmazonS3',
  productFamily: 'Storage',
  attributes: { regionCode: 'eu-west-1', storageClass: 'General Purpose', volumeType: 'Standard', usagetype: 'EU-TimedStorage-ByteHrs', servicecode: 'AmazonS3' },
  onDemand: [
    { unit: 'GB-Mo', price: '0.0230000000', beginRange: '0', endRange: '51200', description: '$0.023 per GB - first 50 TB / month of storage used' },
    { unit: 'GB-Mo', price: '0.0220000000', beginRange: '51200', endRange: '512000', description: '$0.022 per GB - next 450 TB / month of storage used' },
    { unit: 'GB-Mo', price: '0.0210000000', beginRange: '512000', endRange: 'Inf', description: '$0.021 per GB - storage used / month over 500 TB' },
  ],
};
