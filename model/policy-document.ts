/**
 * IAM and resource policy documents: the one place where their stored forms are decoded.
 *
 * AWS Config stores IAM policy documents URL-encoded (`%7B%22Version%22...`), S3 bucket policies
 * as a JSON string, and the IAM APIs return URL-encoded JSON too. Every source passes documents
 * through {@link decodePolicyDocument}; rules only ever see a parsed {@link PolicyDocument}.
 */
import { z } from 'zod';

const stringOrList = z.union([z.string(), z.array(z.string())]);

const statementSchema = z.looseObject({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: z.union([z.literal('*'), z.record(z.string(), stringOrList)]).optional(),
  NotPrincipal: z.union([z.literal('*'), z.record(z.string(), stringOrList)]).optional(),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: stringOrList.optional(),
  NotResource: stringOrList.optional(),
  Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

const documentSchema = z.looseObject({
  Version: z.string().optional(),
  Id: z.string().optional(),
  Statement: z.union([statementSchema, z.array(statementSchema)]),
});

export type PolicyStatement = z.infer<typeof statementSchema>;
export type PolicyDocument = z.infer<typeof documentSchema>;

/**
 * Turns a stored document into JSON text: plain JSON is used as is, otherwise the text is
 * URL-decoded first (IAM's form). Throws with a short reason when it is neither.
 */
function documentText(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) return trimmed;
  try {
    return decodeURIComponent(trimmed.replace(/\+/g, '%20'));
  } catch {
    throw new Error('is neither JSON nor URL-encoded JSON');
  }
}

/**
 * Decodes a policy document as stored by AWS Config or returned by IAM: a URL-encoded string,
 * a JSON string, or an already parsed object. `null`/`undefined` (no document) stay as they are.
 */
export function decodePolicyDocument(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (raw.trim() === '') return null;
  const text = documentText(raw);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('is not valid JSON after URL-decoding');
  }
}

/** Zod field for a policy document in any stored form; the parsed value is a {@link PolicyDocument}. */
export const policyDocumentField = z
  .unknown()
  .transform((raw, ctx) => {
    try {
      return decodePolicyDocument(raw);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `policy document ${(error as Error).message}` });
      return z.NEVER;
    }
  })
  .pipe(documentSchema.nullish())
  .optional();
