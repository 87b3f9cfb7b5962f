/**
 * Security Hub CSPM in the Region, as a fact of the account × Region item (`securityHub`) for
 * securityhub-enabled: whether the account is subscribed (DescribeHub, one call) and, when it is,
 * which standards are enabled and in what state (GetEnabledStandards, 100 per page, every page).
 *
 * DescribeHub answers an account that is not subscribed with InvalidAccessException "Account … is
 * not subscribed to AWS Security Hub": that answer is the fact `enabled: false`, not an error.
 * AWS documents the same exception for "the account does not have permission", so only that
 * message counts as "not subscribed"; any other failure is recorded against the aspect
 * `securityHub` and the rule is UNKNOWN naming the call.
 *
 * A failed GetEnabledStandards leaves `standards` out and is recorded against its own aspect
 * (`securityHubStandards`), which the rule reads only when standards are required: whether the
 * hub is enabled stays known, and only a rule asked to require standards turns UNKNOWN, naming the
 * call (see securityhub-enabled's `readsWithOptions`).
 */
import { DescribeHubCommand, GetEnabledStandardsCommand, SecurityHubClient, type DescribeHubResponse } from '@aws-sdk/client-securityhub';
import { asAwsError } from '../../../aws/errors.js';
import type { ResourceType } from '../../../model/configuration-item.js';
import { plain, type Collector } from '../collector.js';

const ACCOUNT = 'AWS::::Account' as const satisfies ResourceType;

/** GetEnabledStandards' largest page. */
export const STANDARDS_PAGE = 100;

/** The aspect a failed GetEnabledStandards is recorded against (read only with required standards: see the header). */
export const STANDARDS_ASPECT = 'securityHubStandards';

const NOT_SUBSCRIBED = Symbol('not subscribed');

/** DescribeHub's answer for an account that has not enabled Security Hub in the Region; anything else is rethrown. */
export function notSubscribed(error: unknown): typeof NOT_SUBSCRIBED {
  const { name, message } = asAwsError(error);
  // The exception alone is ambiguous (AWS documents it for a missing permission too): the message decides.
  if (name === 'InvalidAccessException' && /\bnot subscribed\b/i.test(message ?? '')) return NOT_SUBSCRIBED;
  throw error;
}

export const securityhubCollector: Collector = {
  service: 'securityhub',
  produces: [ACCOUNT],
  async collect(context, types) {
    if (!types.has(ACCOUNT)) return;
    const securityhub = context.client(SecurityHubClient);
    const read: { hub?: DescribeHubResponse | typeof NOT_SUBSCRIBED } = {};
    // Failures name the fact (aspect): only the rule reading it is UNKNOWN, with this call as the cause.
    await context.attempt([ACCOUNT], async () => {
      read.hub = await context.call('DescribeHub', () => securityhub.send(new DescribeHubCommand({})).catch(notSubscribed));
    }, { aspect: 'securityHub' });
    const hub = read.hub;
    if (hub === undefined) return;
    if (hub === NOT_SUBSCRIBED) {
      context.accountFact({ securityHub: { enabled: false } });
      return;
    }
    const standards: { standardsArn: string | undefined; status: string | undefined }[] = [];
    let complete = false;
    await context.attempt([ACCOUNT], async () => {
      const pages = context.pages(
        'GetEnabledStandards',
        (NextToken) => securityhub.send(new GetEnabledStandardsCommand({ MaxResults: STANDARDS_PAGE, NextToken })),
        (page) => page.NextToken,
      );
      for await (const page of pages) {
        for (const subscription of page.StandardsSubscriptions ?? []) standards.push({ standardsArn: subscription.StandardsArn, status: subscription.StandardsStatus });
      }
      complete = true;
    }, { aspect: STANDARDS_ASPECT });
    context.accountFact({
      securityHub: plain({ enabled: true, hubArn: hub.HubArn, subscribedAt: hub.SubscribedAt, ...(complete ? { standards } : {}) }),
    });
  },
};
