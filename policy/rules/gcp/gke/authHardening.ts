import { resourceRule } from "../../../lib/rule";
import { checkov, cisGke } from "../../../lib/references";

/** Provider defaults are safe here; only an explicit opt-out is a violation. */
export default resourceRule({
    name: "gcp-gke-auth-hardening",
    description: "GKE has legacy ABAC and client certificates off and Shielded Nodes on.",
    category: "security",
    severity: "high",
    references: [cisGke("5.8.3"), cisGke("5.8.1"), cisGke("5.5.5"), checkov("CKV_GCP_7"), checkov("CKV_GCP_13"), checkov("CKV_GCP_71")],
    remediationSteps: "Remove enableLegacyAbac, masterAuth.clientCertificateConfig.issueClientCertificate and enableShieldedNodes: false.",
    types: ["gcp:container/cluster:Cluster"],
    check: ({ props, report }) => {
        if (props.enableLegacyAbac === true) report("Legacy ABAC is enabled.");
        if (props.masterAuth?.clientCertificateConfig?.issueClientCertificate === true) report("A client certificate is issued for the cluster.");
        if (props.enableShieldedNodes === false) report("Shielded GKE nodes are disabled.");
    },
});
