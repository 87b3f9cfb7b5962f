import { describe, expect, it } from '@jest/globals';
import { awsServiceName, isLiveEndpoint, servicesWithoutEndpoint } from '../../../rules/lib/vpc-endpoints.js';
import { item } from '../../support/items.js';

const endpoint = (id: string, serviceName: string | null, type: string | null, state: string | null = 'available') =>
  item('AWS::EC2::VPCEndpoint', id, { vpcEndpointId: id, vpcId: 'vpc-a', serviceName, vpcEndpointType: type, state });

describe('VPC endpoint coverage', () => {
  it('names AWS services as com.amazonaws.<region>.<service>', () => {
    expect(awsServiceName('eu-west-1', 'ecr.dkr')).toBe('com.amazonaws.eu-west-1.ecr.dkr');
  });

  it('a live endpoint matches its type case-insensitively and its service name exactly', () => {
    const kms = endpoint('vpce-1', 'com.amazonaws.eu-west-1.kms', 'interface', 'Available');
    expect(isLiveEndpoint(kms, 'Interface', 'com.amazonaws.eu-west-1.kms')).toBe(true);
    expect(isLiveEndpoint(kms, 'Gateway', 'com.amazonaws.eu-west-1.kms')).toBe(false);
    expect(isLiveEndpoint(kms, 'Interface', 'com.amazonaws.eu-west-1.kms-fips')).toBe(false);
    expect(isLiveEndpoint(kms, 'Interface', 'com.amazonaws.us-east-1.kms')).toBe(false);
  });

  it('an endpoint with no recorded type never matches', () => {
    expect(isLiveEndpoint(endpoint('vpce-2', 'com.amazonaws.eu-west-1.s3', null), 'Gateway', 'com.amazonaws.eu-west-1.s3')).toBe(false);
  });

  it.each(['deleting', 'Deleted', 'REJECTED', 'failed', 'expired'])('an endpoint in state %s carries no traffic', (state) => {
    expect(isLiveEndpoint(endpoint('vpce-3', 'com.amazonaws.eu-west-1.s3', 'Gateway', state), 'Gateway', 'com.amazonaws.eu-west-1.s3')).toBe(false);
  });

  it.each(['available', 'pending', 'pendingAcceptance', null])('an endpoint in state %s counts', (state) => {
    expect(isLiveEndpoint(endpoint('vpce-4', 'com.amazonaws.eu-west-1.s3', 'Gateway', state), 'Gateway', 'com.amazonaws.eu-west-1.s3')).toBe(true);
  });

  it('lists the services without a live endpoint of the type, in order and once each', () => {
    const endpoints = [
      endpoint('vpce-sts', 'com.amazonaws.eu-west-1.sts', 'Interface'),
      endpoint('vpce-logs', 'com.amazonaws.eu-west-1.logs', 'Interface', 'deleted'),
      endpoint('vpce-s3', 'com.amazonaws.eu-west-1.s3', 'Gateway'),
    ];
    expect(servicesWithoutEndpoint(endpoints, 'Interface', 'eu-west-1', ['logs', 'sts', 's3', 'kms', 'logs'])).toEqual(['logs', 's3', 'kms']);
    expect(servicesWithoutEndpoint(endpoints, 'Gateway', 'eu-west-1', ['s3'])).toEqual([]);
    expect(servicesWithoutEndpoint([], 'Gateway', 'eu-west-1', [])).toEqual([]);
  });
});
