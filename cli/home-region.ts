/** The Region for STS, DescribeRegions and global services: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1. */
export function homeRegion(env: Readonly<Record<string, string | undefined>>): string {
  return env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
}
