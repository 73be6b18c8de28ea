import { resourceRule } from "../../../lib/rule";
import { checkov, cisAzure } from "../../../lib/references";

export default resourceRule({
    name: "azure-postgres-private-access",
    description: "PostgreSQL flexible servers are private and have no all-addresses firewall rule.",
    category: "security",
    severity: "critical",
    references: [cisAzure("4.3.7"), checkov("CKV_AZURE_68"), checkov("CKV2_AZURE_57")],
    remediationSteps: "Use VNet integration (network.delegatedSubnetResourceId) or a private endpoint and set network.publicNetworkAccess: \"Disabled\"; delete wide firewall rules.",
    types: ["azure-native:dbforpostgresql:Server", "azure-native:dbforpostgresql:FirewallRule"],
    check: ({ type, props, report }) => {
        if (type === "azure-native:dbforpostgresql:FirewallRule") {
            if (props.startIpAddress === "0.0.0.0" && props.endIpAddress === "255.255.255.255") report("The firewall rule admits every IPv4 address.");
            return;
        }
        if (props.network?.publicNetworkAccess !== "Disabled") report("Public network access is not disabled (network.publicNetworkAccess).");
    },
});
