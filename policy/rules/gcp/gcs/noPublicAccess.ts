import { resourceRule } from "../../../lib/rule";
import { asArray } from "../../../lib/values";
import { checkov, cisGcp } from "../../../lib/references";

const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

export default resourceRule({
    name: "gcp-gcs-no-public-access",
    description: "Cloud Storage buckets enforce public access prevention and uniform access, and IAM grants nothing to allUsers.",
    category: "security",
    severity: "critical",
    references: [cisGcp("5.1"), cisGcp("5.2"), checkov("CKV_GCP_114"), checkov("CKV_GCP_29"), checkov("CKV_GCP_28")],
    remediationSteps: "Set publicAccessPrevention: \"enforced\" and uniformBucketLevelAccess: true; remove allUsers/allAuthenticatedUsers bindings.",
    types: ["gcp:storage/bucket:Bucket", "gcp:storage/bucketIAMMember:BucketIAMMember", "gcp:storage/bucketIAMBinding:BucketIAMBinding"],
    check: ({ type, props, report }) => {
        if (type === "gcp:storage/bucket:Bucket") {
            if (props.publicAccessPrevention !== "enforced") report("publicAccessPrevention is not \"enforced\".");
            if (props.uniformBucketLevelAccess !== true) report("Uniform bucket-level access is off (object ACLs allowed).");
            return;
        }
        const members = [props.member, ...asArray(props.members)].filter((m) => typeof m === "string");
        const open = members.filter((m) => PUBLIC_MEMBERS.includes(m));
        if (open.length > 0) report(`The bucket grants ${props.role} to ${open.join(", ")}.`);
    },
});
