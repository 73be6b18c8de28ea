import { stackRule } from "../../../lib/rule";
import { companionsOf, ofTypes, S3 } from "../../../lib/s3";
import { checkov } from "../../../lib/references";

export default stackRule({
    name: "aws-s3-versioning",
    description: "Every S3 bucket has versioning enabled, so overwritten or deleted artifacts can be recovered.",
    category: "availability",
    severity: "medium",
    enforcementLevel: "advisory",
    references: [checkov("CKV_AWS_21")],
    remediationSteps: "Add an aws.s3.BucketVersioning with versioningConfiguration.status \"Enabled\" (and a lifecycle rule expiring noncurrent versions).",
    types: [...S3.bucket, ...S3.versioning],
    check: (args, { report }) => {
        for (const bucket of ofTypes(args.resources, S3.bucket)) {
            const enabled = companionsOf(bucket, args.resources, S3.versioning).some((v) => v.props.versioningConfiguration?.status === "Enabled");
            if (!enabled) report(`Bucket ${bucket.name} does not have versioning enabled.`, bucket.urn);
        }
    },
});
