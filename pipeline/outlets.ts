/**
 * The outlets a run publishes to, set up one way for the Lambdas and the CLI: Security Hub
 * through the clients of the account the findings belong to, and SNS for alerts and digests.
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { ClientFactory } from '../aws/clients.js';
import { buildDigest, type RunDigest } from '../findings/digest.js';
import type { Notifier } from '../findings/publish.js';
import { SecurityHubPublisher } from '../findings/security-hub.js';
import { publish as publishSns } from '../findings/sns-publisher.js';

/** Security Hub of the account whose clients these are (it takes findings only from their own account). */
export function securityHubOf(clients: ClientFactory): SecurityHubPublisher {
  return new SecurityHubPublisher({ client: (region) => clients(SecurityHubClient, region) });
}

/** Alerts on a topic. */
export function notifierOf(client: SNSClient, topicArn: string): Notifier {
  return { client, topicArn };
}

/** Sends the run digest to the notifier's topic. */
export function digestToTopic(notifier: Notifier): (digest: RunDigest) => Promise<void> {
  return async (digest) => {
    await publishSns(notifier.client, notifier.topicArn, buildDigest(digest, {}));
  };
}
