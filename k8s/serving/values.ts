/**
 * Values for KServe v0.20 (kserve-resources, kserve-runtime-configs) and KEDA 2.20, and the
 * autoscaling block of an InferenceService.
 */
import type { PlatformLayerConfig } from "../../components/config/platform";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";
import type { ChartRef } from "../helm";

const KSERVE_VERSION = "v0.20.0";

export const SERVING_CHARTS = {
    kserveCrd: { chart: "oci://ghcr.io/kserve/charts/kserve-crd", version: KSERVE_VERSION },
    kserveResources: { chart: "oci://ghcr.io/kserve/charts/kserve-resources", version: KSERVE_VERSION },
    kserveRuntimeConfigs: { chart: "oci://ghcr.io/kserve/charts/kserve-runtime-configs", version: KSERVE_VERSION },
    keda: { chart: "keda", version: "2.20.2", repo: "https://kedacore.github.io/charts" },
} as const satisfies Record<string, ChartRef>;

export const MODEL_SERVER_SERVICE_ACCOUNT = "model-server";
/** The init container KServe injects into model-server pods to download the model. */
export const STORAGE_INITIALIZER = "storage-initializer";
/** Why it keeps a writable root filesystem (its securityContext below); the admission policy wants the reason on the pod. */
export const STORAGE_INITIALIZER_WRITABLE_REASON = "KServe's storage initializer keeps a writable root filesystem (kserve.storage.containerSecurityContext)";

export interface KserveValuesArgs {
    modelsHost: string;
    tolerations: Toleration[];
}

export function kserveResourcesValues(p: KserveValuesArgs) {
    return {
        kserve: {
            controller: {
                // Plain Deployments + HPA/KEDA, no Knative.
                deploymentMode: "Standard",
                gateway: {
                    domain: p.modelsHost,
                    urlScheme: "https",
                    // Routes are the platform's own VirtualServices on the platform gateway.
                    disableIngressCreation: true,
                    disableIstioVirtualHost: true,
                    ingressGateway: { className: "istio" },
                },
                resources: resources("100m", "300Mi"),
                securityContext: RESTRICTED_POD_SECURITY,
                containerSecurityContext: RESTRICTED_CONTAINER_SECURITY,
                tolerations: p.tolerations,
            },
            storage: {
                // The storage initializer writes models to its volume, not its root filesystem.
                containerSecurityContext: { ...RESTRICTED_CONTAINER_SECURITY, readOnlyRootFilesystem: false },
            },
        },
    };
}

export function kserveRuntimeValues() {
    return { kserve: { servingruntime: { enabled: true } } };
}

export function kedaValues(p: { ha: boolean; tolerations: Toleration[] }) {
    const replicas = p.ha ? 2 : 1;
    const pdb = p.ha ? { minAvailable: 1 } : {};
    return {
        operator: { replicaCount: replicas, tolerations: p.tolerations },
        metricsServer: { replicaCount: replicas, tolerations: p.tolerations },
        webhooks: { replicaCount: replicas, tolerations: p.tolerations },
        podDisruptionBudget: { operator: pdb, metricServer: pdb, webhooks: pdb },
        podSecurityContext: { operator: RESTRICTED_POD_SECURITY, metricServer: RESTRICTED_POD_SECURITY, webhooks: RESTRICTED_POD_SECURITY },
        securityContext: { operator: RESTRICTED_CONTAINER_SECURITY, metricServer: RESTRICTED_CONTAINER_SECURITY, webhooks: RESTRICTED_CONTAINER_SECURITY },
        resources: {
            operator: resources("100m", "256Mi", { memory: "512Mi" }),
            metricServer: resources("100m", "256Mi", { memory: "512Mi" }),
            webhooks: resources("50m", "128Mi", { memory: "256Mi" }),
        },
    };
}

/**
 * Replica bounds, CPU and memory targets, request rate per replica (KEDA, from Istio's metrics in
 * Prometheus), and scale-up/down behaviour, for an InferenceService's predictor.
 */
export function inferenceServiceAutoscaling(serving: PlatformLayerConfig["serving"], rpsQuery: string, prometheusUrl: string) {
    return {
        minReplicas: serving.minReplicas,
        maxReplicas: serving.maxReplicas,
        autoScaling: {
            metrics: [
                { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: serving.targetCpuUtilization } } },
                { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
                {
                    type: "External",
                    external: {
                        metric: { backend: "prometheus", serverAddress: prometheusUrl, query: rpsQuery },
                        // KServe's webhook requires a Value target for KEDA external metrics; KEDA passes it on
                        // as the Prometheus trigger's threshold, which the HPA divides by the replica count.
                        target: { type: "Value", value: String(serving.targetRequestsPerSecond) },
                    },
                },
            ],
            behavior: {
                scaleUp: {
                    stabilizationWindowSeconds: serving.scaleUpStabilizationSeconds,
                    selectPolicy: "Max",
                    policies: [
                        { type: "Percent", value: 100, periodSeconds: 15 },
                        { type: "Pods", value: 4, periodSeconds: 15 },
                    ],
                },
                scaleDown: {
                    stabilizationWindowSeconds: serving.scaleDownStabilizationSeconds,
                    selectPolicy: "Min",
                    policies: [{ type: "Percent", value: 50, periodSeconds: 60 }],
                },
            },
        },
    };
}
