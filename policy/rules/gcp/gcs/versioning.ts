import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

export default resourceRule({
    name: "gcp-gcs-versioning",
    description: "Cloud Storage buckets keep object versions, so overwritten artifacts can be recovered.",
    category: "availability",
    severity: "medium",
    enforcementLevel: "advisory",
    references: [checkov("CKV_GCP_78")],
    remediationSteps: "Set versioning.enabled: true (with a lifecycle rule for noncurrent versions).",
    types: ["gcp:storage/bucket:Bucket"],
    check: ({ props, report }) => {
        if (props.versioning?.enabled !== true) report("Object versioning is disabled.");
    },
});
