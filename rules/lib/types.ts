/**
 * The vocabulary of rules: gates, severities, statuses, rule metadata and the context a rule's
 * `check` receives. Rules depend on this, the configuration-item types and the Inventory only.
 */
import type { z } from 'zod';
import type { Gate, RuleScope, Severity, Status } from '../../model/gates.js';
import type { ConfigurationItem, ResourceType } from '../../model/configuration-item.js';
import type { Inventory } from '../../inventory/inventory.js';
import type { NetworkFacts } from '../../inventory/network.js';
import type { FixNeed } from '../../model/fix-cost.js';

export { GATES, GATE_IDS, SEVERITIES, STATUSES, type Gate, type RuleScope, type Severity, type Status } from '../../model/gates.js';

/** Data for a message's `{{placeholders}}`. */
export type MessageData = Readonly<Record<string, string | number>>;

export interface Verdict<M extends string = string> {
  readonly status: Status;
  readonly messageId: M;
  readonly data: MessageData;
}

/** The kinds of Cost Anomaly Detection monitor that can cover an account (settings `costControls.anomalyMonitorTypes`). */
export const ANOMALY_MONITOR_TYPES = ['SERVICE', 'LINKED_ACCOUNT', 'CUSTOM'] as const;
export type AnomalyMonitorType = (typeof ANOMALY_MONITOR_TYPES)[number];

/** The settings every rule may read (the engine's Settings satisfy it). */
export interface RuleSettings {
  readonly requiredTags: readonly { readonly key: string; readonly values?: readonly string[] | undefined }[];
  readonly vpcEndpoints: { readonly gateway: readonly string[]; readonly interface: readonly string[] };
  readonly costControls: { readonly budgetThresholds: readonly number[]; readonly anomalyMonitorTypes: readonly AnomalyMonitorType[] };
}

/** The network facts of a scope, as rules read them. */
export type RuleNetwork = Pick<NetworkFacts, 'subnet' | 'placement' | 'endpointsOf' | 'inUse'>;

/** What a rule may ask the Inventory: only the types it declares (the engine enforces it). */
export interface RuleInventory extends Pick<Inventory, 'inScope' | 'ofType' | 'get'> {
  networkOf(scope: Parameters<Inventory['networkOf']>[0]): RuleNetwork;
}

/** The part of a rule's metadata that says what it reads. */
export type RuleMetaReads = Pick<RuleMeta<ResourceType, string, unknown>, 'resourceTypes' | 'needs' | 'needsAccountWide' | 'consults'>;

export interface RuleContext<M extends string, O> {
  /** This rule's options: its defaults, overridden by the settings file. */
  readonly options: O;
  readonly settings: RuleSettings;
  /** The Inventory, limited to the types this rule declares (resourceTypes, needs, needsAccountWide). */
  readonly inventory: RuleInventory;
  pass(messageId: M, data?: MessageData): Verdict<M>;
  fail(messageId: M, data?: MessageData): Verdict<M>;
  notApplicable(messageId: M, data?: MessageData): Verdict<M>;
  /** The rule cannot decide from the data it has (a field missing, a referenced resource absent). */
  unknown(messageId: M, data?: MessageData): Verdict<M>;
}

export interface RuleMeta<T extends ResourceType, M extends string, O> {
  /** Equal to the file name: `rules/<gate>/<id>.ts`. */
  readonly id: string;
  readonly gate: Gate;
  /** States the compliant state ("RDS DB instances run in several Availability Zones"), never "Ensure …". */
  readonly title: string;
  readonly severity: Severity;
  readonly priority: 'P1' | 'P2';
  /** The types this rule evaluates: one evaluation per item of these types. */
  readonly resourceTypes: readonly T[];
  /** Other types it looks up; if one could not be collected, the rule is UNKNOWN in that scope. */
  readonly needs?: readonly ResourceType[];
  /**
   * Types the rule looks up across all the account's Regions (a multi-Region trail is one item,
   * in its home Region), for an "any of them qualifies" judgement: a collection error of one of
   * them in any Region of the account (or `global`) makes the rule UNKNOWN in every scope of that
   * account — except where the rule PASSes anyway, since a qualifying resource it did see cannot
   * be outweighed by one it could not read. Errors in the scope's own Region act as `needs` do.
   */
  readonly needsAccountWide?: readonly ResourceType[];
  /**
   * Types the rule looks up when they are there but decides without (a DB cluster that would make
   * an instance NOT_APPLICABLE; subnets whose zones confirm a group's own zone list). A failure to
   * collect them does not make the rule UNKNOWN, so a rule may consult a type only where the
   * verdict it reaches without it is still true.
   */
  readonly consults?: readonly ResourceType[];
  /** The rule judges tags, so it is UNKNOWN where only tags could not be read. */
  readonly readsTags?: boolean;
  /**
   * Facts beyond the items' own configuration that the rule reads (`DBParameters`,
   * `CacheSubnetGroup`, `TrailStatus` …): where one could not be collected, the rule is UNKNOWN.
   */
  readonly reads?: readonly string[];
  /**
   * Facts the rule reads only under some options (Security Hub's enabled standards, read only when
   * standards are required): given the rule's options, the facts to add to `reads`.
   */
  // Method syntax on purpose (bivariant): a rule with options of its own must fit the catalog's list.
  readsWithOptions?(options: O): readonly string[];
  /** Overrides the gate's default scope. */
  readonly scope?: RuleScope;
  /** AWS Security Hub control ids (FSBP) that check the same thing. */
  readonly controls: readonly string[];
  readonly remediation: { readonly text: string; readonly url: string };
  /** Message templates by id, with `{{placeholders}}` filled from the verdict's data. */
  readonly messages: Readonly<Record<M, string>>;
  /** Options schema; parsing `{}` must give the defaults. */
  readonly options?: z.ZodType<O>;
  /**
   * What fixing a FAIL buys, for the estimate of its monthly cost: priced lines (a standby
   * instance, an endpoint per zone), `free`, or `usage-based`; undefined when there is no
   * meaningful estimate. Called only on FAILs, with the item and the FAIL's data; pure, like
   * `check`. A throw here never changes the verdict (the estimate says it failed).
   */
  // Method syntax on purpose (bivariant), as readsWithOptions.
  fixCost?(item: ConfigurationItem<T>, data: MessageData, context: FixCostContext<O>): FixNeed | undefined;
}

/** What `fixCost` may read beside the item: the same declared Inventory view, settings and options as `check`. */
export interface FixCostContext<O> {
  readonly options: O;
  readonly settings: RuleSettings;
  readonly inventory: RuleInventory;
}

export interface Rule<T extends ResourceType = ResourceType, M extends string = string, O = unknown> {
  readonly meta: RuleMeta<T, M, O>;
  // Method syntax on purpose: a rule for one resource type must fit the catalog's list of rules.
  check(item: ConfigurationItem<T>, context: RuleContext<M, O>): Verdict<M>;
}

export type AnyRule = Rule<ResourceType, string, unknown>;
