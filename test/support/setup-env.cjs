// Tests never reach AWS: fixed fake credentials, no instance-metadata lookups, a fixed Region.
// A client a test forgot to mock fails fast on the closed network instead of probing further.
process.env.AWS_ACCESS_KEY_ID = 'AKIDGATEWATCHTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'gatewatch-test-secret';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_REGION = 'us-east-1';
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;
// Lambda handlers log and emit metrics through Powertools: quiet in tests (metrics are checked
// by serialising them, not by reading stdout).
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
