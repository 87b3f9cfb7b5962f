/**
 * The rule catalog: every rule, listed explicitly (no registration by import side effect).
 * A meta-test walks this list: id equals file name, a test per rule, unique ids, titles.
 */
import rdsInstanceMultiAz from './multi-az/rds-instance-multi-az.js';
import type { AnyRule } from './types.js';

export const rules = [rdsInstanceMultiAz] as const satisfies readonly AnyRule[];

export const catalog: readonly AnyRule[] = rules;
