import { resourceRule } from "../../../lib/rule";
import { checkov, cisGcp } from "../../../lib/references";

const ENCRYPTED = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

export default resourceRule({
    name: "gcp-cloudsql-tls",
    description: "Cloud SQL refuses unencrypted connections.",
    category: "security",
    severity: "high",
    references: [cisGcp("6.7"), checkov("CKV_GCP_6")],
    remediationSteps: "Set settings.ipConfiguration.sslMode to \"ENCRYPTED_ONLY\" (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED).",
    types: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check: ({ props, report }) => {
        const mode = props.settings?.ipConfiguration?.sslMode;
        if (!ENCRYPTED.includes(mode)) report(`sslMode is ${mode ?? "unset (unencrypted allowed)"}.`);
    },
});
