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
     * Addresses outside the pod network: the API server (webhook calls in, API calls out), managed
     * database and cache, object store and internet endpoints. Ports keep these rules narrow.
     */
    | { outsideCluster: true }
    /** One address range outside the pod network. */
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
const API_SERVER: FlowRule = { name: "api-server", peers: [OUTSIDE], ports: [443] };
const ISTIOD: FlowRule = { name: "istiod", peers: [{ namespace: "istioSystem" }], ports: [15012] };
/** Envoy's own metrics (15090) and the agent's merged metrics (15020) are plaintext by design. */
const MESH_METRICS: FlowRule = { name: "mesh-metrics", peers: [{ namespace: "monitoring" }], ports: [15090, 15020] };
const metrics = (...ports: number[]): FlowRule => ({ name: "prometheus", peers: [{ namespace: "monitoring" }], ports });
const webhook = (...ports: number[]): FlowRule => ({ name: "webhook", peers: [OUTSIDE], ports });
/** GKE's metadata server (workload identity tokens) answers on the link-local address, ports 80 and 988. */
const METADATA_SERVER: FlowRule = { name: "metadata-server", peers: [{ cidr: "169.254.169.254/32" }], ports: [80, 988] };

/** The flows each namespace needs beyond the defaults; every entry names its purpose. */
export function namespacePolicies(ctx: K8sContext): Record<NamespaceKey, NamespacePolicy> {
    const { database, cache } = ctx.foundation;
    return {
        istioSystem: {
            ingress: [{ name: "xds", peers: [{ anyNamespace: true }], ports: [15010, 15012] }, webhook(15017), metrics(15014)],
            // The API server, and JWKS documents for RequestAuthentication.
            egress: [API_SERVER],
        },
        istioIngress: {
            // The load balancer forwards clients (and health checks) to the gateway pods' own ports.
            ingress: [{ name: "clients", peers: [OUTSIDE], ports: [80, 443, 15021] }, MESH_METRICS],
            egress: [
                ISTIOD,
                { name: "mlflow", peers: [{ namespace: "mlflow" }], ports: [5000] },
                { name: "models", peers: [{ namespace: "serving" }], ports: [8080] },
            ],
        },
        certManager: {
            ingress: [webhook(10250), metrics(9402)],
            // ACME directory and its HTTP-01 self-check through the gateway's public address.
            egress: [{ name: "api-and-acme", peers: [OUTSIDE], ports: [443, 80] }],
        },
        monitoring: {
            // KEDA reads request rates from Prometheus to scale models.
            ingress: [webhook(10250), MESH_METRICS, { name: "metric-queries", peers: [{ namespace: "keda" }], ports: [9090] }],
            egress: [
                { name: "scrape-pods", peers: [{ anyNamespace: true }], ports: [] },
                // API server, kubelets, node-exporter (host network), Slack and PagerDuty.
                { name: "scrape-nodes-and-notify", peers: [OUTSIDE], ports: [443, 10250, 9100] },
            ],
        },
        mlflow: {
            ingress: [
                { name: "gateway", peers: [{ namespace: "istioIngress" }], ports: [5000] },
                { name: "models", peers: [{ namespace: "serving" }], ports: [5000] },
                metrics(5000),
                MESH_METRICS,
            ],
            egress: [ISTIOD, { name: "database", peers: [OUTSIDE], ports: [database.port] }, { name: "object-store", peers: [OUTSIDE], ports: [443] }, METADATA_SERVER],
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
                METADATA_SERVER,
            ],
        },
    };
}

function peer(p: Peer) {
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

function ports(list: pulumi.Input<number>[]) {
    return list.length > 0 ? { ports: list.map((port) => ({ protocol: "TCP", port })) } : {};
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
                {
                    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
                { to: [{ podSelector: {} }] },
            ],
        });
        if (policy.ingress.length > 0) {
            this.policy(namespace, "allow-ingress", flows(policy.ingress), { podSelector: {}, policyTypes: ["Ingress"], ingress: policy.ingress.map((r) => ({ from: r.peers.map(peer), ...ports(r.ports) })) });
        }
        if (policy.egress.length > 0) {
            this.policy(namespace, "allow-egress", flows(policy.egress), { podSelector: {}, policyTypes: ["Egress"], egress: policy.egress.map((r) => ({ to: r.peers.map(peer), ...ports(r.ports) })) });
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
