/**
 * NetworkPolicies: every platform namespace denies all traffic by default, then allows DNS,
 * traffic inside the namespace, the mesh control plane, Prometheus scraping and the listed flows.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type * as inputs from "@pulumi/kubernetes/types/input";
import { K8sComponent, platformLabels, type K8sContext } from "./context";
import { NAMESPACES, type NamespaceKey } from "./namespaces";

/** Where traffic comes from or goes to. */
export type Peer =
    | { namespace: NamespaceKey; podLabels?: Record<string, string> }
    /** Any pod in any namespace. */
    | { anyNamespace: true }
    /**
     * The cluster's own edge: the API server calling webhooks and aggregated APIs (from its ENIs on
     * EKS, through konnectivity-agent pods on GKE and AKS), kubelets and host-network pods on the
     * nodes, and load-balancer clients (often SNATed to a node address). No selector or ipBlock
     * matches all of these on every engine (on Cilium an ipBlock never matches a pod or node), so a
     * rule with this peer names only ports: the form that every engine admits from anywhere.
     */
    | { clusterEdge: "control-plane" | "nodes" | "load-balancer" }
    /**
     * Addresses outside the cluster: managed database and cache, object store, ACME, DNS and
     * alerting APIs. Ports keep these rules narrow.
     */
    | { outsideCluster: true }
    /** One address range outside the pod and node networks (e.g. a link-local metadata server). */
    | { cidr: string };

export interface FlowRule {
    name: string;
    peers: Peer[];
    ports: pulumi.Input<number>[];
}

export interface NamespacePolicy {
    ingress: FlowRule[];
    egress: FlowRule[];
}

const OUTSIDE: Peer = { outsideCluster: true };
const CONTROL_PLANE: Peer = { clusterEdge: "control-plane" };
const API_SERVER: FlowRule = { name: "api-server", peers: [CONTROL_PLANE], ports: [443] };
const ISTIOD: FlowRule = { name: "istiod", peers: [{ namespace: "istioSystem" }], ports: [15012] };
/** Envoy's own metrics (15090) and the agent's merged metrics (15020) are plaintext by design. */
const MESH_METRICS: FlowRule = { name: "mesh-metrics", peers: [{ namespace: "monitoring" }], ports: [15090, 15020] };
const metrics = (...ports: number[]): FlowRule => ({ name: "prometheus", peers: [{ namespace: "monitoring" }], ports });
/** Pod ports (after the Service's DNAT) the API server calls. */
const webhook = (...ports: number[]): FlowRule => ({ name: "webhook", peers: [CONTROL_PLANE], ports });

/** The link-local endpoints the cloud's workload identity needs (GKE's metadata server), if any. */
function identityEndpoints(ctx: K8sContext): FlowRule[] {
    return ctx.foundation.cluster.network.identityEndpoints.map((e) => ({ name: "workload-identity", peers: [{ cidr: e.cidr }], ports: e.ports }));
}

/** The flows each namespace needs beyond the defaults; every entry names its purpose. */
export function namespacePolicies(ctx: K8sContext): Record<NamespaceKey, NamespacePolicy> {
    const { database, cache } = ctx.foundation;
    const identity = identityEndpoints(ctx);
    return {
        istioSystem: {
            ingress: [{ name: "xds", peers: [{ anyNamespace: true }], ports: [15010, 15012] }, webhook(15017), metrics(15014)],
            // The API server, and JWKS documents for RequestAuthentication.
            egress: [API_SERVER, { name: "jwks", peers: [OUTSIDE], ports: [443] }],
        },
        istioIngress: {
            // The load balancer forwards clients (and health checks) to the gateway pods' own ports.
            ingress: [{ name: "clients", peers: [{ clusterEdge: "load-balancer" }], ports: [80, 443, 15021] }, MESH_METRICS],
            egress: [
                ISTIOD,
                { name: "mlflow", peers: [{ namespace: "mlflow" }], ports: [5000] },
                { name: "models", peers: [{ namespace: "serving" }], ports: [8080] },
            ],
        },
        certManager: {
            ingress: [webhook(10250), metrics(9402)],
            // The API server, the ACME directory and the cloud's DNS API (DNS-01).
            egress: [API_SERVER, { name: "acme-and-dns-api", peers: [OUTSIDE], ports: [443] }, ...identity],
        },
        externalDns: {
            ingress: [metrics(7979)],
            egress: [API_SERVER, { name: "dns-api", peers: [OUTSIDE], ports: [443] }, ...identity],
        },
        monitoring: {
            // KEDA reads request rates from Prometheus to scale models.
            ingress: [webhook(10250), MESH_METRICS, { name: "metric-queries", peers: [{ namespace: "keda" }], ports: [9090] }],
            egress: [
                { name: "scrape-pods", peers: [{ anyNamespace: true }], ports: [] },
                API_SERVER,
                // Kubelets and node-exporter (host network) on every node.
                { name: "scrape-nodes", peers: [{ clusterEdge: "nodes" }], ports: [10250, 9100] },
                { name: "notify", peers: [OUTSIDE], ports: [443] },
            ],
        },
        mlflow: {
            ingress: [
                { name: "gateway", peers: [{ namespace: "istioIngress" }], ports: [5000] },
                { name: "models", peers: [{ namespace: "serving" }], ports: [5000] },
                metrics(5000),
                MESH_METRICS,
            ],
            egress: [ISTIOD, { name: "database", peers: [OUTSIDE], ports: [database.port] }, { name: "object-store", peers: [OUTSIDE], ports: [443] }, ...identity],
        },
        kserve: {
            ingress: [webhook(9443), metrics(8443)],
            egress: [API_SERVER],
        },
        keda: {
            // 6443: the external metrics API the API server aggregates.
            ingress: [webhook(9443, 6443), metrics(8080)],
            egress: [API_SERVER, { name: "prometheus", peers: [{ namespace: "monitoring" }], ports: [9090] }],
        },
        serving: {
            ingress: [{ name: "gateway", peers: [{ namespace: "istioIngress" }], ports: [8080] }, metrics(8080), MESH_METRICS],
            egress: [
                ISTIOD,
                { name: "object-store", peers: [OUTSIDE], ports: [443] },
                { name: "mlflow", peers: [{ namespace: "mlflow" }], ports: [5000] },
                { name: "data", peers: [OUTSIDE], ports: [cache.port, database.port] },
                ...identity,
            ],
        },
    };
}

type PolicyPeer = inputs.networking.v1.NetworkPolicyPeer;

function peer(p: Exclude<Peer, { clusterEdge: string }>): PolicyPeer {
    if ("namespace" in p) {
        return {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": NAMESPACES[p.namespace].name } },
            ...(p.podLabels ? { podSelector: { matchLabels: p.podLabels } } : {}),
        };
    }
    if ("anyNamespace" in p) return { namespaceSelector: {} };
    if ("cidr" in p) return { ipBlock: { cidr: p.cidr } };
    return { ipBlock: { cidr: "0.0.0.0/0" } };
}

/** The peers of a rule; undefined (no `from`/`to`: every source) for the cluster's edge. */
export function rulePeers(rule: FlowRule): PolicyPeer[] | undefined {
    const edge = rule.peers.some((p) => "clusterEdge" in p);
    if (!edge) return rule.peers.map((p) => peer(p as Exclude<Peer, { clusterEdge: string }>));
    if (rule.ports.length === 0) throw new Error(`flow ${rule.name}: a cluster-edge rule must name its ports`);
    return undefined;
}

function ports(list: pulumi.Input<number>[]) {
    return list.length > 0 ? { ports: list.map((port) => ({ protocol: "TCP", port })) } : {};
}

function withPeers(direction: "from" | "to", rule: FlowRule) {
    const peers = rulePeers(rule);
    return { ...(peers ? { [direction]: peers } : {}), ...ports(rule.ports) };
}

/** The purpose of each rule, readable with kubectl. */
function flows(rules: FlowRule[]): Record<string, string> {
    return { "ml-platform/flows": rules.map((r) => r.name).join(",") };
}

function namespaceKey(name: string): NamespaceKey {
    return (Object.keys(NAMESPACES) as NamespaceKey[]).find((k) => NAMESPACES[k].name === name)!;
}

export class NetworkPolicies extends K8sComponent {
    readonly policies: NetworkPolicy[] = [];

    constructor(name: string, ctx: K8sContext, opts: pulumi.ComponentResourceOptions) {
        super("NetworkPolicies", name, ctx, opts);
        const all = namespacePolicies(ctx);
        for (const key of Object.keys(NAMESPACES) as NamespaceKey[]) this.forNamespace(key, all[key]);
        this.registerOutputs({});
    }

    /** Four policies per namespace: deny everything, then DNS + same namespace, listed ingress, listed egress. */
    private forNamespace(key: NamespaceKey, policy: NamespacePolicy): void {
        const namespace = NAMESPACES[key].name;
        this.policy(namespace, "default-deny", {}, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        this.policy(namespace, "allow-dns-and-namespace", {}, {
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
            this.policy(namespace, "allow-ingress", flows(policy.ingress), { podSelector: {}, policyTypes: ["Ingress"], ingress: policy.ingress.map((r) => withPeers("from", r)) });
        }
        if (policy.egress.length > 0) {
            this.policy(namespace, "allow-egress", flows(policy.egress), { podSelector: {}, policyTypes: ["Egress"], egress: policy.egress.map((r) => withPeers("to", r)) });
        }
    }

    private policy(namespace: string, policyName: string, annotations: Record<string, string>, spec: inputs.networking.v1.NetworkPolicySpec): void {
        this.policies.push(
            new NetworkPolicy(
                `${namespace}-${policyName}`,
                { metadata: { name: policyName, namespace: this.ctx.ns[namespaceKey(namespace)], labels: platformLabels(this.ctx), annotations }, spec },
                this.child(),
            ),
        );
    }
}
