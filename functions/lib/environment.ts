/**
 * The deployed service's configuration, from the Lambda environment serverless.yml sets. Read
 * once per container; a missing or malformed variable fails the cold start with its name.
 */
import { z } from 'zod';

/** serverless.yml writes an unset parameter as an empty string: that means "not set". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const environmentSchema = z.object({
  AWS_REGION: z.string().min(1),
  /** The DynamoDB table of finding states and run digests. */
  STATE_TABLE: z.string().min(3),
  /** The SNS topic of alerts and digests (Amazon Q Developer in chat applications subscribes to it). */
  ALERT_TOPIC_ARN: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'expected an SNS topic ARN'),
  /** The read-only role gatewatch assumes in member accounts (deploy/scan-role.yml). */
  SCAN_ROLE_NAME: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name').default('gatewatch-scan'),
  /** The external id the member accounts' scan role demands, if any. */
  SCAN_EXTERNAL_ID: optional(z.string().min(2)),
  /** `true`: scan every active account of the AWS Organization; else only this account. */
  ORGANIZATION_SCAN: z.enum(['true', 'false']).default('false'),
  /** An SSM parameter holding the settings (YAML); absent: the settings file bundled with the code. */
  SETTINGS_PARAMETER: optional(z.string().min(1)),
  /** The bundled settings file, relative to the code root. */
  SETTINGS_FILE: z.string().min(1).default('gatewatch.yaml'),
});

export type Environment = z.output<typeof environmentSchema>;

/** @throws {Error} naming every variable that is missing or malformed. */
export function readEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): Environment {
  const parsed = environmentSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`gatewatch is misconfigured — set these Lambda environment variables (serverless.yml sets them): ${problems.join('; ')}`);
}
