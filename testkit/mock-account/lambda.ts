/**
 * Lambda functions in the mocked account (every other one in a VPC).
 */

import { LambdaClient, ListFunctionsCommand, type FunctionConfiguration, type ListFunctionsCommandInput, type ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, type Build, hex, type Network, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface LambdaData {
  readonly functions: FunctionConfiguration[];
}

export function lambdaData(build: Build, network: Network): LambdaData {
  const { n, arn, groupId, register } = build;
  const { vpcOf, subnetOf } = network;
  const functions: FunctionConfiguration[] = Array.from({ length: n }, (_, index) => {
    const name = `handler-${index}`;
    const inVpc = index % 2 === 0;
    return {
      FunctionName: name,
      FunctionArn: arn('lambda', `function:${name}`),
      Runtime: 'nodejs20.x',
      Role: `arn:aws:iam::${ACCOUNT}:role/handler-${index % 20}`,
      Handler: 'index.handler',
      CodeSize: 4096,
      Description: '',
      Timeout: 30,
      MemorySize: 512,
      LastModified: '2026-01-02T03:04:05.000+0000',
      CodeSha256: Buffer.from(`code-${index}`).toString('base64'),
      Version: '$LATEST',
      ...(inVpc ? { VpcConfig: { SubnetIds: [subnetOf(index), subnetOf(index + 1)], SecurityGroupIds: [groupId(index)], VpcId: vpcOf(index) } } : {}),
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: `0b1c2d3e-0000-4000-8000-${hex(index, 12)}`,
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 512 },
    };
  });
  functions.forEach((fn, index) => register(fn.FunctionArn ?? '', 'lambda', 'function', tagsOf('handler', index)));
  return { functions };
}

export function mockLambda(at: At<LambdaData>): Restorable[] {
  const lambda = mockClient(LambdaClient);
  lambda.on(ListFunctionsCommand).callsFake(async (input: ListFunctionsCommandInput, getClient): Promise<Out<ListFunctionsCommandOutput>> => {
    // ListFunctions returns at most 50 per call whatever MaxItems asks.
    const page = paginate('ListFunctions', (await at(getClient)).functions, input.Marker, input.MaxItems, 50);
    return { Functions: page.items, NextMarker: page.next };
  });
  return [lambda];
}
