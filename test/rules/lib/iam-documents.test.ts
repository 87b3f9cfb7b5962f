import { describe, expect, it } from '@jest/globals';
import { identityDocumentsOf, listCounted, listSome, nothingToJudge } from '../../../rules/lib/iam-documents.js';
import { item } from '../../support/items.js';

const document = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } };
const encoded = encodeURIComponent(JSON.stringify(document));

describe('identityDocumentsOf', () => {
  it('gives the default version of a customer managed policy, decoded', () => {
    const policy = item('AWS::IAM::Policy', 'ANPA1', {
      policyName: 'reader',
      arn: 'arn:aws:iam::111122223333:policy/reader',
      defaultVersionId: 'v2',
      policyVersionList: [
        { versionId: 'v1', isDefaultVersion: false, document: encodeURIComponent('{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}') },
        { versionId: 'v2', isDefaultVersion: true, document: encoded },
      ],
    });
    expect(identityDocumentsOf(policy)).toEqual({ kind: 'managed', policy: 'reader', documents: [{ policy: 'reader', document }] });
  });

  it('falls back to defaultVersionId, and says what is missing', () => {
    const unflagged = item('AWS::IAM::Policy', 'ANPA2', { policyName: 'p', arn: 'arn:aws:iam::111122223333:policy/p', defaultVersionId: 'v1', policyVersionList: [{ versionId: 'v1', isDefaultVersion: null, document: encoded }] });
    expect(identityDocumentsOf(unflagged).kind).toBe('managed');
    const noVersion = item('AWS::IAM::Policy', 'ANPA3', { policyName: 'p', defaultVersionId: 'v9', policyVersionList: null });
    expect(identityDocumentsOf(noVersion)).toEqual({ kind: 'noDefaultVersion', policy: 'p', version: 'v9' });
    const noDocument = item('AWS::IAM::Policy', 'ANPA4', { policyName: 'p', defaultVersionId: 'v1', policyVersionList: [{ versionId: 'v1', isDefaultVersion: true, document: null }] });
    expect(identityDocumentsOf(noDocument)).toEqual({ kind: 'noDocument', policy: 'p', version: 'v1' });
    const awsManaged = item('AWS::IAM::Policy', 'ANPA5', { policyName: 'ReadOnlyAccess', arn: 'arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess' });
    expect(identityDocumentsOf(awsManaged)).toEqual({ kind: 'awsManaged', policy: 'ReadOnlyAccess' });
  });

  it('gives the inline policies of a principal, named with it, and those without a document', () => {
    const role = item('AWS::IAM::Role', 'AROA1', { roleName: 'app', rolePolicyList: [{ policyName: 'read', policyDocument: encoded }, { policyName: 'lost', policyDocument: null }] });
    expect(identityDocumentsOf(role)).toEqual({
      kind: 'inline',
      principal: 'role app',
      policies: 'read, lost',
      documents: [{ policy: 'read of role app', document }],
      missing: ['lost of role app'],
    });
    expect(identityDocumentsOf(item('AWS::IAM::User', 'AIDA1', { userName: 'u', userPolicyList: [] }))).toEqual({ kind: 'noInlinePolicies', principal: 'user u' });
    expect(identityDocumentsOf(item('AWS::IAM::Group', 'AGPA1', { groupPolicyList: null }, { resourceName: 'devs' }))).toEqual({ kind: 'noInlinePolicies', principal: 'group devs' });
  });
});

describe('listSome', () => {
  it('lists up to five, then says how many more', () => {
    expect(listSome([])).toBe('');
    expect(listSome(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c, d, e');
    expect(listSome(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e and 2 more');
    expect(listSome(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
  });
});

describe('listCounted', () => {
  it('says what listSome says of a list known by its first entries and its length', () => {
    const list = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (let length = 0; length <= list.length; length += 1) {
      const entries = list.slice(0, length);
      expect([length, listCounted(entries.slice(0, 5), length)]).toEqual([length, listSome(entries)]);
      expect([length, listCounted(entries.slice(0, 2), length, 2)]).toEqual([length, listSome(entries, 2)]);
    }
    expect(listCounted(['a', 'b', 'c', 'd', 'e'], 22_091)).toBe('a, b, c, d, e and 22086 more');
  });
});

describe('nothingToJudge', () => {
  it('makes AWS managed policies and principals without inline policies not applicable, unrecorded documents unknown', () => {
    expect(nothingToJudge({ kind: 'awsManaged', policy: 'ReadOnlyAccess' })).toEqual({ status: 'NOT_APPLICABLE', messageId: 'awsManaged', data: { policy: 'ReadOnlyAccess' } });
    expect(nothingToJudge({ kind: 'noInlinePolicies', principal: 'role app' })).toEqual({ status: 'NOT_APPLICABLE', messageId: 'noInlinePolicies', data: { principal: 'role app' } });
    expect(nothingToJudge({ kind: 'noDefaultVersion', policy: 'p', version: 'v3' })).toEqual({ status: 'UNKNOWN', messageId: 'noDefaultVersion', data: { policy: 'p', version: 'v3' } });
    expect(nothingToJudge({ kind: 'noDocument', policy: 'p', version: 'v1' })).toEqual({ status: 'UNKNOWN', messageId: 'noDocument', data: { policy: 'p', version: 'v1' } });
  });
});
