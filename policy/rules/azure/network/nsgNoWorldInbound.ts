import { resourceRule, type Props } from "../../../lib/rule";
import { isWorld, onlyPorts, PUBLIC_PORTS_SCHEMA } from "../../../lib/network";
import { asArray } from "../../../lib/values";
import { checkov, cisAzure } from "../../../lib/references";

interface Config {
    publicPorts: number[];
}

const NSG = "azure-native:network:NetworkSecurityGroup";
const RULE = "azure-native:network:SecurityRule";

/** NSG sources meaning "anywhere": "*", "Internet", "Any", 0.0.0.0/0. */
const isAnySource = (prefix: unknown) => isWorld(prefix) || String(prefix ?? "").toLowerCase() === "internet";

function ruleProblem(rule: Props, publicPorts: readonly number[]): string | undefined {
    const p = (rule.properties as Props | undefined) ?? rule;
    if (String(p.direction ?? "") !== "Inbound" || String(p.access ?? "") !== "Allow") return undefined;
    const sources = [p.sourceAddressPrefix, ...asArray(p.sourceAddressPrefixes)].filter((s) => s !== undefined);
    if (!sources.some(isAnySource)) return undefined;
    const ports = [p.destinationPortRange, ...asArray(p.destinationPortRanges)].filter((s) => s !== undefined);
    const protocol = String(p.protocol ?? "*");
    if (protocol.toLowerCase() === "tcp" && onlyPorts(ports, publicPorts)) return undefined;
    return `Rule ${p.name ?? rule.name ?? "?"} admits ${sources.join(", ")} to ${protocol} ${ports.join(",") || "*"}.`;
}

export default resourceRule<Config>({
    name: "azure-nsg-no-world-inbound",
    description: "No network security group rule allows inbound traffic from * / Internet / 0.0.0.0/0, except to the gateway's public listener ports when the stack's config makes the gateway external.",
    category: "security",
    severity: "critical",
    references: [cisAzure("6.1"), cisAzure("6.2"), checkov("CKV_AZURE_9"), checkov("CKV_AZURE_10"), checkov("CKV_AZURE_160")],
    remediationSteps: "Name the clients' address prefixes or service tags (AzureLoadBalancer, VirtualNetwork); expose the gateway on publicPorts only.",
    config: { publicPorts: PUBLIC_PORTS_SCHEMA },
    types: [NSG, RULE],
    awaitingTypes: "The Azure foundation's network security groups are being added in clouds/azure (another branch); until they land no shipped plan has one.",
    check: ({ type, props, config, report }) => {
        const rules = type === NSG ? asArray<Props>(props.securityRules) : [props];
        for (const rule of rules) {
            const problem = ruleProblem(rule, config.publicPorts);
            if (problem) report(problem);
        }
    },
});
