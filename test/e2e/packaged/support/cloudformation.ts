/**
 * The packaged CloudFormation template, read as CloudFormation would deploy it: intrinsic functions
 * (Ref, Fn::GetAtt, Fn::Sub, Fn::Join) resolved against the names of what the emulated stack
 * created. A reference to anything the emulated stack did not create fails loudly with its path —
 * never an empty string — so an environment variable or a state machine task pointing at a
 * resource the template does not define shows up as such.
 */

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Condition?: string;
}

export interface Template {
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
}

/** What the emulated stack's resources are called: `Ref` values and `Fn::GetAtt` values by `Logical.Attribute`. */
export interface StackNames {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly stackName: string;
  readonly refs: Readonly<Record<string, string>>;
  readonly attributes: Readonly<Record<string, string>>;
  /** Resources of the template the emulated stack does not create, by logical id: their type. */
  readonly unemulated?: Readonly<Record<string, string>>;
}

function missing(logical: string, names: StackNames): string {
  const type = names.unemulated?.[logical];
  return type === undefined ? 'the template defines no such resource' : `a ${type}, which the emulated stack does not create (test/e2e/packaged/support/stack.ts)`;
}

const PSEUDO = (names: StackNames): Record<string, string> => ({
  'AWS::Region': names.region,
  'AWS::AccountId': names.accountId,
  'AWS::Partition': names.partition,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': names.stackName,
});

function ref(name: string, names: StackNames, path: string): string {
  const value = PSEUDO(names)[name] ?? names.refs[name];
  if (value === undefined) throw new Error(`${path}: Ref ${name} — ${missing(name, names)}`);
  return value;
}

function getAtt(logical: string, attribute: string, names: StackNames, path: string): string {
  const value = names.attributes[`${logical}.${attribute}`];
  if (value === undefined) throw new Error(`${path}: Fn::GetAtt ${logical}.${attribute} — ${logical in names.refs ? 'an attribute the emulated stack does not provide' : missing(logical, names)}`);
  return value;
}

function sub(text: string, variables: Record<string, unknown>, names: StackNames, path: string): string {
  return text.replace(/\$\{([^}]+)\}/g, (_whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    if (inner in variables) return String(resolveIntrinsics(variables[inner], names, `${path}.${inner}`));
    const dot = inner.indexOf('.');
    if (dot > 0 && !inner.startsWith('AWS::')) return getAtt(inner.slice(0, dot), inner.slice(dot + 1), names, path);
    return ref(inner, names, path);
  });
}

/** A value of the template with every intrinsic function resolved. */
export function resolveIntrinsics(value: unknown, names: StackNames, path = '$'): unknown {
  if (Array.isArray(value)) return value.map((entry, index) => resolveIntrinsics(entry, names, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [key, argument] = entries[0] ?? [];
  if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
    switch (key) {
      case 'Ref':
        return ref(String(argument), names, path);
      case 'Fn::GetAtt': {
        const [logical, attribute] = Array.isArray(argument) ? argument.map(String) : String(argument).split(/\.(.*)/s);
        return getAtt(logical ?? '', attribute ?? '', names, path);
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(argument) ? [String(argument[0]), (argument[1] ?? {}) as Record<string, unknown>] : [String(argument), {}];
        return sub(text, variables, names, path);
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, unknown[]];
        return (resolveIntrinsics(parts, names, `${path}.Fn::Join`) as unknown[]).map(String).join(separator);
      }
      default:
        throw new Error(`${path}: ${key} is not resolved by the emulated stack (add it to test/e2e/packaged/support/cloudformation.ts)`);
    }
  }
  return Object.fromEntries(entries.map(([name, entry]) => [name, resolveIntrinsics(entry, names, `${path}.${name}`)]));
}

/** A state machine's Amazon States Language definition as CloudFormation would hand it to Step Functions. */
export function stateMachineDefinition(template: Template, logicalId: string, names: StackNames): Record<string, unknown> {
  const properties = template.Resources[logicalId]?.Properties;
  if (properties === undefined) throw new Error(`the template has no ${logicalId}`);
  const substitutions = (properties['DefinitionSubstitutions'] ?? {}) as Record<string, unknown>;
  const substitute = (text: string) => text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => (name in substitutions ? String(resolveIntrinsics(substitutions[name], names, `${logicalId}.DefinitionSubstitutions.${name}`)) : whole));
  if (properties['Definition'] !== undefined) {
    const resolved = resolveIntrinsics(properties['Definition'], names, `${logicalId}.Definition`);
    return JSON.parse(substitute(JSON.stringify(resolved))) as Record<string, unknown>;
  }
  const text = resolveIntrinsics(properties['DefinitionString'], names, `${logicalId}.DefinitionString`);
  if (typeof text !== 'string') throw new Error(`${logicalId}: neither Definition nor a DefinitionString`);
  return JSON.parse(substitute(text)) as Record<string, unknown>;
}

/**
 * Whether an EventBridge event pattern matches an event. Covers what gatewatch's rules use — value
 * lists, nested fields, `exists`, `prefix`, `anything-but` and `$or` — and throws on any other
 * operator, so an unmatched pattern is never mistaken for a match.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  const fields = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') return (expected as Record<string, unknown>[]).some((branch) => matchesPattern(branch, event));
    const actual = fields[key];
    if (!Array.isArray(expected)) return typeof expected === 'object' && expected !== null && actual !== null && typeof actual === 'object' && matchesPattern(expected as Record<string, unknown>, actual);
    const values = Array.isArray(actual) ? actual : [actual];
    return expected.some((option) => {
      if (option === null || typeof option !== 'object') return actual !== undefined && values.includes(option);
      const [operator, argument] = Object.entries(option as Record<string, unknown>)[0] ?? [];
      switch (operator) {
        case 'exists':
          return argument === (actual !== undefined);
        case 'prefix':
          return values.some((value) => typeof value === 'string' && value.startsWith(String(argument)));
        case 'anything-but':
          return actual !== undefined && !values.some((value) => (Array.isArray(argument) ? argument : [argument]).includes(value));
        default:
          throw new Error(`event pattern operator ${String(operator)} is not emulated (test/e2e/packaged/support/cloudformation.ts)`);
      }
    });
  });
}
