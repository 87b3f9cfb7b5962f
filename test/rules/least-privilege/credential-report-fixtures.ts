/** Items carrying a credential report row, as the live IAM collector emits them, for the credential rules' tables. */
import { ACCOUNT, item } from '../../support/items.js';

export const GENERATED = '2026-06-01T08:00:00.000Z';

export interface Key {
  readonly active: boolean;
  readonly lastRotated: string | null;
  readonly lastUsedDate: string | null;
}

export interface Row {
  readonly generatedTime?: string;
  readonly passwordEnabled?: boolean | null;
  readonly passwordLastUsed?: string | null;
  readonly mfaActive?: boolean;
  readonly keys?: readonly Key[];
}

export const NO_KEY: Key = { active: false, lastRotated: null, lastUsedDate: null };

/** The report row of `supplementaryConfiguration.CredentialReport`; two key slots, empty by default. */
export function reportRow(row: Row = {}) {
  const [first = NO_KEY, second = NO_KEY] = row.keys ?? [];
  return {
    generatedTime: row.generatedTime ?? GENERATED,
    passwordEnabled: row.passwordEnabled === undefined ? true : row.passwordEnabled,
    passwordLastUsed: row.passwordLastUsed === undefined ? '2026-05-30T10:00:00.000Z' : row.passwordLastUsed,
    mfaActive: row.mfaActive ?? true,
    accessKeys: [
      { slot: 1, ...first },
      { slot: 2, ...second },
    ],
  };
}

/** An IAM user; `row` undefined: no report row (a Config snapshot). */
export function user(name: string, row: Row | undefined, account = ACCOUNT) {
  return item(
    'AWS::IAM::User',
    `AIDA${name.toUpperCase()}`,
    { userName: name, arn: `arn:aws:iam::${account}:user/${name}` },
    { awsAccountId: account, ARN: `arn:aws:iam::${account}:user/${name}`, supplementaryConfiguration: row === undefined ? {} : { CredentialReport: reportRow(row) } },
  );
}

/** The root user of an account. */
export function root(row: Row | undefined, account = ACCOUNT) {
  return item(
    'AWS::IAM::RootUser',
    account,
    { accountId: account, arn: `arn:aws:iam::${account}:root` },
    {
      awsAccountId: account,
      ARN: `arn:aws:iam::${account}:root`,
      resourceName: 'root',
      supplementaryConfiguration: row === undefined ? {} : { CredentialReport: reportRow({ passwordEnabled: null, ...row }) },
    },
  );
}

/** The collector's error for a report that could not be read, in the account's `global` scope. */
export function reportFailed(types: readonly ('AWS::IAM::User' | 'AWS::IAM::RootUser')[], resourceIds?: readonly string[]) {
  return {
    accountId: ACCOUNT,
    region: 'global',
    resourceTypes: types,
    service: 'iam',
    operation: 'GetCredentialReport',
    code: 'ReportUnparsable',
    message: 'report did not parse: line 3 has 21 fields, the header 22',
    aspect: 'credentialReport',
    ...(resourceIds === undefined ? {} : { resourceIds }),
  };
}
