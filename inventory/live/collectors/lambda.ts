/**
 * Lambda functions as AWS Config records them (AWS::Lambda::Function, camelCase): ListFunctions,
 * 50 per page (its maximum), which carries each function's configuration including VpcConfig.
 * ListFunctions carries no tags; they come from the Resource Groups Tagging API
 * (`lambda:function`), walked only when the Region has functions.
 */
import { LambdaClient, ListFunctionsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import { plain, type CollectContext, type Collector, type RawItem } from '../collector.js';

const FUNCTION = 'AWS::Lambda::Function' as const satisfies ResourceType;

type Tags = ReadonlyMap<string, Readonly<Record<string, string>>>;

/**
 * The FunctionConfiguration fields AWS Config records (the published properties). Never the
 * environment variables (they may hold secrets, and Config's schema does not list them); `state`
 * and `stateReason` are left out, as the published schema gives them a shape (`.value`) that
 * Lambda's plain strings do not have.
 */
export function functionConfiguration(fn: FunctionConfiguration): Record<string, unknown> {
  const image = fn.ImageConfigResponse;
  return plain({
    functionName: fn.FunctionName,
    functionArn: fn.FunctionArn,
    runtime: fn.Runtime,
    role: fn.Role,
    handler: fn.Handler,
    codeSize: fn.CodeSize,
    description: fn.Description,
    timeout: fn.Timeout,
    memorySize: fn.MemorySize,
    // As Lambda reports it (e.g. 2026-01-02T03:04:05.000+0000), which Config records unchanged.
    lastModified: fn.LastModified,
    codeSha256: fn.CodeSha256,
    version: fn.Version,
    vpcConfig: fn.VpcConfig && { subnetIds: fn.VpcConfig.SubnetIds, securityGroupIds: fn.VpcConfig.SecurityGroupIds },
    deadLetterConfig: fn.DeadLetterConfig && { targetArn: fn.DeadLetterConfig.TargetArn },
    kmskeyArn: fn.KMSKeyArn,
    tracingConfig: fn.TracingConfig && { mode: fn.TracingConfig.Mode },
    revisionId: fn.RevisionId,
    layers: fn.Layers?.map((layer) => ({
      arn: layer.Arn,
      codeSize: layer.CodeSize,
      signingProfileVersionArn: layer.SigningProfileVersionArn,
      signingJobArn: layer.SigningJobArn,
    })),
    stateReasonCode: fn.StateReasonCode,
    lastUpdateStatus: fn.LastUpdateStatus,
    lastUpdateStatusReasonCode: fn.LastUpdateStatusReasonCode,
    fileSystemConfigs: fn.FileSystemConfigs?.map((config) => ({ arn: config.Arn, localMountPath: config.LocalMountPath })),
    signingProfileVersionArn: fn.SigningProfileVersionArn,
    signingJobArn: fn.SigningJobArn,
    packageType: fn.PackageType,
    imageConfigResponse: image && {
      imageConfig: image.ImageConfig && { entryPoint: image.ImageConfig.EntryPoint, workingDirectory: image.ImageConfig.WorkingDirectory },
      error: image.Error && { errorCode: image.Error.ErrorCode },
    },
    architectures: fn.Architectures,
    ephemeralStorage: fn.EphemeralStorage && { size: fn.EphemeralStorage.Size },
  }) as Record<string, unknown>;
}

export function functionItem(context: CollectContext, fn: FunctionConfiguration, tags: Tags | undefined): RawItem | undefined {
  const name = fn.FunctionName;
  if (name === undefined) return undefined;
  const arn = fn.FunctionArn ?? arnOf(FUNCTION, context, name);
  return {
    resourceType: FUNCTION,
    // AWS Config identifies a function by its name.
    resourceId: name,
    resourceName: name,
    ARN: arn,
    availabilityZone: 'Not Applicable',
    tags: tags?.get(arn) ?? {},
    relationships: [
      ...(fn.Role === undefined ? [] : [{ resourceType: 'AWS::IAM::Role', resourceName: fn.Role.slice(fn.Role.lastIndexOf('/') + 1), name: 'Is associated with Role' }]),
      ...(fn.VpcConfig?.SubnetIds ?? []).map((subnet) => ({ resourceType: 'AWS::EC2::Subnet', resourceId: subnet, name: 'Is contained in Subnet' })),
    ],
    configuration: functionConfiguration(fn),
  };
}

export const lambdaCollector: Collector = {
  service: 'lambda',
  produces: [FUNCTION],
  async collect(context, types) {
    if (!types.has(FUNCTION)) return;
    const lambda = context.client(LambdaClient);

    const functions: FunctionConfiguration[] = [];
    await context.attempt([FUNCTION], async () => {
      const pages = context.pages(
        'ListFunctions',
        (Marker) => lambda.send(new ListFunctionsCommand({ MaxItems: 50, Marker })),
        (page) => page.NextMarker,
      );
      for await (const page of pages) functions.push(...(page.Functions ?? []));
    });
    if (functions.length === 0) return;

    // If the tag walk fails the functions are still emitted, without tags; the recorded
    // tags-aspect error keeps tag-reading rules from judging them.
    let tags: Tags | undefined;
    await context.attempt(
      [FUNCTION],
      async () => {
        tags = await context.taggingApi([taggingFilter(FUNCTION)]);
      },
      { aspect: 'tags' },
    );
    for (const fn of functions) {
      const item = functionItem(context, fn, tags);
      if (item !== undefined) context.emit(item);
    }
  },
};
