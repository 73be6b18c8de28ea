import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

/** Azure Managed Redis: the cluster carries TLS and network settings, each database its protocol. */
export default resourceRule({
    name: "azure-managed-redis-tls-private",
    description: "Azure Managed Redis requires TLS 1.2, is private, and its databases accept only encrypted clients.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_AZURE_91")],
    remediationSteps: "On the RedisEnterprise set minimumTlsVersion \"1.2\" and publicNetworkAccess \"Disabled\"; on each Database set clientProtocol \"Encrypted\".",
    types: ["azure-native:redisenterprise:RedisEnterprise", "azure-native:redisenterprise:Database"],
    check: ({ type, props, report }) => {
        if (type === "azure-native:redisenterprise:Database") {
            if (props.clientProtocol === "Plaintext") report("The database accepts plaintext clients (clientProtocol).");
            return;
        }
        if (props.minimumTlsVersion !== "1.2") report(`minimumTlsVersion is ${props.minimumTlsVersion ?? "unset"}; "1.2" required.`);
        if (props.publicNetworkAccess !== "Disabled") report("Public network access is not disabled.");
    },
});
