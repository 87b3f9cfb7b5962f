/** DynamoDB tables. */
import { slashNamed } from './arn.js';
import { calls, type CallDetail, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { loose, str } from './fields.js';

const TABLE_ARN = slashNamed('dynamodb', 'table');

const tableRead = (call: CallDetail): Reading => {
  const name = call.text(['requestParameters', 'tableName']);
  const arn = call.optionalText(['responseElements', 'tableDescription', 'tableArn']) ?? TABLE_ARN.build(call, name);
  return [{ resourceType: 'AWS::DynamoDB::Table', resourceId: name, arn }];
};

export const dynamodb = describeService({
  types: {
    'AWS::DynamoDB::Table': {
      schema: loose({
        tableName: str,
        /** Present whenever the table was described; tells "no SSE description" apart from "not described". */
        tableStatus: str,
        /** Absent: encrypted with an AWS owned key (DynamoDB always encrypts). */
        ssedescription: loose({ ssetype: str, status: str, kmsmasterKeyArn: str }).nullish(),
      }),
      taggable: true,
      asff: 'AwsDynamoDbTable',
      tagging: 'dynamodb:table',
      arn: TABLE_ARN,
      reads: ['dynamodb:DescribeTable', 'dynamodb:ListTables'],
      changedBy: [calls('dynamodb', ['CreateTable', 'UpdateTable'], tableRead)],
    },
  },
});
