import { resourceRule } from "../../../lib/rule";
import { checkov, cisAzure } from "../../../lib/references";

/** Server parameters set through Configuration resources. Flexible server: require_secure_transport. */
const REQUIRE_TLS = ["require_secure_transport", "require_secure_connection"];
const MIN_TLS = "ssl_min_protocol_version";
const ACCEPTED_MIN_TLS = ["TLSv1.2", "TLSv1.3"];

export default resourceRule({
    name: "azure-postgres-tls",
    description: "PostgreSQL server parameters never turn TLS off or allow TLS below 1.2.",
    category: "security",
    severity: "high",
    references: [cisAzure("4.3.1"), checkov("CKV_AZURE_29"), checkov("CKV_AZURE_147")],
    remediationSteps: "Set require_secure_transport to \"on\" and ssl_min_protocol_version to \"TLSv1.2\" or higher.",
    types: ["azure-native:dbforpostgresql:Configuration"],
    check: ({ props, report }) => {
        const name = props.configurationName;
        const value = String(props.value ?? "");
        if (REQUIRE_TLS.includes(name) && value.toLowerCase() !== "on") report(`${name} is "${value}": plaintext connections allowed.`);
        if (name === MIN_TLS && !ACCEPTED_MIN_TLS.includes(value)) report(`${MIN_TLS} is "${value}"; TLSv1.2 or higher required.`);
    },
});
