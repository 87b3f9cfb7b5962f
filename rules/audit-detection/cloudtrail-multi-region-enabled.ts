/**
 * cloudtrail-multi-region-enabled: every account × Region is covered by at least one multi-Region
 * trail of the account that is logging and records all read and write management events, with no
 * event source excluded (CloudTrail.1, CloudTrail.3).
 *
 * The live collector records, in each account × Region item, the trails that cover that Region as
 * CloudTrail itself lists them there (`cloudTrails`: the account's own trails homed there, its
 * multi-Region trails of other Regions, an organization's trail seen from a member account), with
 * their status and selectors: Region R is judged from R's own fact. Without the fact (a plain AWS
 * Config snapshot), a trail is one item, in its home Region, and a multi-Region trail covers every
 * Region: so R is judged against the account's multi-Region trails wherever they live — and a trail
 * collection failure in any Region of the account makes R UNKNOWN unless R PASSes anyway
 * (`needsAccountWide`), since the covering trail may be the one that was not read.
 *
 * What a trail records comes from gatewatch's supplementary facts (`TrailStatus`, and
 * `EventSelectors` or `AdvancedEventSelectors`, or the fact's `isLogging` and selectors); a plain
 * AWS Config item lacks them, so such a trail is UNKNOWN — unless another trail qualifies.
 * Selectors are combined as CloudTrail applies them: an event is recorded when any selector
 * matches it, so a source one selector excludes counts as recorded when another selector records it.
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { free } from '../lib/fix-costs.js';
import type { RuleInventory } from '../lib/types.js';

type Trail = ConfigurationItem<'AWS::CloudTrail::Trail'>;
type Supplementary = Trail['supplementaryConfiguration'];
type TrailFact = NonNullable<ConfigurationItem<'AWS::::Account'>['configuration']['cloudTrails']>[number];
type Selectors = Pick<Supplementary, 'EventSelectors' | 'AdvancedEventSelectors'>;

/** What the rule judges of a trail, from its item or from the account × Region item's fact. */
interface TrailView {
  readonly name: string;
  readonly homeRegion: string;
  readonly multiRegion: boolean | null | undefined;
  readonly logging: boolean | null | undefined;
  readonly selectors: Selectors;
}
type BasicSelector = NonNullable<Supplementary['EventSelectors']>[number];
type AdvancedSelector = NonNullable<Supplementary['AdvancedEventSelectors']>[number];
type FieldSelector = NonNullable<AdvancedSelector['FieldSelectors']>[number];

type Kind = 'read' | 'write';
const KINDS: readonly Kind[] = ['read', 'write'];

/**
 * What one selector records of management events: the kinds, and the event sources it leaves
 * out — a list (exact exclusions), or `filtered` when it narrows sources in a way that cannot be
 * combined (patterns, an allow-list, other fields).
 */
interface Contribution {
  readonly kinds: ReadonlySet<Kind>;
  readonly excluded: ReadonlySet<string> | 'filtered';
}

/** A selector's contribution, `none` (no management events) or `unrecorded` (a field it needs is missing). */
type SelectorReading = Contribution | 'none' | 'unrecorded';

const BASIC_KINDS: Readonly<Record<string, readonly Kind[]>> = { all: ['read', 'write'], readonly: ['read'], writeonly: ['write'] };

function readBasic(selector: BasicSelector): SelectorReading {
  if (selector.IncludeManagementEvents === false) return 'none';
  const kinds = BASIC_KINDS[selector.ReadWriteType?.toLowerCase() ?? ''];
  if (selector.IncludeManagementEvents !== true || kinds === undefined) return 'unrecorded';
  return { kinds: new Set(kinds), excluded: new Set(selector.ExcludeManagementEventSources ?? []) };
}

/** Operators that narrow a field other than by an exact list of values to exclude. */
const PATTERN_OPERATORS = ['StartsWith', 'EndsWith', 'NotStartsWith', 'NotEndsWith'] as const;

function usesPatterns(field: FieldSelector): boolean {
  return PATTERN_OPERATORS.some((operator) => (field[operator] ?? []).length > 0);
}

function readAdvanced(selector: AdvancedSelector): SelectorReading {
  const fields = selector.FieldSelectors ?? [];
  const management = fields.some((field) => field.Field === 'eventCategory' && (field.Equals ?? []).includes('Management'));
  if (!management) return 'none';

  let readOnly = new Set(['true', 'false']);
  let excluded: Set<string> | 'filtered' = new Set<string>();
  for (const field of fields) {
    if (field.Field === 'eventCategory') continue;
    if (field.Field === 'readOnly' && !usesPatterns(field)) {
      const equals = field.Equals?.map((value) => value.toLowerCase());
      const notEquals = new Set(field.NotEquals?.map((value) => value.toLowerCase()));
      readOnly = new Set([...readOnly].filter((value) => (equals === undefined || equals.includes(value)) && !notEquals.has(value)));
    } else if (field.Field === 'eventSource' && !usesPatterns(field) && (field.Equals ?? []).length === 0 && excluded !== 'filtered') {
      for (const source of field.NotEquals ?? []) excluded.add(source);
    } else {
      // An allow-list of sources, a pattern, or any other field narrows what is recorded.
      excluded = 'filtered';
    }
  }
  const kinds = new Set<Kind>([...(readOnly.has('true') ? ['read' as const] : []), ...(readOnly.has('false') ? ['write' as const] : [])]);
  return kinds.size === 0 ? 'none' : { kinds, excluded };
}

/** Why the recorded contributions leave `kind` incomplete, or undefined when they record all of it. */
function gapIn(kind: Kind, contributions: readonly Contribution[]): string | undefined {
  const covering = contributions.filter((contribution) => contribution.kinds.has(kind));
  if (covering.length === 0) return `records no ${kind} management events`;
  const exact = covering.flatMap((contribution) => (contribution.excluded === 'filtered' ? [] : [contribution.excluded]));
  const [first, ...rest] = exact;
  if (first === undefined) return `records only filtered ${kind} management events`;
  const excludedByAll = [...first].filter((source) => rest.every((excluded) => excluded.has(source))).sort();
  return excludedByAll.length === 0 ? undefined : `excludes ${excludedByAll.join(', ')} from ${kind} management events`;
}

type Judgement = { readonly status: 'qualifies' } | { readonly status: 'fails' | 'unknown'; readonly reasons: readonly string[] };

/** What the selectors of a trail record, as a judgement of its management-event coverage. */
function judgeSelectors(supplementary: Selectors): Judgement {
  const advanced = supplementary.AdvancedEventSelectors ?? undefined;
  const basic = supplementary.EventSelectors ?? undefined;
  let readings: SelectorReading[];
  if (advanced !== undefined && advanced.length > 0) readings = advanced.map(readAdvanced);
  else if (basic !== undefined) readings = basic.map(readBasic);
  else if (advanced !== undefined) readings = [];
  else return { status: 'unknown', reasons: ['event selectors not recorded'] };

  const contributions = readings.filter((reading): reading is Contribution => typeof reading !== 'string');
  const gaps = KINDS.flatMap((kind) => gapIn(kind, contributions) ?? []);
  if (gaps.length === 0) return { status: 'qualifies' };
  // A selector with a missing field might fill the gap.
  if (readings.includes('unrecorded')) return { status: 'unknown', reasons: ['an event selector has no recorded ReadWriteType or IncludeManagementEvents'] };
  return { status: 'fails', reasons: gaps };
}

/** Whether a multi-Region trail qualifies; definite failures outweigh unknowns. */
function judgeTrail(trail: TrailView): Judgement {
  const failures: string[] = [];
  const unknowns: string[] = [];
  if (trail.multiRegion !== true) unknowns.push('multi-Region setting not recorded');
  if (trail.logging === false) failures.push('is not logging');
  else if (trail.logging !== true) unknowns.push('logging status not recorded');
  const selectors = judgeSelectors(trail.selectors);
  if (selectors.status === 'fails') failures.push(...selectors.reasons);
  if (selectors.status === 'unknown') unknowns.push(...selectors.reasons);
  if (failures.length > 0) return { status: 'fails', reasons: failures };
  if (unknowns.length > 0) return { status: 'unknown', reasons: unknowns };
  return { status: 'qualifies' };
}

const reasonsOf = (judgement: Judgement): readonly string[] => (judgement.status === 'qualifies' ? [] : judgement.reasons);
const label = (trail: TrailView): string => `${trail.name} (${trail.homeRegion})`;

/**
 * The trail items of each account, indexed once per inventory: filtering every trail of the scan
 * for each account × Region item grew with the square of the number of accounts.
 */
const trailIndexes = new WeakMap<RuleInventory, ReadonlyMap<string, readonly Trail[]>>();

function trailsOfAccount(inventory: RuleInventory, accountId: string): readonly Trail[] {
  let index = trailIndexes.get(inventory);
  if (index === undefined) {
    const byAccount = new Map<string, Trail[]>();
    for (const trail of inventory.ofType('AWS::CloudTrail::Trail')) {
      const list = byAccount.get(trail.awsAccountId);
      if (list === undefined) byAccount.set(trail.awsAccountId, [trail]);
      else list.push(trail);
    }
    index = byAccount;
    trailIndexes.set(inventory, index);
  }
  return index.get(accountId) ?? [];
}

function viewOfItem(trail: Trail): TrailView {
  return {
    name: trail.configuration.name ?? trail.resourceName ?? trail.resourceId,
    homeRegion: trail.configuration.homeRegion ?? trail.awsRegion,
    multiRegion: trail.configuration.isMultiRegionTrail,
    logging: trail.supplementaryConfiguration.TrailStatus?.IsLogging,
    selectors: trail.supplementaryConfiguration,
  };
}

/** A fact entry's trail, named after its ARN (`…:trail/<name>`). */
function viewOfFact(trail: TrailFact, region: string): TrailView {
  const arn = trail.trailARN ?? undefined;
  return {
    name: arn === undefined ? 'unnamed trail' : arn.slice(arn.lastIndexOf('/') + 1),
    homeRegion: trail.homeRegion ?? region,
    multiRegion: trail.isMultiRegionTrail,
    logging: trail.isLogging,
    selectors: { EventSelectors: trail.eventSelectors, AdvancedEventSelectors: trail.advancedEventSelectors },
  };
}

export default defineRule({
  meta: {
    id: 'cloudtrail-multi-region-enabled',
    gate: 'audit-detection',
    title: 'A logging multi-Region trail records all management events',
    // Security Hub rates CloudTrail.1 and CloudTrail.3 HIGH.
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::::Account'],
    needs: ['AWS::CloudTrail::Trail'],
    // Without the account item's fact, R's covering trail may be any Region's item.
    needsAccountWide: ['AWS::CloudTrail::Trail'],
    reads: ['TrailStatus', 'EventSelectors', 'cloudTrails'],
    controls: ['CloudTrail.1', 'CloudTrail.3'],
    remediation: {
      text:
        'Create a multi-Region trail (or make an existing trail multi-Region), start logging on it, and let it record ' +
        'read and write management events with no excluded event sources — in an organization, an organization trail ' +
        'from the management account covers every member account.',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html',
    },
    messages: {
      covered:
        'Multi-Region trail {{trail}} (home Region {{homeRegion}}) is logging and records all read and write management events, covering account {{account}} in Region {{region}}.',
      noTrail: 'Account {{account}} has no CloudTrail trail, so API activity in Region {{region}} is not recorded.',
      noMultiRegionTrail:
        'Account {{account}} has no multi-Region trail covering Region {{region}}; its trails record one Region each: {{trails}}.',
      notQualifying:
        'No multi-Region trail of account {{account}} logs all read and write management events for Region {{region}}: {{problems}}.',
      unrecorded:
        'No multi-Region trail of account {{account}} is known to log all read and write management events for Region {{region}}: {{problems}}.',
    },
    fixCost() {
      return free('the first copy of management events in each Region is delivered free; storing the logs in S3 is usage-based');
    },
  },
  check(item, context) {
    const scope = scopeOf(item);
    const inventory = context.inventory;
    const where = { account: scope.accountId, region: scope.region };
    // R's own fact when the live collector recorded it; else the account's trail items, anywhere.
    const facts = item.configuration.cloudTrails ?? undefined;
    const trails =
      facts === undefined
        ? trailsOfAccount(inventory, scope.accountId).map(viewOfItem)
        : facts.map((trail) => viewOfFact(trail, scope.region));
    if (trails.length === 0) return context.fail('noTrail', where);

    const candidates = trails.filter((trail) => trail.multiRegion !== false);
    if (candidates.length === 0) return context.fail('noMultiRegionTrail', { ...where, trails: trails.map(label).join(', ') });

    const judged = candidates.map((trail) => ({ trail, judgement: judgeTrail(trail) }));
    const qualifying = judged.find(({ judgement }) => judgement.status === 'qualifies');
    if (qualifying !== undefined) {
      return context.pass('covered', { ...where, trail: qualifying.trail.name, homeRegion: qualifying.trail.homeRegion });
    }
    const problems = judged.map(({ trail, judgement }) => `${label(trail)} ${reasonsOf(judgement).join(', ')}`).join('; ');
    const undecided = judged.some(({ judgement }) => judgement.status === 'unknown');
    return undecided ? context.unknown('unrecorded', { ...where, problems }) : context.fail('notQualifying', { ...where, problems });
  },
});
