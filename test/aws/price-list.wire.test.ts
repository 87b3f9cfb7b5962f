// PriceListSource through a real PricingClient (the standard factory) against a local server
// speaking the Price List's JSON protocol: what goes on the wire, and that the SDK's own
// deserialization of PriceList (boxed LazyJsonString entries) is read as AWS sends it.
import { describe, expect, it } from '@jest/globals';
import { queryKey, type PriceQuery } from '../../model/fix-cost.js';
import { priceListSource } from '../../aws/price-list.js';
import { standardClientFactory } from '../../aws/clients.js';
import { CREDENTIALS } from '../../testkit/live.js';
import { useFaultServer } from './fault-server.js';
import { entry, RDS_FILTERS, RDS_MULTI_AZ } from '../support/price-list.js';

const fixture = useFaultServer();
const JSON_1_1 = { 'content-type': 'application/x-amz-json-1.1' };
const RDS: PriceQuery = { serviceCode: 'AmazonRDS', filters: RDS_FILTERS, unit: 'Hrs' };

describe('PriceListSource on the wire', () => {
  it('sends GetProducts with TERM_MATCH filters and reads the JSON-string PriceList of two pages', async () => {
    fixture.answer = (request) => {
      const body = JSON.parse(request.body) as { NextToken?: string };
      return body.NextToken === undefined
        ? { headers: JSON_1_1, body: JSON.stringify({ FormatVersion: 'aws_v1', PriceList: [], NextToken: 'page-2' }) }
        : { headers: JSON_1_1, body: JSON.stringify({ FormatVersion: 'aws_v1', PriceList: [entry(RDS_MULTI_AZ)] }) };
    };
    const source = priceListSource(standardClientFactory({ credentials: async () => CREDENTIALS, maxAttempts: 1 }), { pacer: null });
    const answers = await source.prices([RDS]);
    expect(answers.get(queryKey(RDS))).toEqual({ kind: 'price', price: expect.objectContaining({ amount: 0.494, currency: 'USD', unit: 'Hrs', sku: 'QZ4RBT7D3J9MKF2A' }) });

    const requests = fixture.server.requests.filter((request) => request.operation === 'GetProducts');
    expect(requests).toHaveLength(2);
    expect(requests[0]?.headers['x-amz-target']).toBe('AWSPriceListService.GetProducts');
    expect(JSON.parse(requests[0]?.body ?? '{}')).toEqual({
      ServiceCode: 'AmazonRDS',
      FormatVersion: 'aws_v1',
      MaxResults: 100,
      Filters: [
        { Type: 'TERM_MATCH', Field: 'databaseEngine', Value: 'PostgreSQL' },
        { Type: 'TERM_MATCH', Field: 'deploymentOption', Value: 'Multi-AZ' },
        { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'db.r6g.large' },
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
      ],
    });
    expect(JSON.parse(requests[1]?.body ?? '{}')).toMatchObject({ NextToken: 'page-2' });
  });

  it("answers unavailable naming the call and AWS's error code when AWS refuses", async () => {
    fixture.answer = () => ({
      status: 400,
      headers: JSON_1_1,
      body: JSON.stringify({ __type: 'com.amazonaws.awspricing#AccessDeniedException', Message: 'User is not authorized to perform: pricing:GetProducts' }),
    });
    const source = priceListSource(standardClientFactory({ credentials: async () => CREDENTIALS, maxAttempts: 1 }), { pacer: null });
    const answer = (await source.prices([RDS])).get(queryKey(RDS));
    expect(answer).toEqual({ kind: 'unavailable', reason: expect.stringMatching(/^pricing:GetProducts failed \(AccessDeniedException: User is not authorized to perform: pricing:GetProducts\) for AmazonRDS /) });
  });
});
