import { resourceRule, type Props } from "../../lib/rule";
import { isWorld } from "../../lib/network";
import { asArray, asRecord } from "../../lib/values";
import { cisK8s } from "../../lib/references";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** A peer that matches everything: the whole internet, or every pod of every namespace. */
function isAnyPeer(peer: Props): boolean {
    if (isWorld(asRecord(peer.ipBlock).cidr)) return true;
    const namespaces = peer.namespaceSelector;
    return namespaces !== undefined && Object.keys(asRecord(namespaces)).length === 0 && peer.podSelector === undefined;
}

/** No ports, or a port entry without a port number (every port of that protocol). */
function allPorts(rule: Props): boolean {
    const ports = asArray<Props>(rule.ports);
    return ports.length === 0 || ports.some((p) => p.port === undefined);
}

function ruleProblems(direction: "ingress" | "egress", rule: Props, index: number): string[] {
    const peers = asArray<Props>(direction === "ingress" ? rule.from : rule.to);
    const at = `${direction}[${index}]`;
    const everyPeer = peers.length === 0;
    if (everyPeer && allPorts(rule)) return [`${at} admits every ${direction === "ingress" ? "source" : "destination"} on every port, cancelling the default deny.`];
    const open = peers.some(isAnyPeer);
    if (direction === "ingress" && (everyPeer || open) && allPorts(rule)) return [`${at} admits any source on every port: ingress from any source must name its ports.`];
    if (direction === "egress" && peers.some((p) => isWorld(asRecord(p.ipBlock).cidr)) && allPorts(rule)) return [`${at} lets pods reach the internet on every port: name the ports.`];
    return [];
}

/** Default deny is only as strong as the allow rules beside it. */
export default resourceRule({
    name: "k8s-network-policy-no-open-rules",
    description: "No NetworkPolicy rule admits every source (or destination) on every port (ingress: [{}], from: [] without ports), and ingress from any source (0.0.0.0/0, every namespace) names its ports.",
    category: "security",
    severity: "high",
    references: [cisK8s("5.3.2")],
    remediationSteps: "Name the peers (podSelector, namespaceSelector with labels, ipBlock of the clients) and the ports each rule admits.",
    types: [NETWORK_POLICY],
    check: ({ props, report }) => {
        const spec = asRecord(props.spec);
        asArray<Props>(spec.ingress).forEach((r, i) => ruleProblems("ingress", asRecord(r), i).forEach((m) => report(m)));
        asArray<Props>(spec.egress).forEach((r, i) => ruleProblems("egress", asRecord(r), i).forEach((m) => report(m)));
    },
});
