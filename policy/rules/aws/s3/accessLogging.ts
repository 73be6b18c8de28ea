import { stackRule } from "../../../lib/rule";
import { companionsOf, isLogTarget, ofTypes, S3 } from "../../../lib/s3";
import { checkov, cisAws } from "../../../lib/references";

/** A log-target bucket logging to itself would loop, so log targets are exempt. */
export default stackRule({
    name: "aws-s3-access-logging",
    description: "Every S3 bucket except the access-log bucket sends server access logs.",
    category: "security",
    severity: "low",
    enforcementLevel: "advisory",
    references: [cisAws("3.6"), checkov("CKV_AWS_18")],
    remediationSteps: "Add an aws.s3.BucketLogging whose targetBucket is the stack's access-log bucket.",
    types: [...S3.bucket, ...S3.logging],
    check: (args, { report }) => {
        for (const bucket of ofTypes(args.resources, S3.bucket)) {
            if (isLogTarget(bucket, args.resources)) continue;
            if (companionsOf(bucket, args.resources, S3.logging).length === 0) report(`Bucket ${bucket.name} has no access logging.`, bucket.urn);
        }
    },
});
