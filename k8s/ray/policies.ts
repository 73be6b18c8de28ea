/**
 * NetworkPolicy specs for this component's namespaces, in the shape the layer's NetworkPolicies
 * builder gives every platform namespace: deny all, allow DNS and the namespace itself, then the
 * listed ingress and egress flows. Peers in the layer's namespaces go through its `rulePeers`.
 */
import type * as inputs from "@pulumi/kubernetes/types/input";
import { rulePeers, type Peer } from "../security";
import type { RayFlowRule, RayNamespacePolicy, RayPeer } from "./network";

type PolicyPeer = inputs.networking.v1.NetworkPolicyPeer;
type PolicyRule = { from?: PolicyPeer[]; to?: PolicyPeer[]; ports?: inputs.networking.v1.NetworkPolicyPort[] };

export interface NamedPolicy {
    name: string;
    annotations: Record<string, string>;
    spec: inputs.networking.v1.NetworkPolicySpec;
}

function isOwn(p: RayPeer): p is Extract<RayPeer, { ownNamespace: string }> {
    return "ownNamespace" in p;
}

/** The peers of a rule, or undefined (no from/to) for a port-only rule at the cluster's edge. */
export function rayRulePeers(rule: RayFlowRule): PolicyPeer[] | undefined {
    const own = rule.peers.filter(isOwn).map((p) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.ownNamespace } } }));
    const shared = rule.peers.filter((p): p is Peer => !isOwn(p));
    if (shared.length === 0) return own;
    const rest = rulePeers({ name: rule.name, peers: shared, ports: rule.ports });
    if (rest === undefined) {
        if (own.length > 0) throw new Error(`flow ${rule.name}: a cluster-edge rule cannot also name namespaces`);
        return undefined;
    }
    return [...own, ...rest];
}

function toRule(direction: "from" | "to", rule: RayFlowRule): PolicyRule {
    const peers = rayRulePeers(rule);
    return {
        ...(peers ? { [direction]: peers } : {}),
        ...(rule.ports.length > 0 ? { ports: rule.ports.map((port) => ({ protocol: "TCP", port })) } : {}),
    };
}

const flows = (rules: RayFlowRule[]) => ({ "ml-platform/flows": rules.map((r) => r.name).join(",") });

export function namespacePolicySpecs(policy: RayNamespacePolicy): NamedPolicy[] {
    const out: NamedPolicy[] = [
        { name: "default-deny", annotations: {}, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-dns-and-namespace",
            annotations: {},
            spec: {
                podSelector: {},
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ podSelector: {} }] }],
                // No `to` for DNS: node-local caches answer from addresses no pod selector matches.
                egress: [{ ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }, { to: [{ podSelector: {} }] }],
            },
        },
    ];
    if (policy.ingress.length > 0) {
        out.push({ name: "allow-ingress", annotations: flows(policy.ingress), spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: policy.ingress.map((r) => toRule("from", r)) } });
    }
    if (policy.egress.length > 0) {
        out.push({ name: "allow-egress", annotations: flows(policy.egress), spec: { podSelector: {}, policyTypes: ["Egress"], egress: policy.egress.map((r) => toRule("to", r)) } });
    }
    return out;
}

/** One extra ingress policy in another component's namespace (policies add up; none is edited). */
export function ingressFrom(name: string, rule: RayFlowRule, podSelector: Record<string, string>): NamedPolicy {
    return { name, annotations: flows([rule]), spec: { podSelector: { matchLabels: podSelector }, policyTypes: ["Ingress"], ingress: [toRule("from", rule)] } };
}
