import { describe, expect, it } from '@jest/globals';
import type { PolicyDocument } from '../../../model/policy-document.js';
import { statementsOf } from '../../../rules/lib/policy-statements.js';

describe('statementsOf', () => {
  it('makes one statement a list, and every string-or-list field a list', () => {
    const document: PolicyDocument = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } };
    expect(statementsOf(document)).toEqual([
      { label: '#0', effect: 'Allow', actions: ['s3:GetObject'], notActions: undefined, resources: ['arn:aws:s3:::b/*'], notResources: undefined, principal: undefined, condition: undefined },
    ]);
  });

  it('labels statements by Sid, else by position, and keeps NotAction, NotResource, Principal and Condition', () => {
    const document: PolicyDocument = {
      Statement: [
        { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', NotAction: ['s3:List*'], NotResource: 'arn:aws:s3:::b', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Sid: '', Effect: 'Allow', Action: ['ec2:Describe*', 'iam:List*'], Resource: ['*'] },
      ],
    };
    const [first, second] = statementsOf(document);
    expect(first).toMatchObject({ label: 'TlsOnly', effect: 'Deny', principal: '*', notActions: ['s3:List*'], notResources: ['arn:aws:s3:::b'], condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(second).toMatchObject({ label: '#1', effect: 'Allow', actions: ['ec2:Describe*', 'iam:List*'], resources: ['*'] });
  });
});
