/** The rule tester must refuse the tables ESLint's RuleTester refuses, and incomplete ones. */
import { describe, expect, it } from '@jest/globals';
import rule from '../../rules/multi-az/rds-instance-multi-az.js';
import { item } from '../support/items.js';
import { runCase, validateTable, type RuleCase } from '../support/rule-tester.js';

const db = (id: string, multiAZ: boolean | null, tags: Record<string, string> = { Environment: 'prod' }) =>
  item('AWS::RDS::DBInstance', id, { dBInstanceIdentifier: id, multiAZ }, { tags });
const complete: RuleCase[] = [
  { name: 'pass', items: [db('a', true)], expect: [{ resourceId: 'a', status: 'PASS', messageId: 'multiAz' }] },
  { name: 'fail', items: [db('a', false)], expect: [{ resourceId: 'a', status: 'FAIL', messageId: 'singleAz' }] },
  { name: 'n/a', items: [db('a', false, {})], expect: [{ resourceId: 'a', status: 'NOT_APPLICABLE', messageId: 'notProduction' }] },
  { name: 'unknown', items: [db('a', null)], expect: [{ resourceId: 'a', status: 'UNKNOWN', messageId: 'missing' }] },
  {
    name: 'several',
    items: [db('a', true), db('b', false)],
    expect: [
      { resourceId: 'a', status: 'PASS', messageId: 'multiAz' },
      { resourceId: 'b', status: 'FAIL', messageId: 'singleAz' },
    ],
  },
];

describe('the rule tester', () => {
  it('accepts a complete table', () => {
    expect(() => validateTable(rule, complete)).not.toThrow();
  });

  it('rejects duplicate case names and duplicate cases', () => {
    const [pass] = complete;
    if (pass === undefined) throw new Error('table is empty');
    expect(() => validateTable(rule, [...complete, { ...pass }])).toThrow('duplicate case name "pass"');
    expect(() => validateTable(rule, [...complete, { ...pass, name: 'again' }])).toThrow('case "again" duplicates an earlier case');
  });

  it('rejects message ids the rule does not define', () => {
    const bad: RuleCase = { name: 'typo', items: [db('z', true)], expect: [{ resourceId: 'z', status: 'PASS', messageId: 'multiAZ' }] };
    expect(() => validateTable(rule, [...complete, bad])).toThrow('expects unknown message id "multiAZ"');
  });

  it.each(['PASS', 'FAIL', 'NOT_APPLICABLE', 'UNKNOWN'])('demands a %s case', (status) => {
    const without = complete.filter((testCase) => !testCase.expect.some((expected) => expected.status === status));
    expect(() => validateTable(rule, without)).toThrow(`the table has no case for ${status}`);
  });

  it('demands a case with several resources, telling account × Region items apart by Region', () => {
    const single = complete.filter((testCase) => testCase.expect.length < 2);
    expect(() => validateTable(rule, single)).toThrow('the table has no case for several');
    const twoRegions: RuleCase = {
      name: 'two regions',
      items: [db('a', true), item('AWS::RDS::DBInstance', 'a', { multiAZ: true }, { awsRegion: 'us-east-1', tags: { Environment: 'prod' } })],
      expect: [
        { resourceId: 'a', region: 'eu-west-1', status: 'PASS', messageId: 'multiAz' },
        { resourceId: 'a', region: 'us-east-1', status: 'PASS', messageId: 'multiAz' },
      ],
    };
    expect(() => validateTable(rule, [...single, twoRegions])).not.toThrow();
  });

  it('lets a rule leave out NOT_APPLICABLE only with a stated reason', () => {
    const withoutNa = complete.filter((testCase) => testCase.name !== 'n/a');
    expect(() => validateTable(rule, withoutNa, { noNotApplicable: 'every account needs it' })).not.toThrow();
    expect(() => validateTable(rule, withoutNa, { noNotApplicable: ' ' })).toThrow('noNotApplicable needs a real reason');
    expect(() => validateTable(rule, complete, { noNotApplicable: 'every account needs it' })).toThrow('but a case expects NOT_APPLICABLE');
  });

  it('runs a case through the engine', () => {
    expect(runCase(rule, complete[4] as RuleCase).map((evaluation) => evaluation.status)).toEqual(['PASS', 'FAIL']);
  });
});
