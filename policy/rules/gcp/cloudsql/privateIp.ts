import { resourceRule } from "../../../lib/rule";
import { isWorld } from "../../../lib/network";
import { asArray } from "../../../lib/values";
import { checkov, cisGcp } from "../../../lib/references";

/** ipv4Enabled defaults to true in the provider, so it must be switched off explicitly. */
export default resourceRule({
    name: "gcp-cloudsql-private-ip",
    description: "Cloud SQL instances have no public IP and authorize no public networks.",
    category: "security",
    severity: "critical",
    references: [cisGcp("6.6"), cisGcp("6.5"), checkov("CKV_GCP_60"), checkov("CKV_GCP_11")],
    remediationSteps: "Set settings.ipConfiguration.ipv4Enabled: false with privateNetwork, and remove public authorizedNetworks.",
    types: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check: ({ props, report }) => {
        const ip = props.settings?.ipConfiguration ?? {};
        if (ip.ipv4Enabled !== false) report("The instance has a public IPv4 address (settings.ipConfiguration.ipv4Enabled).");
        if (asArray<{ value?: string }>(ip.authorizedNetworks).some((n) => isWorld(n.value))) report("An authorized network admits 0.0.0.0/0.");
    },
});
