import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

/** Azure Cache for Redis (classic). Azure Managed Redis has its own rule. */
export default resourceRule({
    name: "azure-redis-tls-private",
    description: "Azure Cache for Redis serves only TLS 1.2+ and is not reachable from the internet. Guards team-deployed resources: the platform itself uses Azure Managed Redis, teams may still create a classic cache.",
    guards: "team-deployed",
    category: "security",
    severity: "high",
    references: [checkov("CKV_AZURE_91"), checkov("CKV_AZURE_148"), checkov("CKV_AZURE_89")],
    remediationSteps: "Leave enableNonSslPort off, set minimumTlsVersion \"1.2\" and publicNetworkAccess \"Disabled\" (private endpoint).",
    types: ["azure-native:redis:Redis"],
    check: ({ props, report }) => {
        if (props.enableNonSslPort === true) report("The non-TLS port 6379 is enabled.");
        if (props.minimumTlsVersion !== "1.2") report(`minimumTlsVersion is ${props.minimumTlsVersion ?? "unset"}; "1.2" required.`);
        if (props.publicNetworkAccess !== "Disabled") report("Public network access is not disabled.");
    },
});
