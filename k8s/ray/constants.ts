/** Names and ports of the Ray component that other files (and tests) refer to. */

/** The operator's namespace: the KubeRay operator only. */
export const OPERATOR_NAMESPACE = "kuberay";
/** Where teams create RayJobs, RayClusters and RayServices (the only namespace the operator watches). */
export const RAY_NAMESPACE = "ray";
/** How flows name the Ray namespace (other components' accepts import only this file, so no cycle). */
export const RAY_NAMESPACE_KEY = "ray";
export const OPERATOR_RELEASE = "kuberay-operator";
/** The chart's fixed name for the operator's Deployment, ServiceAccount and pod label. */
export const OPERATOR_SELECTOR = { "app.kubernetes.io/name": "kuberay-operator" } as const;
/** The service account Ray head and worker pods run as: read-write access to the artifact store. */
export const RAY_SERVICE_ACCOUNT = "ray-worker";
/** Holds the tolerations and node selectors of the stack's GPU and spot pools, for RayCluster authors. */
export const NODE_POOLS_CONFIGMAP = "ray-node-pools";

/** Ports KubeRay gives the head by default (ray-operator/controllers/ray/utils/constant.go at v1.7.0). */
export const RAY_PORTS = {
    gcs: 6379,
    dashboard: 8265,
    client: 10001,
    metrics: 8080,
    dashboardAgent: 52365,
    serve: 8000,
    /** The autoscaler's and the dashboard's own Prometheus endpoints on the head. */
    autoscalerMetrics: 44217,
    dashboardMetrics: 44227,
} as const;

/** Ray's default worker port range (`ray start --min-worker-port/--max-worker-port`). */
export const RAY_WORKER_PORTS = { from: 10002, to: 19999 } as const;

/** The operator's metrics port (its Service's `http` port). */
export const OPERATOR_METRICS_PORT = 8080;
