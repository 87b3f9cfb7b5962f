/**
 * A service granted whole is counted off its index entries while it is not decoded: this file asks
 * grantedActions before anything decodes a service (each test file loads the module afresh), then
 * checks every count against the decoded actions.
 */
import { describe, expect, it } from '@jest/globals';
import {
  accessLevelFacet,
  actionsMatching,
  bothFacets,
  grantedActions,
  primaryAccessLevelFacet,
  RESOURCE_LEVEL,
  type AccessLevel,
  type ActionFacet,
} from '../../../rules/lib/iam-actions.js';

const LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

describe('grantedActions on services not yet decoded', () => {
  it('counts Action "*" off the entries as the decoded actions count it, for every facet', () => {
    const facets: readonly ActionFacet[] = [
      RESOURCE_LEVEL,
      ...LEVELS.map(accessLevelFacet),
      ...LEVELS.map(primaryAccessLevelFacet),
      ...LEVELS.map((level) => bothFacets(RESOURCE_LEVEL, primaryAccessLevelFacet(level))),
    ];
    const counted = facets.map((facet) => grantedActions(['*'], facet).count);
    const every = actionsMatching('*');
    expect(counted).toEqual(facets.map((facet) => every.filter(facet.selects).length));
    expect(counted.every((count) => count > 0)).toBe(true);
  });
});
