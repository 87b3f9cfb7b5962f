/** Lambda functions (tagged through the generic TagResource: inventory/events/reread-calls.ts). */
import { describeService } from './describe.js';
import { loose, str, strList } from './fields.js';

export const lambda = describeService({
  types: {
    'AWS::Lambda::Function': {
      schema: loose({
        functionName: str,
        vpcConfig: loose({ subnetIds: strList, securityGroupIds: strList }).nullish(),
      }),
      taggable: true,
      asff: 'AwsLambdaFunction',
      tagging: 'lambda:function',
      // A version's or alias's ARN (`function:NAME:QUALIFIER`) names the function.
      arn: {
        service: 'lambda',
        regional: true,
        inAccount: true,
        resource: /^function:([^:]+)(?::.*)?$/,
        id: 'name',
        canonical: true,
        build: (scope, name) => `arn:${scope.partition}:lambda:${scope.region}:${scope.accountId}:function:${name}`,
      },
      reads: ['lambda:ListFunctions'],
    },
  },
});
