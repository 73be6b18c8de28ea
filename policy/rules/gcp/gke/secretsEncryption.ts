import { resourceRule } from "../../../lib/rule";
import { cisGke } from "../../../lib/references";

export default resourceRule({
    name: "gcp-gke-secrets-encryption",
    description: "GKE encrypts Kubernetes secrets at the application layer with a Cloud KMS key.",
    category: "security",
    severity: "high",
    references: [cisGke("5.3.1")],
    remediationSteps: "Set databaseEncryption to { state: \"ENCRYPTED\", keyName: <Cloud KMS crypto key> }.",
    types: ["gcp:container/cluster:Cluster"],
    check: ({ props, report }) => {
        const enc = props.databaseEncryption ?? {};
        if (enc.state !== "ENCRYPTED" || !enc.keyName) report("Kubernetes secrets are not encrypted with a Cloud KMS key (databaseEncryption).");
    },
});
