/**
 * The deployed price source: the Price List API behind the state table's cache, added only by the
 * handlers that scan. A price it cannot read is "unavailable" naming the call, never a guess.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetItemCommand, BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { withPrices } from '../../functions/lib/prices.js';
import { queryKey, type PriceQuery } from '../../model/fix-cost.js';
import { testDependencies } from './support.js';

const ENV = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' };
const QUERY: PriceQuery = { serviceCode: 'AmazonVPC', filters: { regionCode: 'eu-west-1', productFamily: 'VpcEndpoint' }, unit: 'Hrs' };

const pricing = mockClient(PricingClient);
const dynamodb = mockClient(DynamoDBClient);
afterEach(() => {
  pricing.reset();
  dynamodb.reset();
});

describe('withPrices', () => {
  it('keeps every other dependency and adds a price source that asks the cache, then the Price List', async () => {
    const deps = testDependencies();
    const priced = withPrices(deps, ENV);
    expect(priced.environment).toBe(deps.environment);
    expect(priced.stateStore()).toBe(deps.stateStore());
    dynamodb.on(BatchGetItemCommand).resolves({ Responses: {} });
    dynamodb.on(BatchWriteItemCommand).resolves({});
    pricing.on(GetProductsCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException', $metadata: {} }));
    const warnings: string[] = [];
    const source = priced.prices?.((message) => warnings.push(message));
    const answers = await source?.prices([QUERY]);
    const answer = answers?.get(queryKey(QUERY));
    expect(answer?.kind).toBe('unavailable');
    expect(answer?.kind === 'unavailable' ? answer.reason : '').toContain('pricing:GetProducts failed');
    expect(dynamodb.commandCalls(BatchGetItemCommand)).toHaveLength(1);
    // An unavailable answer is not cached.
    expect(dynamodb.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });
});
