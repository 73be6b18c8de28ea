import { resourceRule } from "../../../lib/rule";
import { asArray } from "../../../lib/values";
import { checkov, cisEks } from "../../../lib/references";

export default resourceRule({
    name: "aws-eks-secrets-encryption",
    description: "EKS envelope-encrypts Kubernetes secrets with a KMS key.",
    category: "security",
    severity: "high",
    references: [cisEks("5.3.1"), checkov("CKV_AWS_58")],
    remediationSteps: "Set encryptionConfig to { resources: [\"secrets\"], provider: { keyArn: <customer-managed KMS key> } }.",
    types: ["aws:eks/cluster:Cluster"],
    check: ({ props, report }) => {
        // The SDK models encryptionConfig as one object; older programs passed a list.
        const configs = asArray<{ resources?: string[]; provider?: { keyArn?: string } }>(props.encryptionConfig);
        const ok = configs.some((c) => asArray(c.resources).includes("secrets") && !!c.provider?.keyArn);
        if (!ok) report("Kubernetes secrets are not envelope-encrypted with a KMS key (encryptionConfig).");
    },
});
