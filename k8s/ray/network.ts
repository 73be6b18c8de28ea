/**
 * The traffic of the operator's and the Ray namespace, in the layer's flow vocabulary. Inside the
 * Ray namespace every port is open between Ray pods: Ray picks its node-manager, object-manager
 * and worker ports at run time unless each RayCluster pins them. Across namespaces only the
 * named ports below are admitted.
 */
import type { K8sContext } from "../context";
import type { FlowRule, Peer } from "../security";
import { MLFLOW_CONTAINER_PORT } from "../values/mlflow";
import { OPERATOR_METRICS_PORT, OPERATOR_NAMESPACE, RAY_NAMESPACE, RAY_PORTS } from "./constants";

/** A peer in one of this component's own namespaces, which the layer's namespace table does not list. */
export type RayPeer = Peer | { ownNamespace: typeof OPERATOR_NAMESPACE | typeof RAY_NAMESPACE };

export interface RayFlowRule extends Omit<FlowRule, "peers"> {
    peers: RayPeer[];
}

export interface RayNamespacePolicy {
    ingress: RayFlowRule[];
    egress: RayFlowRule[];
}

const API_SERVER: RayFlowRule = { name: "api-server", peers: [{ clusterEdge: "control-plane" }], ports: [443] };

function identityEndpoints(ctx: K8sContext): RayFlowRule[] {
    return ctx.foundation.cluster.network.identityEndpoints.map((e) => ({ name: "workload-identity", peers: [{ cidr: e.cidr }], ports: e.ports }));
}

export function rayNamespacePolicies(ctx: K8sContext): Record<"operator" | "ray", RayNamespacePolicy> {
    const operator: RayFlowRule = { name: "kuberay-operator", peers: [{ ownNamespace: OPERATOR_NAMESPACE }], ports: [RAY_PORTS.dashboard] };
    return {
        operator: {
            ingress: [{ name: "prometheus", peers: [{ namespace: "monitoring" }], ports: [OPERATOR_METRICS_PORT] }],
            // The operator submits jobs (HTTPMode) and reads job and Serve status from the head's dashboard API.
            egress: [API_SERVER, { name: "ray-dashboard", peers: [{ ownNamespace: RAY_NAMESPACE }], ports: [RAY_PORTS.dashboard] }],
        },
        ray: {
            ingress: [
                operator,
                { name: "prometheus", peers: [{ namespace: "monitoring" }], ports: [RAY_PORTS.metrics, RAY_PORTS.autoscalerMetrics, RAY_PORTS.dashboardMetrics] },
            ],
            egress: [
                // The in-tree autoscaler (head pod) scales worker groups through the RayCluster object.
                API_SERVER,
                { name: "istiod", peers: [{ namespace: "istioSystem" }], ports: [15012] },
                { name: "mlflow", peers: [{ namespace: "mlflow" }], ports: [MLFLOW_CONTAINER_PORT] },
                // The artifact store, and package indexes for runtime_env pip installs.
                { name: "object-store-and-packages", peers: [{ outsideCluster: true }], ports: [443] },
                ...identityEndpoints(ctx),
            ],
        },
    };
}

/** What MLflow's namespace must admit from Ray pods (after the Service's DNAT: the container port). */
export const MLFLOW_FROM_RAY: RayFlowRule = { name: "ray", peers: [{ ownNamespace: RAY_NAMESPACE }], ports: [MLFLOW_CONTAINER_PORT] };

