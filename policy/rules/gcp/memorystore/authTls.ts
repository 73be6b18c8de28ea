import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

export default resourceRule({
    name: "gcp-memorystore-auth-tls",
    description: "Memorystore for Redis requires AUTH and serves only TLS.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_GCP_95"), checkov("CKV_GCP_97")],
    remediationSteps: "Set authEnabled: true and transitEncryptionMode: \"SERVER_AUTHENTICATION\" (changing TLS replaces the instance).",
    types: ["gcp:redis/instance:Instance"],
    check: ({ props, report }) => {
        if (props.authEnabled !== true) report("Redis AUTH is disabled.");
        if (props.transitEncryptionMode !== "SERVER_AUTHENTICATION") report("In-transit encryption (TLS) is disabled.");
    },
});
