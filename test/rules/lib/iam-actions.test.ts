import { describe, expect, it } from '@jest/globals';
import {
  accessLevelFacet,
  ACCESS_LEVELS,
  accessLevelsOf,
  actionsMatching,
  actionsOfService,
  bothFacets,
  grantedActions,
  grantedActionsExcept,
  grantedActionsOf,
  hasWildcard,
  iamServices,
  matchesEveryAction,
  matchesWildcard,
  primaryAccessLevel,
  primaryAccessLevelFacet,
  RESOURCE_LEVEL,
  type IamAction,
} from '../../../rules/lib/iam-actions.js';

describe('matchesWildcard', () => {
  it.each([
    ['s3:GetObject', 's3:GetObject', true],
    ['s3:getobject', 'S3:GetObject', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:Get', true],
    ['s3:Get*', 's3:PutObject', false],
    ['*Object', 's3:GetObject', true],
    ['*Object', 's3:GetObjectAcl', false],
    ['s3:?etObject', 's3:GetObject', true],
    ['s3:?etObject', 's3:etObject', false],
    ['?', '', false],
    ['*', '', true],
    ['*', 'anything:at all', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    // backtracking: the first "bc" is not the end
    ['a*bc', 'abcbc', true],
    ['a**c', 'ac', true],
    // no regular-expression meaning
    ['s3:Get.bject', 's3:GetObject', false],
    ['arn:aws:s3:::[x]', 'arn:aws:s3:::[x]', true],
    ['', '', true],
    ['', 'x', false],
  ])('%s against %s: %s', (pattern, value, expected) => {
    expect(matchesWildcard(pattern, value)).toBe(expected);
  });

  it('compares case-sensitively when asked (ARNs)', () => {
    expect(matchesWildcard('arn:aws:kms:*:*:key/*', 'arn:aws:kms:eu-west-1:111122223333:key/abc', false)).toBe(true);
    expect(matchesWildcard('arn:aws:kms:*:*:KEY/*', 'arn:aws:kms:eu-west-1:111122223333:key/abc', false)).toBe(false);
    expect(matchesWildcard('arn:aws:kms:*:*:KEY/*', 'arn:aws:kms:eu-west-1:111122223333:key/abc')).toBe(true);
  });

  it('stays fast on patterns with many stars', () => {
    const started = Date.now();
    expect(matchesWildcard(`${'*a'.repeat(40)}b`, 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('hasWildcard and matchesEveryAction', () => {
  it.each([
    ['*', true, true],
    ['*:*', true, true],
    ['**', true, true],
    ['s3:*', true, false],
    ['*:GetObject', true, false],
    ['*Object', true, false],
    ['s3:GetObject', false, false],
    ['s3:?etObject', true, false],
  ])('%s: wildcard %s, every action %s', (pattern, wildcard, every) => {
    expect(hasWildcard(pattern)).toBe(wildcard);
    expect(matchesEveryAction(pattern)).toBe(every);
  });
});

describe('the IAM action data', () => {
  it('knows the services and their actions', () => {
    expect(iamServices()).toEqual(expect.arrayContaining(['s3', 'ec2', 'kms', 'iam', 'sts']));
    expect(actionsOfService('S3').length).toBeGreaterThan(100);
    expect(actionsOfService('nosuchservice')).toEqual([]);
  });

  it('tells resource-level actions from wildcard-only ones', () => {
    expect(actionsMatching('s3:GetObject')).toEqual([{ service: 's3', name: 'GetObject', id: 's3:GetObject', resourceLevel: true }]);
    expect(actionsMatching('kms:Decrypt')).toEqual([expect.objectContaining({ resourceLevel: true })]);
    expect(actionsMatching('ec2:DescribeInstances')).toEqual([expect.objectContaining({ id: 'ec2:DescribeInstances', resourceLevel: false })]);
    expect(actionsMatching('s3:ListAllMyBuckets')).toEqual([expect.objectContaining({ resourceLevel: false })]);
  });

  it('matches names case-insensitively and returns AWS spelling', () => {
    expect(actionsMatching('S3:GETOBJECT').map((action) => action.id)).toEqual(['s3:GetObject']);
  });

  it('expands patterns against the data', () => {
    const gets = actionsMatching('s3:Get*').map((action) => action.id);
    expect(gets).toContain('s3:GetObject');
    expect(gets.every((id) => id.startsWith('s3:Get'))).toBe(true);
    expect(actionsMatching('s3:?etObject').map((action) => action.id)).toEqual(['s3:GetObject']);
    expect(actionsMatching('*Object').map((action) => action.id)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject']));
    expect(actionsMatching('s3*:GetObject').map((action) => action.id).sort()).toEqual(['s3-object-lambda:GetObject', 's3-outposts:GetObject', 's3:GetObject']);
    const every = actionsMatching('*');
    expect(every.length).toBeGreaterThan(10_000);
    expect(every.some((action) => !action.resourceLevel)).toBe(true);
    expect(actionsMatching('*:*')).toHaveLength(every.length);
  });

  it('returns nothing for what it does not know, and never reads a path from a pattern', () => {
    expect(actionsMatching('s3:GetObjcet')).toEqual([]);
    expect(actionsMatching('kestrelsvc:*')).toEqual([]);
    expect(actionsMatching('../../package:*')).toEqual([]);
    expect(actionsMatching('s3:Get:Object')).toEqual([]);
  });

  it('memoizes per pattern, whatever its case', () => {
    expect(actionsMatching('dynamodb:Get*')).toBe(actionsMatching('DYNAMODB:get*'));
    expect(actionsOfService('kms')).toBe(actionsOfService('KMS'));
  });
});

describe('grantedActions', () => {
  /** What the rule computed before summaries: every entry expanded, deduplicated, filtered, sorted. */
  function expanded(entries: readonly string[], selects: (action: IamAction) => boolean) {
    const ids = new Set<string>();
    const unknown: string[] = [];
    for (const entry of entries) {
      const matched = actionsMatching(entry);
      if (matched.length === 0) unknown.push(entry);
      for (const action of matched) if (selects(action)) ids.add(action.id);
    }
    const sorted = [...ids].sort();
    return { count: sorted.length, first: sorted.slice(0, 5), unknown };
  }

  it.each([
    [['*']],
    [['*:*', 's3:GetObject']],
    [['s3:*', 's3:Get*']],
    [['S3:*']],
    [['s3*:*']],
    [['s3*:GetObject']],
    [['s3:GetObject', 's3-outposts:*']],
    [['*Object']],
    [['*Object', 's3:*']],
    [['ec2:Describe*', 'ec2:DescribeInstances']],
    [['iam:List*', 'iam:Get*', 'sts:*']],
    [['*:Get*']],
    [['?3:*', 'a*:*']],
    [['s3:GetObjcet', 'kestrelsvc:*', 's3:PutObject']],
    [['kestrelsvc:*']],
    [[]],
  ])('counts and names %j exactly as expanding every action would', (entries) => {
    expect(grantedActions(entries, RESOURCE_LEVEL)).toEqual(expanded(entries, (action) => action.resourceLevel));
  });

  it('orders ids across services as they sort: s3-outposts: before s3:', () => {
    expect(grantedActions(['s3*:GetObject'], RESOURCE_LEVEL).first).toEqual(['s3-object-lambda:GetObject', 's3-outposts:GetObject', 's3:GetObject']);
  });

  it('counts Action "*" from the per-service summaries: every resource-level action of the data', () => {
    const every = actionsMatching('*');
    const granted = grantedActions(['*'], RESOURCE_LEVEL);
    expect(granted.count).toBe(every.filter((action) => action.resourceLevel).length);
    expect(granted.count).toBeLessThan(every.length);
    expect(granted.first).toEqual(
      every
        .filter((action) => action.resourceLevel)
        .map((action) => action.id)
        .sort()
        .slice(0, 5),
    );
  });

  it('counts by access level as well (the facet is open)', () => {
    const permissions = accessLevelFacet('Permissions management');
    for (const entries of [['iam:*'], ['*'], ['iam:Put*', 's3:*']]) {
      expect(grantedActions(entries, permissions, 3)).toEqual({
        ...expanded(entries, permissions.selects),
        first: expanded(entries, permissions.selects).first.slice(0, 3),
      });
    }
    expect(grantedActions(['iam:PutRolePolicy', 'iam:GetRole'], permissions)).toEqual({ count: 1, first: ['iam:PutRolePolicy'], unknown: [] });
  });
});

describe('access levels as facets', () => {
  const primary = ACCESS_LEVELS.map(primaryAccessLevelFacet);
  const ids = (actions: readonly IamAction[]) => actions.map((action) => action.id).sort();

  it('groups an action of two levels under the more specific one', () => {
    expect(primaryAccessLevel(['Tagging', 'Write'])).toBe('Tagging');
    expect(primaryAccessLevel(['Permissions management', 'Write'])).toBe('Permissions management');
    expect(primaryAccessLevel(['List'])).toBe('List');
    expect(primaryAccessLevel([])).toBeUndefined();
    const [putRolePolicy] = actionsMatching('iam:PutRolePolicy');
    const [tagRole] = actionsMatching('iam:TagRole');
    expect(putRolePolicy && primary.filter((facet) => facet.selects(putRolePolicy)).map((facet) => facet.key)).toEqual(['primary:Permissions management']);
    expect(tagRole && primary.filter((facet) => facet.selects(tagRole)).map((facet) => facet.key)).toEqual(['primary:Tagging']);
  });

  it('splits every action of the data into exactly one level', () => {
    const every = actionsMatching('*');
    const counts = primary.map((facet) => every.filter(facet.selects).length);
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(every.length);
  });

  it('intersects two facets', () => {
    const listScoped = bothFacets(RESOURCE_LEVEL, primaryAccessLevelFacet('List'));
    expect(grantedActions(['ec2:Describe*'], listScoped, 100).first).toEqual(ids(actionsMatching('ec2:Describe*').filter((action) => action.resourceLevel)));
    expect(grantedActions(['s3:ListAllMyBuckets'], listScoped)).toEqual({ count: 0, first: [], unknown: [] });
    expect(grantedActions(['s3:ListAllMyBuckets'], primaryAccessLevelFacet('List')).count).toBe(1);
  });

  it('counts per facet in one call as one call per facet does', () => {
    const facets = primary.map((facet) => bothFacets(RESOURCE_LEVEL, facet));
    for (const entries of [['*'], ['s3:*', 'iam:Get*'], ['ec2:Describe*', 's3:ListAllMyBuckets'], ['kestrelsvc:*']]) {
      expect(grantedActionsOf(entries, facets, 3)).toEqual(facets.map((facet) => grantedActions(entries, facet, 3)));
    }
  });

  it('counts what a NotAction list leaves, as expanding every action would', () => {
    const every = actionsMatching('*');
    for (const notEntries of [['iam:*', 'organizations:*'], ['s3:Get*', 'kestrelsvc:*'], ['*:Put*']]) {
      const excluded = new Set(notEntries.flatMap((entry) => actionsMatching(entry)));
      const left = every.filter((action) => !excluded.has(action));
      const granted = grantedActionsExcept(notEntries, primary, 4);
      expect(granted).toEqual(
        primary.map((facet) => ({ count: left.filter(facet.selects).length, first: ids(left.filter(facet.selects)).slice(0, 4), unknown: notEntries.filter((entry) => actionsMatching(entry).length === 0) })),
      );
    }
    expect(grantedActionsExcept(['*'], [RESOURCE_LEVEL])).toEqual([{ count: 0, first: [], unknown: [] }]);
    expect(grantedActionsExcept(['kestrelsvc:*'], [RESOURCE_LEVEL])[0]?.unknown).toEqual(['kestrelsvc:*']);
  });
});

describe('accessLevelsOf', () => {
  it('gives the access levels the data gives', () => {
    const [getObject] = actionsMatching('s3:GetObject');
    const [tagRole] = actionsMatching('iam:TagRole');
    const [listBuckets] = actionsMatching('s3:ListAllMyBuckets');
    expect(getObject && accessLevelsOf(getObject)).toEqual(['Read']);
    expect(tagRole && accessLevelsOf(tagRole)).toEqual(['Tagging', 'Write']);
    expect(listBuckets && accessLevelsOf(listBuckets)).toEqual(['List']);
    expect(accessLevelsOf({ service: 'kestrelsvc', name: 'Get', id: 'kestrelsvc:Get', resourceLevel: true })).toEqual([]);
  });
});
