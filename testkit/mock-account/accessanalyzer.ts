/**
 * IAM Access Analyzer analyzers in the mocked account: `n` per Region, like every other type (AWS's
 * quotas allow far fewer: one account analyzer per type, a few organization ones; the count only
 * exercises paging). Their types cycle through external access (ACCOUNT, ORGANIZATION) and unused
 * access, every tenth is FAILED. ListAnalyzers pages them, 100 at a time when no page size is asked.
 */

import {
  AccessAnalyzerClient,
  ListAnalyzersCommand,
  type AnalyzerSummary,
  type ListAnalyzersCommandInput,
  type ListAnalyzersCommandOutput,
} from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { type At, type Build, CREATED, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface AccessAnalyzerData {
  readonly analyzers: readonly AnalyzerSummary[];
}

export function accessanalyzerData(build: Build): AccessAnalyzerData {
  const { n, arn } = build;
  const types = ['ACCOUNT', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION'] as const;
  const analyzers: AnalyzerSummary[] = [];
  for (let index = 0; index < n; index += 1) {
    const name = `analyzer-${index}`;
    analyzers.push({
      arn: arn('access-analyzer', `analyzer/${name}`),
      name,
      type: types[index % types.length],
      createdAt: CREATED,
      status: index % 10 === 9 ? 'FAILED' : 'ACTIVE',
      tags: { ...tagsOf('analyzer', index) },
    });
  }
  return { analyzers };
}

export function mockAccessAnalyzer(at: At<AccessAnalyzerData>): Restorable[] {
  const accessanalyzer = mockClient(AccessAnalyzerClient);
  accessanalyzer.on(ListAnalyzersCommand).callsFake(async (input: ListAnalyzersCommandInput, getClient): Promise<Out<ListAnalyzersCommandOutput>> => {
    const { analyzers } = await at(getClient);
    const listed = input.type === undefined ? analyzers : analyzers.filter((analyzer) => analyzer.type === input.type);
    const page = paginate('ListAnalyzers', listed, input.nextToken, input.maxResults, 100);
    return { analyzers: [...page.items], nextToken: page.next };
  });
  return [accessanalyzer];
}
