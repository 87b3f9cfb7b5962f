/**
 * rds-instance-requires-tls: a PostgreSQL, MySQL or MariaDB DB instance (Aurora included) refuses
 * connections that do not use TLS — `rds.force_ssl` (PostgreSQL) or `require_secure_transport`
 * (MySQL, MariaDB) is on (FSBP RDS.38, RDS.39).
 *
 * The values come from the instance's parameter group — for a member of a DB cluster, from the
 * cluster's DB cluster parameter group, where these parameters live — which the live source adds
 * as `supplementaryConfiguration.DBParameters`. AWS Config does not record them, so an item
 * without that list is UNKNOWN. A parameter the list does not carry (or carries with no value)
 * has the engine's default, which depends on the version:
 * - `rds.force_ssl`: on for RDS for PostgreSQL 15 and later, off for 14 and earlier; on for
 *   Aurora PostgreSQL 17 and later, off before.
 * - `require_secure_transport`: off for RDS for MySQL and Aurora MySQL; for RDS for MariaDB off
 *   from 10.5 (where the parameter appeared) through 11.4, on from 11.8 — before 10.5 MariaDB has
 *   no way to require TLS server-wide.
 * A group whose changes wait for a reboot may not run the values it holds, so a PASS is not
 * claimed for a stand-alone instance whose parameter group is `pending-reboot`.
 */
import { defineRule } from '../lib/define-rule.js';

type Setting = 'on' | 'off' | 'unsupported';
type Version = readonly [number, number];

interface EngineSpec {
  readonly label: string;
  readonly parameter: 'rds.force_ssl' | 'require_secure_transport';
  /** The parameter's default for a version, or undefined when the default does not depend on it. */
  readonly default: Setting | ((version: Version) => Setting);
}

const atLeast = (version: Version, major: number, minor = 0): boolean => version[0] > major || (version[0] === major && version[1] >= minor);

const ENGINES: ReadonlyMap<string, EngineSpec> = new Map<string, EngineSpec>([
  ['postgres', { label: 'PostgreSQL', parameter: 'rds.force_ssl', default: (version) => (atLeast(version, 15) ? 'on' : 'off') }],
  ['aurora-postgresql', { label: 'Aurora PostgreSQL', parameter: 'rds.force_ssl', default: (version) => (atLeast(version, 17) ? 'on' : 'off') }],
  ['mysql', { label: 'MySQL', parameter: 'require_secure_transport', default: 'off' }],
  ['aurora-mysql', { label: 'Aurora MySQL', parameter: 'require_secure_transport', default: 'off' }],
  [
    'mariadb',
    {
      label: 'MariaDB',
      parameter: 'require_secure_transport',
      default: (version) => (!atLeast(version, 10, 5) ? 'unsupported' : atLeast(version, 11, 8) ? 'on' : 'off'),
    },
  ],
]);

const ON = new Set(['1', 'on', 'true']);
const OFF = new Set(['0', 'off', 'false']);

/** `16.4` → [16, 4]; `10.11.8` → [10, 11]; undefined when it does not start with numbers. */
function parseVersion(text: string | null | undefined): Version | undefined {
  const match = /^(\d+)(?:\.(\d+))?/.exec(text ?? '');
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2] ?? '0')];
}

export default defineRule({
  meta: {
    id: 'rds-instance-requires-tls',
    gate: 'encryption',
    title: 'RDS DB instances refuse connections that do not use TLS',
    // Security Hub rates RDS.38 and RDS.39 MEDIUM; matching them keeps this finding and Security
    // Hub's own for the same instance at one severity.
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::RDS::DBInstance'],
    reads: ['DBParameters'],
    controls: ['RDS.38', 'RDS.39'],
    remediation: {
      text:
        'In a custom DB parameter group (for Aurora and other DB clusters: the DB cluster parameter group) set ' +
        'rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL, MariaDB), attach it to the instance or ' +
        'cluster, and reboot if the change is pending. Make sure every client connects with TLS first.',
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html',
    },
    messages: {
      on: 'DB instance {{name}} ({{engine}}) refuses connections without TLS: {{parameter}} = {{value}}.',
      defaultOn: 'DB instance {{name}} ({{engine}} {{version}}) refuses connections without TLS: {{parameter}} is at its default, on for this version.',
      off: 'DB instance {{name}} ({{engine}}) accepts connections without TLS: {{parameter}} = {{value}}.',
      defaultOff: 'DB instance {{name}} ({{engine}} {{version}}) accepts connections without TLS: {{parameter}} is at its default, off for this version.',
      unsupported: 'DB instance {{name}} ({{engine}} {{version}}) cannot refuse connections without TLS: require_secure_transport needs MariaDB 10.5 or later.',
      otherEngine: 'DB instance {{name}} runs {{engine}}; this rule judges PostgreSQL, MySQL and MariaDB (Aurora included).',
      engineMissing: 'DB instance {{name}} has no recorded engine, so which TLS parameter applies is unknown.',
      parametersMissing: 'DB instance {{name}} ({{engine}}) has no recorded value of {{parameter}} (AWS Config does not record parameter groups).',
      versionMissing: 'DB instance {{name}} ({{engine}}) leaves {{parameter}} at its default, which depends on the engine version, and none is recorded.',
      unrecognisedValue: 'DB instance {{name}} ({{engine}}) has {{parameter}} = {{value}}, a value gatewatch does not recognise.',
      pendingReboot:
        'DB instance {{name}} ({{engine}}): {{parameter}} is on in parameter group {{group}}, but the group is pending reboot, so the running value may differ.',
    },
  },
  check(item, context) {
    const { configuration } = item;
    const name = configuration.dBInstanceIdentifier ?? item.resourceName ?? item.resourceId;
    if (!configuration.engine) return context.unknown('engineMissing', { name });
    const spec = ENGINES.get(configuration.engine.toLowerCase());
    if (spec === undefined) return context.notApplicable('otherEngine', { name, engine: configuration.engine });
    const { parameter } = spec;
    const engine = spec.label;

    const parameters = item.supplementaryConfiguration.DBParameters;
    if (parameters === undefined || parameters === null) return context.unknown('parametersMissing', { name, engine, parameter });

    // A stand-alone instance's own group may hold values it does not run yet; a cluster member's
    // values come from the cluster's group, whose apply status the instance item does not carry.
    const pending = configuration.dBClusterIdentifier
      ? undefined
      : configuration.dBParameterGroups?.find((group) => group.parameterApplyStatus === 'pending-reboot');
    const passUnlessPending = (messageId: 'on' | 'defaultOn', data: Record<string, string>) =>
      pending === undefined
        ? context.pass(messageId, data)
        : context.unknown('pendingReboot', { name, engine, parameter, group: pending.dBParameterGroupName ?? 'not recorded' });

    const values = parameters
      .filter((entry) => entry.ParameterName.toLowerCase() === parameter)
      .flatMap((entry) => (entry.ParameterValue === undefined || entry.ParameterValue === null || entry.ParameterValue === '' ? [] : [entry.ParameterValue]));
    if (values.length > 0) {
      const unrecognised = values.find((value) => !ON.has(value.toLowerCase()) && !OFF.has(value.toLowerCase()));
      if (unrecognised !== undefined) return context.unknown('unrecognisedValue', { name, engine, parameter, value: unrecognised });
      const off = values.find((value) => OFF.has(value.toLowerCase()));
      if (off !== undefined) return context.fail('off', { name, engine, parameter, value: off });
      return passUnlessPending('on', { name, engine, parameter, value: values.join(', ') });
    }

    // Not set in the group: the engine's default for this version.
    const versionText = configuration.engineVersion ?? '';
    let setting: Setting;
    if (typeof spec.default === 'string') setting = spec.default;
    else {
      const version = parseVersion(versionText);
      if (version === undefined) return context.unknown('versionMissing', { name, engine, parameter });
      setting = spec.default(version);
    }
    const version = versionText === '' ? 'version not recorded' : versionText;
    if (setting === 'unsupported') return context.fail('unsupported', { name, engine, version });
    if (setting === 'off') return context.fail('defaultOff', { name, engine, version, parameter });
    return passUnlessPending('defaultOn', { name, engine, version, parameter });
  },
});
