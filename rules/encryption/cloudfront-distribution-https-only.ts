/**
 * cloudfront-distribution-https-only: no cache behavior of a CloudFront distribution — the default
 * one nor any path-pattern behavior — lets viewers use plain HTTP (`viewerProtocolPolicy`
 * `allow-all`); `redirect-to-https` and `https-only` both keep viewer traffic encrypted.
 *
 * A behavior known to allow HTTP fails the distribution whatever else is unrecorded. A disabled
 * distribution serves no viewers and is NOT_APPLICABLE.
 */
import { defineRule } from '../lib/define-rule.js';

const ALLOW_ALL = 'allow-all';
const DEFAULT_BEHAVIOR = 'default (*)';

export default defineRule({
  meta: {
    id: 'cloudfront-distribution-https-only',
    gate: 'encryption',
    title: 'CloudFront distributions require HTTPS from viewers',
    // FSBP rates CloudFront.3 MEDIUM; matching it keeps this finding and Security Hub's own at one severity.
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    controls: ['CloudFront.3'],
    remediation: {
      text:
        'Set the viewer protocol policy of every cache behavior (the default one and each path pattern) to ' +
        '"Redirect HTTP to HTTPS" for browser traffic or "HTTPS only" for APIs (console: distribution → Behaviors → Edit).',
      url: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html',
    },
    messages: {
      httpsOnly: 'CloudFront distribution {{distribution}} requires HTTPS from viewers in every cache behavior: {{behaviors}}.',
      allowsHttp: 'CloudFront distribution {{distribution}} serves plain HTTP to viewers: cache behavior {{behaviors}} allows HTTP (allow-all).',
      disabled: 'CloudFront distribution {{distribution}} is disabled and serves no viewers.',
      missing: 'CloudFront distribution {{distribution}} has no recorded viewer protocol policy for cache behavior {{behaviors}}.',
      behaviorsMissing:
        'CloudFront distribution {{distribution}} has {{quantity}} path-pattern cache behaviors, but their settings are not recorded.',
    },
  },
  check(item, context) {
    const distribution = item.configuration.domainName ? `${item.resourceId} (${item.configuration.domainName})` : item.resourceId;
    const config = item.configuration.distributionConfig;
    if (config?.enabled === false) return context.notApplicable('disabled', { distribution });

    const paths = config?.cacheBehaviors?.items ?? [];
    const behaviors = [
      { name: DEFAULT_BEHAVIOR, policy: config?.defaultCacheBehavior?.viewerProtocolPolicy },
      ...paths.map((behavior, index) => ({ name: behavior.pathPattern ?? `#${index + 1}`, policy: behavior.viewerProtocolPolicy })),
    ];
    const names = (list: typeof behaviors): string => list.map((behavior) => behavior.name).join(', ');

    const allowing = behaviors.filter((behavior) => behavior.policy?.toLowerCase() === ALLOW_ALL);
    if (allowing.length > 0) return context.fail('allowsHttp', { distribution, behaviors: names(allowing) });

    const unrecorded = behaviors.filter((behavior) => !behavior.policy);
    if (unrecorded.length > 0) return context.unknown('missing', { distribution, behaviors: names(unrecorded) });
    // Path behaviors count only if the list is known to be complete: `quantity` matches the items recorded.
    const quantity = config?.cacheBehaviors?.quantity;
    if (quantity === undefined || quantity === null || quantity > paths.length) {
      return context.unknown('behaviorsMissing', { distribution, quantity: quantity ?? 'an unrecorded number of' });
    }
    return context.pass('httpsOnly', { distribution, behaviors: names(behaviors) });
  },
});
