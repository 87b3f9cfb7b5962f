/**
 * IAM Access Analyzer analyzers as AWS Config records them (AWS::AccessAnalyzer::Analyzer:
 * `AnalyzerName`, `Arn`, `Type`), with gatewatch's supplementary `AnalyzerStatus` (the status AWS
 * Config does not record), for access-analyzer-enabled.
 *
 * ListAnalyzers without a type filter lists every analyzer of the Region — external, internal and
 * unused access, account or organization zone of trust — with its status and tags, in one walk
 * (every page; AWS documents no largest page size, so the service's default is used). A Region
 * holds a handful of analyzers, so this is one call in practice. A failed walk records an error for
 * the Region's analyzers, so the rule is UNKNOWN there instead of failing for "no analyzer".
 */
import { AccessAnalyzerClient, ListAnalyzersCommand, type AnalyzerSummary } from '@aws-sdk/client-accessanalyzer';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf } from '../../../model/resource-types/index.js';
import { plain, type CollectContext, type Collector, type RawItem } from '../collector.js';

const ANALYZER = 'AWS::AccessAnalyzer::Analyzer' as const satisfies ResourceType;

export function analyzerItem(context: CollectContext, analyzer: AnalyzerSummary): RawItem | undefined {
  const name = analyzer.name;
  if (name === undefined) return undefined;
  const arn = analyzer.arn ?? arnOf(ANALYZER, context, name);
  return {
    resourceType: ANALYZER,
    resourceId: name,
    resourceName: name,
    ARN: arn,
    availabilityZone: 'Not Applicable',
    resourceCreationTime: analyzer.createdAt?.toISOString(),
    tags: analyzer.tags ?? {},
    configuration: plain({ AnalyzerName: name, Arn: arn, Type: analyzer.type }) as Record<string, unknown>,
    supplementaryConfiguration: {
      AnalyzerStatus: plain({ Status: analyzer.status, StatusReason: analyzer.statusReason?.code === undefined ? undefined : { Code: analyzer.statusReason.code } }),
    },
  };
}

export const accessanalyzerCollector: Collector = {
  service: 'access-analyzer',
  produces: [ANALYZER],
  async collect(context, types) {
    if (!types.has(ANALYZER)) return;
    const accessanalyzer = context.client(AccessAnalyzerClient);
    await context.attempt([ANALYZER], async () => {
      const pages = context.pages(
        'ListAnalyzers',
        (nextToken) => accessanalyzer.send(new ListAnalyzersCommand({ nextToken })),
        (page) => page.nextToken,
      );
      for await (const page of pages) {
        for (const analyzer of page.analyzers ?? []) {
          const item = analyzerItem(context, analyzer);
          if (item !== undefined) context.emit(item);
        }
      }
    });
  },
};
