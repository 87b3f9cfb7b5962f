/**
 * IAM Access Analyzer analyzers (AWS::AccessAnalyzer::Analyzer). AWS Config records an analyzer's
 * name, ARN, type (its zone of trust and kind: ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, …) and
 * archive rules, not its status: gatewatch adds the status ListAnalyzers reports as a supplementary
 * fact (`AnalyzerStatus`), so a plain Config snapshot leaves access-analyzer-enabled UNKNOWN where
 * the status decides. Creating or deleting an analyzer re-scans the audit gate
 * (inventory/events/rescan-calls.ts).
 */
import { slashNamed } from './arn.js';
import { arnAt, calls } from './calls.js';
import { describeService } from './describe.js';
import { loose, str } from './fields.js';

export const accessanalyzer = describeService({
  types: {
    'AWS::AccessAnalyzer::Analyzer': {
      schema: loose({ AnalyzerName: str, Arn: str, Type: str }),
      /** A gatewatch extension: the analyzer's status (ACTIVE, CREATING, DISABLED, FAILED) and its reason. */
      supplementary: loose({
        AnalyzerStatus: loose({ Status: str, StatusReason: loose({ Code: str }).nullish() }).nullish(),
      }),
      taggable: true,
      // ASFF has no analyzer resource type.
      asff: 'Other',
      arn: slashNamed('access-analyzer', 'analyzer'),
      reads: ['access-analyzer:ListAnalyzers'],
      changedBy: [calls('access-analyzer', ['TagResource', 'UntagResource'], arnAt(['requestParameters', 'resourceArn']))],
    },
  },
});
