import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CredentialReportNotPresentException,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
  IAMServiceException,
  type UserDetail,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { iamCollector } from '../../../../inventory/live/collectors/iam.js';
import { parseCredentialReport, parseCsv, ReportParseError } from '../../../../inventory/live/collectors/iam-credentials.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import iamPolicyNoFullAdmin from '../../../../rules/least-privilege/iam-policy-no-full-admin.js';
import iamRootHardened from '../../../../rules/least-privilege/iam-root-hardened.js';
import iamUserMfaEnabled from '../../../../rules/least-privilege/iam-user-mfa-enabled.js';
import iamUserNoStaleAccessKeys from '../../../../rules/least-privilege/iam-user-no-stale-access-keys.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

// The mocked clock (testkit/live.ts) is 2026-11-23T12:00:00Z.
const GENERATED = new Date('2026-11-23T10:00:00Z');
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT_ROW = `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T09:00:00+00:00,not_supported,not_supported,false,true,2021-03-04T05:06:07+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
/** alice: password and MFA, a fresh key. bob: password without MFA, a key never used since 2025. ci: no password, no key. */
const ROWS = [
  `alice,arn:aws:iam::${ACCOUNT}:user/alice,2024-01-02T03:04:05+00:00,true,2026-11-20T08:00:00+00:00,2024-01-02T03:04:05+00:00,N/A,true,true,2026-10-01T00:00:00+00:00,2026-11-22T17:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `bob,arn:aws:iam::${ACCOUNT}:user/bob,2024-01-02T03:04:05+00:00,true,no_information,2024-01-02T03:04:05+00:00,N/A,false,true,2025-01-15T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `ci,arn:aws:iam::${ACCOUNT}:user/ci,2024-01-02T03:04:05+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
];
const report = (lines: readonly string[]) => [HEADER, ...lines].join('\n') + '\n';
const answer = (text: string, generated = GENERATED) => ({ Content: new TextEncoder().encode(text), GeneratedTime: generated, ReportFormat: 'text/csv' as const });

const userDetail = (name: string): UserDetail => ({
  Path: '/',
  UserName: name,
  UserId: `AIDA${name.toUpperCase()}`,
  Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  CreateDate: new Date('2024-01-02T03:04:05Z'),
  UserPolicyList: [],
  GroupList: [],
  AttachedManagedPolicies: [],
  Tags: [{ Key: 'Team', Value: 'core' }],
});
const USERS = ['alice', 'bob', 'ci'].map(userDetail);
const TYPES = ['AWS::IAM::User', 'AWS::IAM::RootUser'] as const;
const iamError = (name: string) => new IAMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message: `${name} from the test` });
const commandsSent = (mock: ReturnType<typeof mockClient>) => mock.calls().map((call) => call.args[0].constructor.name);
const reportError = (code: string, message: string | RegExp, operation = 'GetCredentialReport', extra: Record<string, unknown> = {}) => ({
  accountId: ACCOUNT,
  region: 'global',
  resourceTypes: [...TYPES],
  service: 'iam',
  operation,
  code,
  message: typeof message === 'string' ? message : expect.stringMatching(message),
  aspect: 'credentialReport',
  ...extra,
});

let mocks: ReturnType<typeof mockIdentity>;
let iam: ReturnType<typeof mockClient>;
beforeEach(() => {
  mocks = mockIdentity();
  iam = mockClient(IAMClient);
  iam.on(GetAccountAuthorizationDetailsCommand).resolves({ UserDetailList: USERS, IsTruncated: false });
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).resolves(answer(report([ROOT_ROW, ...ROWS])));
});
afterEach(() => {
  iam.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('parseCsv (RFC 4180)', () => {
  it('splits records on LF and CRLF, keeps quoted commas, line breaks and doubled quotes, and allows one final line break', () => {
    expect(parseCsv('a,b\r\n"x,1","say ""hi"""\n"two\nlines",\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
      ['two\nlines', ''],
    ]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it.each([
    ['"open', /not closed/],
    ['a"b,c', /quote inside an unquoted field on line 1/],
    ['h\n"x"y,z', /text after a closing quote on line 2/],
  ])('refuses %j', (text, message) => {
    expect(() => parseCsv(text)).toThrow(message);
  });
});

describe('parseCredentialReport', () => {
  const at = GENERATED.toISOString();

  it('reads users by ARN and the root row, with N/A, no_information and not_supported as null and dates in ISO 8601', () => {
    const parsed = parseCredentialReport(report([ROOT_ROW, ...ROWS]), at);
    expect(parsed.root).toEqual({
      generatedTime: at,
      passwordEnabled: null,
      passwordLastUsed: '2026-11-01T09:00:00.000Z',
      mfaActive: false,
      accessKeys: [
        { slot: 1, active: true, lastRotated: '2021-03-04T05:06:07.000Z', lastUsedDate: null },
        { slot: 2, active: false, lastRotated: null, lastUsedDate: null },
      ],
    });
    expect([...parsed.users.keys()]).toEqual(['alice', 'bob', 'ci'].map((name) => `arn:aws:iam::${ACCOUNT}:user/${name}`));
    expect(parsed.users.get(`arn:aws:iam::${ACCOUNT}:user/bob`)).toMatchObject({ passwordEnabled: true, passwordLastUsed: null, mfaActive: false });
  });

  it('finds columns by name, whatever their order, and ignores columns it does not read', () => {
    const text = 'mfa_active,extra,' + HEADER.replace(',mfa_active', '') + '\n' + `true,x,${ROWS[2]?.replace(',N/A,false,false,N/A', ',N/A,false,N/A') ?? ''}\n`;
    expect(parseCredentialReport(text, at).users.get(`arn:aws:iam::${ACCOUNT}:user/ci`)).toMatchObject({ mfaActive: true, passwordEnabled: false });
  });

  it.each([
    ['an empty report', '', /empty/],
    ['a missing column', HEADER.replace(',mfa_active', '') + '\n', /lacks the column mfa_active/],
    ['a header naming a column twice', `${HEADER},user\n`, /names a column twice/],
    ['a row with a field too few', report([ROWS[0]?.replace(/,N\/A$/, '') ?? '']), /line 2 has 21 fields, the header 22/],
    ['a blank line inside the report', report([ROWS[0] ?? '', '', ROWS[1] ?? '']), /line 3 has 1 fields/],
    ['a date that is not ISO 8601', report([ROWS[0]?.replace('2026-10-01T00:00:00+00:00', '01/10/2026') ?? '']), /line 2 \(alice\), column access_key_1_last_rotated, is "01\/10\/2026"/],
    ['an impossible date', report([ROWS[0]?.replace('2026-10-01T00:00:00+00:00', '2026-13-45T00:00:00+00:00') ?? '']), /access_key_1_last_rotated/],
    ['a boolean that is not true or false', report([ROWS[0]?.replace(',N/A,true,true,', ',N/A,yes,true,') ?? '']), /column mfa_active, is "yes", not true or false/],
    ['a user whose password flag is not_supported', report([ROWS[2]?.replace('2024-01-02T03:04:05+00:00,false,', '2024-01-02T03:04:05+00:00,not_supported,') ?? '']), /column password_enabled, is "not_supported"/],
    ['two root rows', report([ROOT_ROW, ROOT_ROW]), /second <root_account> row/],
    ['a user twice', report([ROWS[0] ?? '', ROWS[0] ?? '']), /repeats the user/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseCredentialReport(text, at)).toThrow(ReportParseError);
    expect(() => parseCredentialReport(text, at)).toThrow(message);
  });
});

describe('the credential report in the IAM collector', () => {
  it('puts each user its row (by ARN) and emits the root user, from one report for the account', async () => {
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([]);
    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 1);
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 1);
    expect(commandsSent(iam).sort()).toEqual(['GenerateCredentialReportCommand', 'GetAccountAuthorizationDetailsCommand', 'GetCredentialReportCommand']);
    const raws = collection.rawItems ?? [];
    expect(raws.find((raw) => raw['resourceId'] === 'AIDABOB')).toMatchObject({
      supplementaryConfiguration: { CredentialReport: { generatedTime: '2026-11-23T10:00:00.000Z', passwordEnabled: true, mfaActive: false, accessKeys: [{ slot: 1, active: true, lastRotated: '2025-01-15T00:00:00.000Z', lastUsedDate: null }, { slot: 2 }] } },
    });
    expect(raws.find((raw) => raw['resourceType'] === 'AWS::IAM::RootUser')).toMatchObject({
      resourceId: ACCOUNT,
      resourceName: 'root',
      ARN: `arn:aws:iam::${ACCOUNT}:root`,
      awsRegion: 'global',
      configuration: { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
      supplementaryConfiguration: { CredentialReport: { mfaActive: false, passwordEnabled: null, accessKeys: [{ slot: 1, active: true }, { slot: 2, active: false }] } },
    });
    for (const raw of raws) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('asks only for the report when only the root user is requested', async () => {
    const collection = await collect([iamCollector], ['AWS::IAM::RootUser']);
    expect(collection.errors).toEqual([]);
    expect(commandsSent(iam)).toEqual(['GenerateCredentialReportCommand', 'GetCredentialReportCommand']);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::IAM::RootUser')).toHaveLength(1);
  });

  it('does not read the report when neither users nor the root user are requested', async () => {
    await collect([iamCollector], ['AWS::IAM::Role']);
    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 0);
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 0);
  });

  it('polls GenerateCredentialReport until COMPLETE, then reads the report', async () => {
    iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolvesOnce({ State: 'INPROGRESS' }).resolves({ State: 'COMPLETE' });
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([]);
    expect(callsOf(collection, 'iam', 'GenerateCredentialReport')).toBe(3);
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 1);
  });

  it('gives up after a bounded number of polls: UNKNOWN for the report rules only, items still emitted', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([reportError('ReportNotReady', /^the credential report was still INPROGRESS after 10 polls/, 'GenerateCredentialReport')]);
    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 10);
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 0);
    expect(collection.items.filter((item) => item.resourceType !== 'AWS::::Account').map((item) => item.resourceId).sort()).toEqual([ACCOUNT, 'AIDAALICE', 'AIDABOB', 'AIDACI']);
    expect(collection.items.filter((item) => 'CredentialReport' in item.supplementaryConfiguration)).toEqual([]);
  });

  it('generates again when GetCredentialReport says the report is not present, then reads it', async () => {
    iam.on(GetCredentialReportCommand).rejectsOnce(new CredentialReportNotPresentException({ $metadata: {}, message: 'not present' })).resolves(answer(report([ROOT_ROW, ...ROWS])));
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([]);
    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 2);
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 2);
  });

  it('records a report still missing after the second round, naming GetCredentialReport', async () => {
    iam.on(GetCredentialReportCommand).rejects(new CredentialReportNotPresentException({ $metadata: {}, message: 'not present' }));
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([reportError('CredentialReportNotPresentException', 'not present')]);
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 2);
  });

  it('records a denied GetCredentialReport under the credentialReport aspect', async () => {
    iam.on(GetCredentialReportCommand).rejects(iamError('AccessDenied'));
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([reportError('AccessDenied', 'AccessDenied from the test')]);
  });

  it('refuses a report older than 24 hours, naming its GeneratedTime', async () => {
    iam.on(GetCredentialReportCommand).resolves(answer(report([ROOT_ROW, ...ROWS]), new Date('2026-11-22T11:59:00Z')));
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([reportError('ReportTooOld', 'the credential report was generated at 2026-11-22T11:59:00.000Z, more than 24 hours ago: its credentials are not judged as current')]);
  });

  it.each([
    ['a CSV that does not parse', answer(report([ROOT_ROW, 'alice,short'])), /^report did not parse: line 3 has 2 fields, the header 22$/],
    ['no GeneratedTime', { Content: new TextEncoder().encode(report(ROWS)) }, /^report did not parse: it has no GeneratedTime$/],
    ['no Content', { GeneratedTime: GENERATED }, /^report did not parse: it has no Content$/],
    ['bytes that are not UTF-8', { Content: new Uint8Array([0xff, 0xfe, 0x00]), GeneratedTime: GENERATED }, /^report did not parse: its Content is not UTF-8 text$/],
  ])('records %s as ReportUnparsable', async (_name, output, message) => {
    iam.on(GetCredentialReportCommand).resolves(output);
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([reportError('ReportUnparsable', message)]);
  });

  it('records a user absent from the report (created after it) for that user alone', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ UserDetailList: [...USERS, userDetail('newcomer')], IsTruncated: false });
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([
      {
        ...reportError('UserNotInReport', 'user newcomer is not in the credential report generated at 2026-11-23T10:00:00.000Z (created after it?)'),
        resourceTypes: ['AWS::IAM::User'],
        resourceIds: ['AIDANEWCOMER'],
      },
    ]);
    expect(collection.items.find((item) => item.resourceId === 'AIDANEWCOMER')).toBeDefined();
  });

  describe('in a re-scan after a credential change (CollectRequest.credentialsChangedAt)', () => {
    const collectAfter = (changedAt: string) =>
      mockedLiveSource([iamCollector]).collect({ resourceTypes: new Set(TYPES), regions: [REGION], credentialsChangedAt: new Date(changedAt) });

    it('does not judge a report generated before the change: the report rules are UNKNOWN, naming both times', async () => {
      const collection = await collectAfter('2026-11-23T11:30:00Z');
      expect(collection.errors).toEqual([
        reportError(
          'ReportPredatesChange',
          'the credential report generated at 2026-11-23T10:00:00.000Z predates the credential change at 2026-11-23T11:30:00.000Z: ' +
            'it is not judged in this run (IAM regenerates the report once it is more than 4 hours old)',
        ),
      ]);
      expect(collection.items.filter((item) => 'CredentialReport' in item.supplementaryConfiguration)).toEqual([]);
    });

    it('judges a report generated after the change', async () => {
      const collection = await collectAfter('2026-11-23T09:59:59Z');
      expect(collection.errors).toEqual([]);
      expect(collection.items.filter((item) => 'CredentialReport' in item.supplementaryConfiguration)).toHaveLength(4);
    });
  });

  it('records a report without the root row for the root user, which is still emitted', async () => {
    iam.on(GetCredentialReportCommand).resolves(answer(report(ROWS)));
    const collection = await collect([iamCollector], [...TYPES]);
    expect(collection.errors).toEqual([{ ...reportError('RootNotInReport', 'the credential report generated at 2026-11-23T10:00:00.000Z has no <root_account> row'), resourceTypes: ['AWS::IAM::RootUser'] }]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::IAM::RootUser')).toHaveLength(1);
  });
});

describe('the credential rules over a live scan', () => {
  const rules = [iamUserMfaEnabled, iamUserNoStaleAccessKeys, iamRootHardened, iamPolicyNoFullAdmin];
  const verdicts = async () => {
    const result = await scan({ regions: [REGION] }, mockedLiveSource([iamCollector]), defaultSettings(rules), rules);
    return result.evaluations.map((evaluation) => `${evaluation.ruleId} ${evaluation.resource.name} ${evaluation.status} ${evaluation.messageId}`);
  };

  it('judges users and root from the report', async () => {
    expect((await verdicts()).filter((line) => !line.startsWith('iam-policy-no-full-admin'))).toEqual([
      'iam-root-hardened root FAIL noMfaActiveKeys',
      'iam-user-mfa-enabled alice PASS mfa',
      'iam-user-mfa-enabled bob FAIL noMfa',
      'iam-user-mfa-enabled ci NOT_APPLICABLE noPassword',
      'iam-user-no-stale-access-keys alice PASS fresh',
      'iam-user-no-stale-access-keys bob FAIL stale',
      'iam-user-no-stale-access-keys ci NOT_APPLICABLE noActiveKey',
    ]);
  });

  it('makes only the report rules UNKNOWN, naming the call, when the report is denied: never a PASS', async () => {
    const policyRule = (lines: readonly string[]) => lines.filter((line) => line.startsWith('iam-policy-no-full-admin'));
    const judged = policyRule(await verdicts());
    iam.on(GetCredentialReportCommand).rejects(iamError('AccessDenied'));
    const lines = await verdicts();
    expect(lines.filter((line) => !line.startsWith('iam-policy-no-full-admin'))).toEqual([
      'iam-root-hardened root UNKNOWN collectionFailed',
      'iam-user-mfa-enabled alice UNKNOWN collectionFailed',
      'iam-user-mfa-enabled bob UNKNOWN collectionFailed',
      'iam-user-mfa-enabled ci UNKNOWN collectionFailed',
      'iam-user-no-stale-access-keys alice UNKNOWN collectionFailed',
      'iam-user-no-stale-access-keys bob UNKNOWN collectionFailed',
      'iam-user-no-stale-access-keys ci UNKNOWN collectionFailed',
    ]);
    // The other IAM rules judge the users as with the report.
    expect(judged).toHaveLength(3);
    expect(judged.some((line) => line.includes('UNKNOWN'))).toBe(false);
    expect(policyRule(lines)).toEqual(judged);
  });
});
