import { resourceRule } from "../../../lib/rule";
import { checkov, cisAws } from "../../../lib/references";

export default resourceRule({
    name: "aws-kms-key-rotation",
    description: "Symmetric customer-managed KMS keys rotate automatically.",
    category: "security",
    severity: "medium",
    references: [cisAws("3.6"), checkov("CKV_AWS_7")],
    remediationSteps: "Set enableKeyRotation: true (rotationPeriodInDays optional, 90-2560).",
    types: ["aws:kms/key:Key"],
    check: ({ props, report }) => {
        // Asymmetric and HMAC keys cannot rotate.
        const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec === "SYMMETRIC_DEFAULT" && props.enableKeyRotation !== true) report("Automatic key rotation is disabled.");
    },
});
