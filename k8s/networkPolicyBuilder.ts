/**
 * NetworkPolicies from the components' declarations: every platform namespace denies all traffic
 * by default, then allows DNS and traffic inside the namespace, the flows it accepts, and the
 * egress its own and other namespaces' declarations give it.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type * as inputs from "@pulumi/kubernetes/types/input";
import type { FlowRule, MeshedFlows, NamespaceDeclaration, Peer } from "./component";
import { K8sComponent, platformLabels, type K8sContext } from "./context";

export interface NamespacePolicy {
    ingress: FlowRule[];
    egress: FlowRule[];
}

/** A rule that already lets the namespace reach every pod on every port. */
function reachesEveryPod(rules: FlowRule[]): boolean {
    return rules.some((r) => r.ports.length === 0 && r.peers.some((p) => "anyNamespace" in p));
}

/** The link-local endpoints the cloud's workload identity needs (GKE's metadata server), if any. */
function identityEndpoints(ctx: K8sContext): FlowRule[] {
    return ctx.foundation.cluster.network.identityEndpoints.map((e) => ({ name: "workload-identity", peers: [{ cidr: e.cidr }], ports: e.ports }));
}

/**
 * Each namespace's rules. Ingress: its accepts, then the meshed flows' accepts. Egress: the meshed
 * flows' egress, its own egress, the egress derived from other namespaces' accepts (in declaration
 * order), then the workload-identity endpoints.
 */
export function namespacePolicies(ctx: K8sContext, namespaces: NamespaceDeclaration[], meshed: MeshedFlows[]): Record<string, NamespacePolicy> {
    const keys = new Set(namespaces.map((n) => n.key));
    for (const ns of namespaces) {
        for (const rule of ns.accepts) {
            for (const p of rule.peers) if ("namespace" in p && !keys.has(p.namespace)) throw new Error(`namespace ${ns.name}, flow ${rule.name}: no component declares namespace ${p.namespace}`);
        }
    }
    const identity = identityEndpoints(ctx);
    const result: Record<string, NamespacePolicy> = {};
    for (const ns of namespaces) {
        const isMeshed = ns.mesh !== "disabled";
        const ingress = [...ns.accepts, ...(isMeshed ? meshed.flatMap((m) => m.accept ?? []) : [])];
        const derived = namespaces.flatMap((other) =>
            other.accepts
                .filter((rule) => rule.peers.some((p) => "namespace" in p && p.namespace === ns.key))
                .map((rule): FlowRule => ({ name: rule.callerRule ?? rule.name, peers: [{ namespace: other.key }], ports: rule.ports })),
        );
        const own = typeof ns.egress === "function" ? ns.egress(ctx) : ns.egress;
        const open = reachesEveryPod(own);
        const egress = [
            ...(isMeshed && !open ? meshed.flatMap((m) => m.egress ?? []) : []),
            ...own,
            ...(open ? [] : derived),
            ...(ns.workloadIdentity ? identity : []),
        ];
        result[ns.key] = { ingress, egress };
    }
    return result;
}

type PolicyPeer = inputs.networking.v1.NetworkPolicyPeer;

function peer(p: Exclude<Peer, { clusterEdge: string }>, names: Record<string, string>): PolicyPeer {
    if ("namespace" in p) {
        return {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": names[p.namespace] } },
            ...(p.podLabels ? { podSelector: { matchLabels: p.podLabels } } : {}),
        };
    }
    if ("anyNamespace" in p) return { namespaceSelector: {} };
    if ("cidr" in p) return { ipBlock: { cidr: p.cidr } };
    return { ipBlock: { cidr: "0.0.0.0/0" } };
}

/** The peers of a rule; undefined (no `from`/`to`: every source) for the cluster's edge. */
export function rulePeers(rule: FlowRule, names: Record<string, string>): PolicyPeer[] | undefined {
    const edge = rule.peers.some((p) => "clusterEdge" in p);
    if (!edge) return rule.peers.map((p) => peer(p as Exclude<Peer, { clusterEdge: string }>, names));
    if (rule.ports.length === 0) throw new Error(`flow ${rule.name}: a cluster-edge rule must name its ports`);
    return undefined;
}

function ports(list: pulumi.Input<number>[]) {
    return list.length > 0 ? { ports: list.map((port) => ({ protocol: "TCP", port })) } : {};
}

/** The purpose of each rule, readable with kubectl. */
function flows(rules: FlowRule[]): Record<string, string> {
    return { "ml-platform/flows": rules.map((r) => r.name).join(",") };
}

export class NetworkPolicies extends K8sComponent {
    readonly policies: NetworkPolicy[] = [];

    constructor(name: string, ctx: K8sContext, opts: pulumi.ComponentResourceOptions) {
        super("NetworkPolicies", name, ctx, opts);
        this.registerOutputs({});
    }

    /** Creates every namespace's policies once all components are declared. */
    build(namespaces: NamespaceDeclaration[], meshed: MeshedFlows[]): void {
        const names = Object.fromEntries(namespaces.map((n) => [n.key, n.name]));
        const all = namespacePolicies(this.ctx, namespaces, meshed);
        for (const ns of namespaces) this.forNamespace(ns, all[ns.key], names);
    }

    /** Four policies per namespace: deny everything, then DNS + same namespace, listed ingress, listed egress. */
    private forNamespace(ns: NamespaceDeclaration, policy: NamespacePolicy, names: Record<string, string>): void {
        const withPeers = (direction: "from" | "to", rule: FlowRule) => {
            const peers = rulePeers(rule, names);
            return { ...(peers ? { [direction]: peers } : {}), ...ports(rule.ports) };
        };
        this.policy(ns, "default-deny", {}, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        this.policy(ns, "allow-dns-and-namespace", {}, {
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
            ingress: [{ from: [{ podSelector: {} }] }],
            egress: [
                // No `to`: node-local caches (NodeLocal DNS, AKS LocalDNS, GKE's metadata-server
                // resolver) answer from addresses a kube-dns pod selector would not match.
                {
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
                { to: [{ podSelector: {} }] },
            ],
        });
        if (policy.ingress.length > 0) {
            this.policy(ns, "allow-ingress", flows(policy.ingress), { podSelector: {}, policyTypes: ["Ingress"], ingress: policy.ingress.map((r) => withPeers("from", r)) });
        }
        if (policy.egress.length > 0) {
            this.policy(ns, "allow-egress", flows(policy.egress), { podSelector: {}, policyTypes: ["Egress"], egress: policy.egress.map((r) => withPeers("to", r)) });
        }
    }

    private policy(ns: NamespaceDeclaration, policyName: string, annotations: Record<string, string>, spec: inputs.networking.v1.NetworkPolicySpec): void {
        this.policies.push(
            new NetworkPolicy(
                `${ns.name}-${policyName}`,
                { metadata: { name: policyName, namespace: this.ctx.ns[ns.key], labels: platformLabels(this.ctx), annotations }, spec },
                this.child(),
            ),
        );
    }
}

/** Cluster-edge and API-server helpers every component may use; the ports are the caller's. */
export const API_SERVER: FlowRule = { name: "api-server", peers: [{ clusterEdge: "control-plane" }], ports: [443] };
/** Pod ports (after the Service's DNAT) the API server calls. */
export const webhook = (...ports: number[]): FlowRule => ({ name: "webhook", peers: [{ clusterEdge: "control-plane" }], ports });
export const outside = (name: string, ...ports: pulumi.Input<number>[]): FlowRule => ({ name, peers: [{ outsideCluster: true }], ports });
