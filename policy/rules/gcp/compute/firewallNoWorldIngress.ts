import { resourceRule } from "../../../lib/rule";
import { isWorld, onlyPorts, PUBLIC_PORTS_SCHEMA } from "../../../lib/network";
import { asArray } from "../../../lib/values";
import { checkov, cisGcp } from "../../../lib/references";

interface Config {
    publicPorts: number[];
}

interface Allow {
    protocol?: string;
    ports?: string[];
}

export default resourceRule<Config>({
    name: "gcp-firewall-no-world-ingress",
    description: "No VPC firewall rule admits 0.0.0.0/0 (or ::/0), except to the gateway's public listener ports when the stack's config makes the gateway external.",
    category: "security",
    severity: "critical",
    references: [cisGcp("3.6"), cisGcp("3.7"), checkov("CKV_GCP_2"), checkov("CKV_GCP_3"), checkov("CKV_GCP_106")],
    remediationSteps: "Set sourceRanges to the clients' ranges (the control plane's /28, the load balancer health-check ranges, the VPN); expose the gateway through its load balancer on publicPorts only.",
    config: { publicPorts: PUBLIC_PORTS_SCHEMA },
    types: ["gcp:compute/firewall:Firewall"],
    check: ({ props, config, report }) => {
        if ((props.direction ?? "INGRESS") !== "INGRESS" || props.disabled === true) return;
        if (!asArray(props.sourceRanges).some(isWorld)) return;
        for (const allow of asArray<Allow>(props.allows)) {
            const protocol = String(allow.protocol ?? "all").toLowerCase();
            const listener = protocol === "tcp" && onlyPorts(asArray(allow.ports), config.publicPorts);
            if (!listener) report(`Admits the internet to ${protocol} ${asArray(allow.ports).join(",") || "every port"}.`);
        }
    },
});
