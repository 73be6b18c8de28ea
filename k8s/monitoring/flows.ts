/**
 * The monitoring namespace and the flows Prometheus makes: other components accept
 * `prometheusScrape(<their metrics port>)`.
 */
import type { FlowRule, MeshedFlows, NamespaceDeclaration } from "../component";
import { API_SERVER, outside, webhook } from "../networkPolicyBuilder";

export const MONITORING_NAMESPACE = { key: "monitoring", name: "monitoring" } as const;

/** Prometheus scraping a component's own metrics port(s). */
export const prometheusScrape = (...ports: number[]): FlowRule => ({ name: "prometheus", peers: [{ namespace: MONITORING_NAMESPACE.key }], ports });

/** Envoy's own metrics (15090) and the agent's merged metrics (15020) are plaintext by design. */
export const MESH_METRICS: MeshedFlows = { accept: [{ name: "mesh-metrics", peers: [{ namespace: MONITORING_NAMESPACE.key }], ports: [15090, 15020] }] };

export const MONITORING: NamespaceDeclaration = {
    ...MONITORING_NAMESPACE,
    podSecurity: "restricted",
    // Prometheus opts in for the mTLS certificates its sidecar writes.
    mesh: "podOptIn",
    // KEDA reads request rates from Prometheus to scale models; Flagger judges model releases by them.
    accepts: [
        webhook(10250),
        { name: "metric-queries", peers: [{ namespace: "keda" }, { namespace: "flagger" }], ports: [9090], callerRule: "prometheus" },
        // falcosidekick posts Falco's runtime events to Alertmanager.
        { name: "falco-events", peers: [{ namespace: "falco" }], ports: [9093], callerRule: "alertmanager" },
        // OpenCost's cost model reads allocation and price series back from Prometheus.
        { name: "cost-queries", peers: [{ namespace: "opencost" }], ports: [9090], callerRule: "prometheus" },
    ],
    egress: [
        { name: "scrape-pods", peers: [{ anyNamespace: true }], ports: [] },
        API_SERVER,
        // Kubelets and node-exporter (host network) on every node.
        { name: "scrape-nodes", peers: [{ clusterEdge: "nodes" }], ports: [10250, 9100] },
        outside("notify", 443),
    ],
};
