/**
 * SDK clients for the emulator suite.
 *
 * Scans use gatewatch's own standard client factory (aws/clients.ts) with one client-side
 * exception. Kinesis: the AWS SDK's Kinesis client speaks HTTP/2 (its default request handler is
 * NodeHttp2Handler, for SubscribeToShard's event stream); moto's server (werkzeug) speaks HTTP/1.1
 * only, and HTTP/2 with prior knowledge over plain http:// fails there. So the TEST's factory makes
 * Kinesis clients through the standard factory — same options, same middleware — but with an
 * HTTP/1.1 handler (NodeHttpHandler) built from the options the factory passes. Kinesis' JSON
 * operations (ListStreams, DescribeStreamSummary …) are plain request/response over either
 * protocol, so nothing gatewatch reads changes. The CLI (`node bin/gatewatch.js`) has no such
 * hook: its Kinesis calls fail against moto, so the CLI runs of this suite leave Kinesis out.
 *
 * The seed uses plain SDK clients (`seedClients`): setting up the account is not what is tested.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { standardClientFactory, type ClientClass, type ClientFactory } from '../../../aws/clients.js';

/** Sets the environment the SDK reads itself (endpoint, credentials, Region); returns the undo. */
export function useEnvironment(env: Readonly<Record<string, string>>): () => void {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]] as const));
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** The request handler options a client is given, as an HTTP/1.1 handler. */
function http1(config: Record<string, unknown>): NodeHttpHandler {
  const options = config['requestHandler'];
  if (options instanceof NodeHttpHandler) return options;
  return new NodeHttpHandler(typeof options === 'object' && options !== null ? (options as NodeHttpHandlerOptions) : {});
}

/** KinesisClient on HTTP/1.1, with whatever else its maker configures. */
class Http1KinesisClient extends KinesisClient {
  constructor(config: Record<string, unknown>) {
    super({ ...config, requestHandler: http1(config) });
  }
}

/** gatewatch's standard client factory, with Kinesis on HTTP/1.1 (see above). */
export function e2eClientFactory(env: Readonly<Record<string, string>>): ClientFactory {
  const standard = standardClientFactory({ env });
  return <C>(type: ClientClass<C>, region: string): C =>
    (type as unknown) === KinesisClient ? (standard(Http1KinesisClient, region) as unknown as C) : standard(type, region);
}

/** Plain SDK clients for seeding (endpoint and credentials from the environment). */
export const seedClients: ClientFactory = <C>(type: ClientClass<C>, region: string): C =>
  new type({
    region,
    maxAttempts: 3,
    ...((type as unknown) === S3Client ? { forcePathStyle: true } : {}),
    ...((type as unknown) === KinesisClient ? { requestHandler: new NodeHttpHandler() } : {}),
  });
