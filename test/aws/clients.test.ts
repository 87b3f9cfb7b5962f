import { describe, expect, it } from '@jest/globals';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { standardClientFactory } from '../../aws/clients.js';

describe('standardClientFactory', () => {
  it('configures adaptive retry, a request timeout, and path-style addressing only when an endpoint is overridden', async () => {
    const plain = standardClientFactory({ env: {} });
    const pointed = standardClientFactory({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' } });
    const s3 = pointed(S3Client, 'eu-west-1');
    expect(await s3.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    expect(await s3.config.maxAttempts()).toBe(5);
    expect(s3.config.forcePathStyle).toBe(true);
    expect(plain(S3Client, 'eu-west-1').config.forcePathStyle).toBe(false);
    // Every client gets the option behind an endpoint (only S3 reads it), so the factory imports no client class.
    expect((pointed(SQSClient, 'eu-west-1').config as { forcePathStyle?: boolean }).forcePathStyle).toBe(true);
    expect((plain(SQSClient, 'eu-west-1').config as { forcePathStyle?: boolean }).forcePathStyle).toBeUndefined();
    expect(await plain(S3Client, 'eu-west-1').config.region()).toBe('eu-west-1');
  });
});
