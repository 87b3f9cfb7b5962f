/**
 * Reading CloudFormation YAML templates in tests: the short-form intrinsic tags (`!Ref`, `!Sub`,
 * `!GetAtt`, `!If`, …) become the long form CloudFormation itself sees (`{ Ref: … }`,
 * `{ 'Fn::Sub': … }`, `{ 'Fn::GetAtt': [resource, attribute] }`), so tests read one shape.
 *
 * Strict: a YAML error, a duplicate key or an unknown tag (a typo such as `!Reff`, which plain
 * YAML would read as a string) throws, naming the problem.
 */
import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml';

/** Short-form tag (without `!`) → the long-form key it stands for. */
const FUNCTIONS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
};

/** `!GetAtt Role.Arn` is `['Role', 'Arn']`; the attribute itself may hold dots. */
function getAttScalar(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/** The scalar, sequence and mapping forms of one short-form tag. */
function tagsOf(short: string, key: string): (ScalarTag | CollectionTag)[] {
  const tag = `!${short}`;
  return [
    { tag, resolve: (value: string) => ({ [key]: short === 'GetAtt' ? getAttScalar(value) : value }) },
    { tag, collection: 'seq', resolve: (value) => ({ [key]: value.toJSON() as unknown }) },
    { tag, collection: 'map', resolve: (value) => ({ [key]: value.toJSON() as unknown }) },
  ];
}

const CUSTOM_TAGS = Object.entries(FUNCTIONS).flatMap(([short, key]) => tagsOf(short, key));

/** Parses a CloudFormation YAML template into its long-form JSON shape; throws on any error or warning. */
export function parseCfnYaml(text: string, source = 'template'): unknown {
  const document = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: true, prettyErrors: true });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) throw new Error(`${source} is not a valid CloudFormation YAML template: ${problem.message}`);
  return document.toJS({ maxAliasCount: 0 }) as unknown;
}
