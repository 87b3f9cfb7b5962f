import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { apiCallPatterns, apiCallRules, CONFIG_CHANGE_PATTERN, forwardEventsText, HEADER, MAX_PATTERN_CHARACTERS } from '../../deploy/generate-api-call-rules.js';
import { CLOUDTRAIL_CALLS } from '../../inventory/events/call-table.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'api-call-rules.yml');

describe('deploy/api-call-rules.yml', () => {
  it('is up to date with the event adapter table (run `npm run generate:rules` when it is not)', () => {
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(HEADER)).toBe(true);
    expect(parse(text)).toEqual(apiCallRules());
  });

  it('covers every mapped call once, in patterns that fit the quota', () => {
    const patterns = apiCallPatterns();
    const matched = patterns.flatMap((pattern) => pattern.detail.$or.flatMap((branch) => (branch.eventSource ?? ['*']).flatMap((source) => branch.eventName.map((name) => `${source} ${name}`))));
    expect(matched.sort()).toEqual(CLOUDTRAIL_CALLS.map((row) => `${row.eventSource} ${row.eventName}`).sort());
    expect(new Set(matched).size).toBe(matched.length);
    for (const pattern of patterns) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(MAX_PATTERN_CHARACTERS);
  });
});

describe('deploy/forward-events.yml (member accounts)', () => {
  const forwardFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'forward-events.yml');

  it('is up to date with the event adapter table', () => {
    expect(readFileSync(forwardFile, 'utf8')).toBe(forwardEventsText());
  });

  it("forwards exactly the scanner's Config and CloudTrail patterns to the scanner account's default bus", () => {
    const template = parse(readFileSync(forwardFile, 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const rules = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Events::Rule');
    expect(rules.map((rule) => rule.Properties['EventPattern'])).toEqual([CONFIG_CHANGE_PATTERN, ...apiCallPatterns()]);
    for (const rule of rules) {
      expect(rule.Properties['Targets']).toEqual([
        { Id: 'gatewatch-scanner', Arn: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${ScannerRegion}:${ScannerAccountId}:event-bus/default' }, RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } },
      ]);
    }
  });

  it('gives the forwarding role events:PutEvents on the scanner bus and nothing else, trusted by EventBridge of this account only', () => {
    const template = parse(readFileSync(forwardFile, 'utf8')) as { Resources: { ForwardRole: { Properties: { AssumeRolePolicyDocument: unknown; Policies: { PolicyDocument: { Statement: unknown[] } }[]; Tags: { Key: string }[] } } } };
    const role = template.Resources.ForwardRole.Properties;
    expect(role.Policies.flatMap((policy) => policy.PolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${ScannerRegion}:${ScannerAccountId}:event-bus/default' } },
    ]);
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
    });
    expect(role.Tags.map((tag) => tag.Key)).toEqual(['Environment', 'Project', 'Team', 'CostCenter']);
  });
});
