/** CloudFront distributions (global; tagged through the generic TagResource: inventory/events/reread-calls.ts). */
import { z } from 'zod';
import { slashNamed } from './arn.js';
import { describeService } from './describe.js';
import { bool, loose, str } from './fields.js';

export const cloudfront = describeService({
  types: {
    'AWS::CloudFront::Distribution': {
      schema: loose({
        domainName: str,
        distributionConfig: loose({
          enabled: bool,
          defaultCacheBehavior: loose({ viewerProtocolPolicy: str }).nullish(),
          /** `quantity` tells "no path behaviors" (0) apart from behaviors whose `items` were not recorded. */
          cacheBehaviors: loose({
            quantity: z.number().int().nullish(),
            items: z.array(loose({ pathPattern: str, viewerProtocolPolicy: str })).nullish(),
          }).nullish(),
        }).nullish(),
      }),
      taggable: true,
      global: true,
      asff: 'AwsCloudFrontDistribution',
      // The Tagging API serves CloudFront in us-east-1 (cn-northwest-1 in the China partition).
      tagging: 'cloudfront:distribution',
      arn: slashNamed('cloudfront', 'distribution', { regional: false }),
      reads: ['cloudfront:ListDistributions'],
    },
  },
});
