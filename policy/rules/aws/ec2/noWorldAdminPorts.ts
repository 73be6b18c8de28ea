import { resourceRule } from "../../../lib/rule";
import { exposedPorts, isWorld } from "../../../lib/network";
import { asArray } from "../../../lib/values";
import { checkov, cisAws } from "../../../lib/references";

interface Config {
    restrictedPorts: number[];
}

interface IngressRule {
    fromPort?: number;
    toPort?: number;
    protocol?: string;
    ipProtocol?: string;
    cidrBlocks?: string[];
    ipv6CidrBlocks?: string[];
    cidrIpv4?: string;
    cidrIpv6?: string;
}

/** Both the inline `ingress` list of a SecurityGroup and standalone SecurityGroupIngressRules. */
function ingressRules(type: string, props: Record<string, unknown>): IngressRule[] {
    return type === "aws:ec2/securityGroup:SecurityGroup" ? asArray<IngressRule>(props.ingress) : [props as IngressRule];
}

export default resourceRule<Config>({
    name: "aws-security-group-no-world-admin-ports",
    description: "No security group admits the internet to SSH, RDP or database ports.",
    category: "security",
    severity: "critical",
    references: [cisAws("5.2"), cisAws("5.3"), checkov("CKV_AWS_24"), checkov("CKV_AWS_25")],
    remediationSteps: "Replace 0.0.0.0/0 and ::/0 with the security group or CIDR of the clients that need the port.",
    config: {
        restrictedPorts: { type: "array", items: { type: "integer" }, default: [22, 3389, 5432, 3306, 6379, 1433, 27017, 9200] },
    },
    types: ["aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/securityGroupRule:SecurityGroupRule"],
    check: ({ type, props, config, report }) => {
        if (type === "aws:ec2/securityGroupRule:SecurityGroupRule" && props.type !== "ingress") return;
        for (const rule of ingressRules(type, props)) {
            const sources = [...asArray(rule.cidrBlocks), ...asArray(rule.ipv6CidrBlocks), rule.cidrIpv4, rule.cidrIpv6];
            if (!sources.some(isWorld)) continue;
            const ports = exposedPorts(rule.fromPort, rule.toPort, rule.ipProtocol ?? rule.protocol, config.restrictedPorts);
            if (ports.length > 0) report(`Ingress from anywhere to port(s) ${ports.join(", ")}.`);
        }
    },
});
