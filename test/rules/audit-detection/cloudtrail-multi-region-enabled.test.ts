import rule from '../../../rules/audit-detection/cloudtrail-multi-region-enabled.js';
import type { CollectionError } from '../../../inventory/source.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule, type RuleCase } from '../../support/rule-tester.js';

const OTHER_ACCOUNT = '444455556666';
const EU = { accountId: ACCOUNT, region: 'eu-west-1' };
const US = { accountId: ACCOUNT, region: 'us-east-1' };

/** Basic selector recording every management event: what a new trail gets by default. */
const ALL = { ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [] };
const management = (...more: Record<string, unknown>[]) => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...more] });

interface TrailOptions {
  readonly multiRegion?: boolean | null;
  /** `absent`: no TrailStatus at all, as when GetTrailStatus failed. */
  readonly logging?: boolean | null | 'absent';
  readonly selectors?: readonly Record<string, unknown>[] | null;
  readonly advanced?: readonly Record<string, unknown>[] | null;
  readonly region?: string;
  readonly account?: string;
}

/**
 * A trail as the live collector emits it, in its home Region: logging, and recording ALL through a
 * basic selector unless `advanced` is given.
 */
const trail = (name: string, options: TrailOptions = {}) => {
  const { multiRegion = true, logging = true, region = 'eu-west-1', account = ACCOUNT } = options;
  const supplementary: Record<string, unknown> = {};
  if (logging !== 'absent') supplementary['TrailStatus'] = logging === null ? null : { IsLogging: logging };
  if (options.advanced !== undefined) supplementary['AdvancedEventSelectors'] = options.advanced;
  if (options.selectors !== undefined) supplementary['EventSelectors'] = options.selectors;
  else if (options.advanced === undefined) supplementary['EventSelectors'] = [ALL];
  const arn = `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
  return item(
    'AWS::CloudTrail::Trail',
    name,
    { name, trailARN: arn, homeRegion: region, isMultiRegionTrail: multiRegion, s3BucketName: 'kestrel-cloudtrail-logs' },
    { awsRegion: region, awsAccountId: account, ARN: arn, supplementaryConfiguration: supplementary },
  );
};
/** A trail exactly as an AWS Config snapshot records it: no status, no selectors. */
const configTrail = (name: string, region = 'eu-west-1') =>
  item('AWS::CloudTrail::Trail', name, { name, homeRegion: region, isMultiRegionTrail: true }, { awsRegion: region });

const MANAGEMENT_ACCOUNT = '999988887777';

interface FactOptions {
  readonly multiRegion?: boolean;
  /** undefined: absent, as when GetTrailStatus failed. */
  readonly logging?: boolean | undefined;
  /** undefined: absent, as when GetEventSelectors failed. */
  readonly selectors?: readonly Record<string, unknown>[] | undefined;
  readonly advanced?: readonly Record<string, unknown>[];
  readonly region?: string;
  readonly account?: string;
  readonly organization?: boolean;
}

/** One entry of the `cloudTrails` fact as the live collector records it: logging and recording ALL unless told. */
const fact = (name: string, options: FactOptions = {}): Record<string, unknown> => {
  const { multiRegion = true, region = 'eu-west-1', account: owner = ACCOUNT, organization = false } = options;
  const logging = 'logging' in options ? options.logging : true;
  const selectors = 'selectors' in options ? options.selectors : options.advanced === undefined ? [ALL] : undefined;
  return {
    trailARN: `arn:aws:cloudtrail:${region}:${owner}:trail/${name}`,
    homeRegion: region,
    isMultiRegionTrail: multiRegion,
    isOrganizationTrail: organization,
    ...(logging === undefined ? {} : { isLogging: logging }),
    ...(selectors === undefined ? {} : { eventSelectors: selectors }),
    ...(options.advanced === undefined ? {} : { advancedEventSelectors: options.advanced }),
  };
};
/** The account × Region item with the trails the live collector found covering its Region. */
const account = (trails: readonly Record<string, unknown>[], region = 'eu-west-1') =>
  item('AWS::::Account', ACCOUNT, { cloudTrails: trails }, { ARN: null, awsRegion: region });

const failedIn = (region: string, extra: Partial<CollectionError> = {}): CollectionError => ({
  accountId: ACCOUNT,
  region,
  resourceTypes: ['AWS::CloudTrail::Trail'],
  service: 'cloudtrail',
  operation: 'DescribeTrails',
  code: 'AccessDeniedException',
  message: 'denied by the test',
  ...extra,
});

const cases: RuleCase[] = [
  {
    name: 'a logging multi-Region trail recording all management events covers every Region, wherever it lives',
    items: [trail('management-events')],
    scopes: [EU, US],
    expect: [
      { resourceId: ACCOUNT, region: 'eu-west-1', status: 'PASS', messageId: 'covered', data: { trail: 'management-events', homeRegion: 'eu-west-1', region: 'eu-west-1' } },
      { resourceId: ACCOUNT, region: 'us-east-1', status: 'PASS', messageId: 'covered', data: { trail: 'management-events', homeRegion: 'eu-west-1', region: 'us-east-1' } },
    ],
  },
  {
    name: 'an account without trails fails',
    items: [],
    scopes: [EU],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noTrail', data: { account: ACCOUNT, region: 'eu-west-1' } }],
  },
  {
    name: 'single-Region trails do not count, not even in their own Region',
    items: [trail('sandbox-debug', { multiRegion: false, region: 'us-east-1' })],
    scopes: [EU, US],
    expect: [
      { resourceId: ACCOUNT, region: 'eu-west-1', status: 'FAIL', messageId: 'noMultiRegionTrail', data: { trails: 'sandbox-debug (us-east-1)' } },
      { resourceId: ACCOUNT, region: 'us-east-1', status: 'FAIL', messageId: 'noMultiRegionTrail', data: { trails: 'sandbox-debug (us-east-1)' } },
    ],
  },
  {
    name: 'a multi-Region trail that is not logging fails (CloudTrail.3)',
    items: [trail('stopped', { logging: false })],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'notQualifying', data: { problems: 'stopped (eu-west-1) is not logging' } }],
  },
  {
    name: 'basic selectors recording only read or only write events fail',
    items: [trail('reads', { selectors: [{ ...ALL, ReadWriteType: 'ReadOnly' }] }), trail('writes', { selectors: [{ ...ALL, ReadWriteType: 'WriteOnly' }] })],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'FAIL',
        messageId: 'notQualifying',
        data: { problems: 'reads (eu-west-1) records no write management events; writes (eu-west-1) records no read management events' },
      },
    ],
  },
  {
    name: 'a ReadOnly and a WriteOnly selector on one trail together record everything',
    items: [trail('split', { selectors: [{ ...ALL, ReadWriteType: 'ReadOnly' }, { ...ALL, ReadWriteType: 'WriteOnly' }] })],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'covered', data: { trail: 'split' } }],
  },
  {
    name: 'a selector without management events records none of them',
    items: [trail('data-only', { selectors: [{ ...ALL, IncludeManagementEvents: false }] }), trail('no-selectors', { selectors: [] })],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'FAIL',
        messageId: 'notQualifying',
        data: {
          problems:
            'data-only (eu-west-1) records no read management events, records no write management events; no-selectors (eu-west-1) records no read management events, records no write management events',
        },
      },
    ],
  },
  {
    name: 'excluded management event sources fail and are named',
    items: [trail('no-kms', { selectors: [{ ...ALL, ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }] })],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'FAIL',
        messageId: 'notQualifying',
        data: {
          problems:
            'no-kms (eu-west-1) excludes kms.amazonaws.com, rdsdata.amazonaws.com from read management events, excludes kms.amazonaws.com, rdsdata.amazonaws.com from write management events',
        },
      },
    ],
  },
  {
    name: 'a source one selector excludes is recorded when another selector records it',
    items: [
      trail('complementary', {
        selectors: [
          { ...ALL, ExcludeManagementEventSources: ['kms.amazonaws.com'] },
          { ...ALL, ExcludeManagementEventSources: ['rdsdata.amazonaws.com'] },
        ],
      }),
    ],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'covered', data: { trail: 'complementary' } }],
  },
  {
    name: 'three selectors each excluding something still record every source that one of them records',
    items: [
      trail('patchwork', {
        selectors: [
          { ...ALL, ExcludeManagementEventSources: ['kms.amazonaws.com'] },
          { ...ALL, ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
          { ...ALL, ExcludeManagementEventSources: ['rdsdata.amazonaws.com'] },
        ],
      }),
    ],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'covered', data: { trail: 'patchwork' } }],
  },
  {
    name: 'a source excluded by every selector stays excluded',
    items: [
      trail('both-exclude', {
        selectors: [
          { ...ALL, ExcludeManagementEventSources: ['kms.amazonaws.com'] },
          { ...ALL, ReadWriteType: 'WriteOnly', ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
        ],
      }),
    ],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'FAIL',
        messageId: 'notQualifying',
        data: { problems: 'both-exclude (eu-west-1) excludes kms.amazonaws.com from read management events, excludes kms.amazonaws.com from write management events' },
      },
    ],
  },
  {
    name: 'an advanced Management selector with no readOnly field records everything',
    items: [trail('advanced', { advanced: [{ Name: 'Management events', ...management() }] })],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'covered', data: { trail: 'advanced' } }],
  },
  {
    name: 'advanced selectors for readOnly true and readOnly false together record everything',
    items: [
      trail('advanced-split', {
        advanced: [management({ Field: 'readOnly', Equals: ['true'] }), management({ Field: 'readOnly', NotEquals: ['true'] })],
      }),
    ],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'covered' }],
  },
  {
    name: 'an advanced selector restricted to read-only events fails',
    items: [trail('advanced-reads', { advanced: [management({ Field: 'readOnly', Equals: ['true'] })] })],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'notQualifying', data: { problems: 'advanced-reads (eu-west-1) records no write management events' } }],
  },
  {
    name: 'an advanced eventSource NotEquals excludes that source',
    items: [trail('advanced-no-kms', { advanced: [management({ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] })] })],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'FAIL',
        messageId: 'notQualifying',
        data: { problems: 'advanced-no-kms (eu-west-1) excludes kms.amazonaws.com from read management events, excludes kms.amazonaws.com from write management events' },
      },
    ],
  },
  {
    name: 'advanced eventSource patterns or allow-lists record only filtered events and fail',
    items: [
      trail('a-not-starts', { advanced: [management({ Field: 'eventSource', NotStartsWith: ['kms.'] })] }),
      trail('b-allow-list', { advanced: [management({ Field: 'eventSource', Equals: ['iam.amazonaws.com'] })] }),
      trail('c-other-field', { advanced: [management({ Field: 'userIdentity.arn', NotEquals: ['arn:aws:iam::111122223333:role/noisy'] })] }),
    ],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'FAIL',
        messageId: 'notQualifying',
        data: {
          problems:
            'a-not-starts (eu-west-1) records only filtered read management events, records only filtered write management events; ' +
            'b-allow-list (eu-west-1) records only filtered read management events, records only filtered write management events; ' +
            'c-other-field (eu-west-1) records only filtered read management events, records only filtered write management events',
        },
      },
    ],
  },
  {
    name: 'advanced selectors for data events only record no management events',
    items: [trail('data-events', { advanced: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] })],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'FAIL',
        messageId: 'notQualifying',
        data: { problems: 'data-events (eu-west-1) records no read management events, records no write management events' },
      },
    ],
  },
  {
    name: 'a trail as AWS Config records it (no status, no selectors) is unknown, never passed',
    items: [configTrail('management-events')],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'UNKNOWN',
        messageId: 'unrecorded',
        data: { problems: 'management-events (eu-west-1) logging status not recorded, event selectors not recorded' },
      },
    ],
  },
  {
    name: 'a trail whose multi-Region flag or a selector field is unrecorded is unknown',
    items: [
      trail('a-flagless', { multiRegion: null }),
      trail('b-selector-gap', { selectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }, { ReadWriteType: null, IncludeManagementEvents: true }] }),
      trail('c-status-null', { logging: null }),
    ],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'UNKNOWN',
        messageId: 'unrecorded',
        data: {
          problems:
            'a-flagless (eu-west-1) multi-Region setting not recorded; ' +
            'b-selector-gap (eu-west-1) an event selector has no recorded ReadWriteType or IncludeManagementEvents; ' +
            'c-status-null (eu-west-1) logging status not recorded',
        },
      },
    ],
  },
  {
    name: 'a definite failure of a trail outweighs what else is unrecorded about it, but another unknown trail keeps the account unknown',
    items: [trail('a-stopped', { logging: false, selectors: null }), configTrail('b-config')],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'UNKNOWN',
        messageId: 'unrecorded',
        data: { problems: 'a-stopped (eu-west-1) is not logging; b-config (eu-west-1) logging status not recorded, event selectors not recorded' },
      },
    ],
  },
  {
    name: 'one qualifying trail is enough beside unknown and failing ones',
    items: [configTrail('a-config'), trail('b-stopped', { logging: false }), trail('c-good', { region: 'us-east-1' })],
    scopes: [EU, US],
    expect: [
      { resourceId: ACCOUNT, region: 'eu-west-1', status: 'PASS', messageId: 'covered', data: { trail: 'c-good', homeRegion: 'us-east-1' } },
      { resourceId: ACCOUNT, region: 'us-east-1', status: 'PASS', messageId: 'covered', data: { trail: 'c-good' } },
    ],
  },
  {
    name: "another account's trail does not count",
    items: [trail('org-audit', { account: OTHER_ACCOUNT })],
    scopes: [EU, { accountId: OTHER_ACCOUNT, region: 'eu-west-1' }],
    expect: [
      { resourceId: ACCOUNT, accountId: ACCOUNT, status: 'FAIL', messageId: 'noTrail' },
      { resourceId: OTHER_ACCOUNT, accountId: OTHER_ACCOUNT, status: 'PASS', messageId: 'covered', data: { trail: 'org-audit' } },
    ],
  },
  {
    name: 'trails that could not be listed in a Region make that Region unknown, even where another trail covers it',
    items: [trail('management-events')],
    scopes: [EU, US],
    failed: [failedIn('us-east-1')],
    expect: [
      { resourceId: ACCOUNT, region: 'eu-west-1', status: 'PASS', messageId: 'covered' },
      { resourceId: ACCOUNT, region: 'us-east-1', status: 'UNKNOWN', messageId: 'collectionFailed' },
    ],
  },
  {
    name: 'a trail whose status call failed arrives without TrailStatus and is unknown, not failed',
    items: [trail('management-events', { logging: 'absent' })],
    failed: [failedIn('eu-west-1', { operation: 'GetTrailStatus', aspect: 'TrailStatus', resourceIds: ['management-events'] })],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'unrecorded', data: { problems: 'management-events (eu-west-1) logging status not recorded' } }],
  },
  {
    name: 'a status read that failed for the whole Region makes the Region unknown',
    items: [trail('management-events')],
    failed: [failedIn('eu-west-1', { operation: 'GetTrailStatus', aspect: 'TrailStatus' })],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    // The only trail is homed in eu-west-1, whose listing failed: us-east-1 sees no trail, but may
    // be covered by the trail that was not read (needsAccountWide).
    name: 'a listing failure in the home Region of the covering trail makes the other Regions unknown too',
    items: [],
    scopes: [EU, US],
    failed: [failedIn('eu-west-1')],
    expect: [
      { resourceId: ACCOUNT, region: 'eu-west-1', status: 'UNKNOWN', messageId: 'collectionFailed' },
      { resourceId: ACCOUNT, region: 'us-east-1', status: 'UNKNOWN', messageId: 'collectionFailed' },
    ],
  },
  {
    name: "a member account's Region is covered by its organization's trail as the Region's fact records it",
    items: [account([fact('organization-trail', { region: 'us-east-1', account: MANAGEMENT_ACCOUNT, organization: true })])],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'PASS',
        messageId: 'covered',
        data: { trail: 'organization-trail', homeRegion: 'us-east-1', account: ACCOUNT, region: 'eu-west-1' },
      },
    ],
  },
  {
    name: "each Region is judged from its own fact, and a Region without one from the account's trail items",
    items: [account([fact('management-events', { region: 'us-east-1' })]), account([], 'us-east-1'), trail('sandbox', { multiRegion: false, region: 'ap-south-1' })],
    scopes: [EU, US, { accountId: ACCOUNT, region: 'ap-south-1' }],
    expect: [
      { resourceId: ACCOUNT, region: 'ap-south-1', status: 'FAIL', messageId: 'noMultiRegionTrail', data: { trails: 'sandbox (ap-south-1)' } },
      { resourceId: ACCOUNT, region: 'eu-west-1', status: 'PASS', messageId: 'covered', data: { trail: 'management-events', homeRegion: 'us-east-1' } },
      { resourceId: ACCOUNT, region: 'us-east-1', status: 'FAIL', messageId: 'noTrail' },
    ],
  },
  {
    name: 'trails in the fact are judged as trail items are: single-Region, stopped, or excluding sources fail',
    items: [
      account([
        fact('a-regional', { multiRegion: false }),
        fact('b-stopped', { logging: false, region: 'us-east-1' }),
        fact('c-no-kms', { advanced: [management({ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] })] }),
      ]),
    ],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'FAIL',
        messageId: 'notQualifying',
        data: {
          problems:
            'b-stopped (us-east-1) is not logging; c-no-kms (eu-west-1) excludes kms.amazonaws.com from read management events, excludes kms.amazonaws.com from write management events',
        },
      },
    ],
  },
  {
    name: 'a fact of single-Region trails only fails',
    items: [account([fact('sandbox-debug', { multiRegion: false })])],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noMultiRegionTrail', data: { trails: 'sandbox-debug (eu-west-1)' } }],
  },
  {
    name: 'a trail in the fact without its status or selectors is unknown, unless another qualifies',
    items: [
      account([fact('organization-trail', { logging: undefined, region: 'us-east-1', account: MANAGEMENT_ACCOUNT, organization: true })]),
      account([fact('a-unread', { selectors: undefined }), fact('b-good')], 'us-east-1'),
    ],
    scopes: [EU, US],
    expect: [
      { resourceId: ACCOUNT, region: 'eu-west-1', status: 'UNKNOWN', messageId: 'unrecorded', data: { problems: 'organization-trail (us-east-1) logging status not recorded' } },
      { resourceId: ACCOUNT, region: 'us-east-1', status: 'PASS', messageId: 'covered', data: { trail: 'b-good' } },
    ],
  },
  {
    name: 'a Region whose fact could not be read in full is unknown',
    items: [account([fact('organization-trail', { logging: undefined, account: MANAGEMENT_ACCOUNT, organization: true }), fact('b-good')])],
    failed: [failedIn('eu-west-1', { resourceTypes: ['AWS::::Account'], operation: 'GetTrailStatus', aspect: 'cloudTrails' })],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: "a trail listing failure in another Region does not undo a Region's PASS from its fact",
    items: [account([fact('management-events')])],
    scopes: [EU, US],
    failed: [failedIn('us-east-1'), failedIn('us-east-1', { resourceTypes: ['AWS::::Account'], aspect: 'cloudTrails' })],
    expect: [
      { resourceId: ACCOUNT, region: 'eu-west-1', status: 'PASS', messageId: 'covered' },
      { resourceId: ACCOUNT, region: 'us-east-1', status: 'UNKNOWN', messageId: 'collectionFailed' },
    ],
  },
  {
    name: 'an exempted Region stays failed and carries the exemption',
    items: [trail('stopped', { logging: false })],
    settings: {
      exemptions: [{ rule: 'cloudtrail-multi-region-enabled', resource: `${ACCOUNT}/eu-west-1/AWS::::Account/*`, reason: 'trail being rebuilt', expires: '2026-12-31' }],
    },
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'notQualifying', exempted: true }],
  },
];

testRule(rule, cases, {
  noNotApplicable:
    'every account × Region must be covered by a multi-Region trail, and the audit-detection gate applies to all resources, so nothing is out of scope',
});
