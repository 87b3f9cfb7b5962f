/** ECS services, identified by ARN (tagged through the generic TagResource: inventory/events/reread-calls.ts). */
import { z } from 'zod';
import { arnIdentified } from './arn.js';
import { describeService } from './describe.js';
import { loose, str, strList } from './fields.js';

export const ecs = describeService({
  types: {
    'AWS::ECS::Service': {
      schema: loose({
        ServiceName: str,
        ServiceArn: str,
        Cluster: str,
        LaunchType: str,
        /** Fargate capacity providers (`FARGATE`, `FARGATE_SPOT`) require the awsvpc network mode. */
        CapacityProviderStrategy: z.array(loose({ CapacityProvider: str })).nullish(),
        NetworkConfiguration: loose({
          AwsvpcConfiguration: loose({ AssignPublicIp: str, Subnets: strList, SecurityGroups: strList }).nullish(),
        }).nullish(),
      }),
      taggable: true,
      asff: 'AwsEcsService',
      arn: arnIdentified('ecs', /^service\//),
      reads: ['ecs:DescribeServices', 'ecs:ListClusters', 'ecs:ListServices'],
    },
  },
});
