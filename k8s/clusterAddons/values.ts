/** Values for cluster-autoscaler 9.59, metrics-server 3.13 and the NVIDIA device plugin 0.20. */
import type * as pulumi from "@pulumi/pulumi";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../../components/config/platform";
import type { Taint } from "../../components/foundation";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";
import type { ChartRef } from "../helm";

export const CLUSTER_ADDONS_CHARTS = {
    clusterAutoscaler: { chart: "cluster-autoscaler", version: "9.59.0", repo: "https://kubernetes.github.io/autoscaler" },
    metricsServer: { chart: "metrics-server", version: "3.13.1", repo: "https://kubernetes-sigs.github.io/metrics-server/" },
    nvidiaDevicePlugin: { chart: "nvidia-device-plugin", version: "0.20.0", repo: "https://nvidia.github.io/k8s-device-plugin" },
} as const satisfies Record<string, ChartRef>;

export interface ClusterAutoscalerArgs {
    ha: boolean;
    /** The cluster's Kubernetes minor, e.g. "1.35": the autoscaler image must match it. */
    kubernetesVersion: string;
    cloudProvider: string;
    region: string;
    clusterName: pulumi.Input<string>;
    serviceAccount: { name: string; annotations: pulumi.Input<Record<string, string>> };
    tolerations: Toleration[];
    serviceMonitorLabels: Record<string, string>;
}

/** The image tag for the cluster's minor; the config schema rejects a minor without one. */
export function clusterAutoscalerImageTag(kubernetesVersion: string): string {
    const tag = CLUSTER_AUTOSCALER_IMAGE_TAGS[kubernetesVersion];
    if (!tag) throw new Error(`no pinned cluster-autoscaler image for Kubernetes ${kubernetesVersion}`);
    return tag;
}

export function clusterAutoscalerValues(p: ClusterAutoscalerArgs) {
    return {
        // The chart's default image follows the newest Kubernetes minor, not the cluster's.
        image: { tag: clusterAutoscalerImageTag(p.kubernetesVersion) },
        cloudProvider: p.cloudProvider,
        awsRegion: p.region,
        autoDiscovery: { clusterName: p.clusterName },
        rbac: { create: true, serviceAccount: { create: true, name: p.serviceAccount.name, annotations: p.serviceAccount.annotations } },
        // One active leader; the second replica takes over without waiting for a reschedule.
        replicaCount: p.ha ? 2 : 1,
        podDisruptionBudget: { maxUnavailable: 1 },
        resources: resources("100m", "300Mi", { memory: "600Mi" }),
        securityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: 65534, runAsGroup: 65534 },
        containerSecurityContext: RESTRICTED_CONTAINER_SECURITY,
        tolerations: p.tolerations,
        extraArgs: {
            "balance-similar-node-groups": true,
            "skip-nodes-with-system-pods": false,
            expander: "least-waste",
            "scale-down-unneeded-time": "10m",
        },
        serviceMonitor: { enabled: true, namespace: "kube-system", selector: p.serviceMonitorLabels },
    };
}

export function metricsServerValues(p: { ha: boolean; tolerations: Toleration[] }) {
    return {
        replicas: p.ha ? 2 : 1,
        podDisruptionBudget: { enabled: p.ha, minAvailable: 1 },
        resources: resources("100m", "200Mi", { memory: "400Mi" }),
        securityContext: { ...RESTRICTED_CONTAINER_SECURITY, runAsUser: 1000 },
        tolerations: p.tolerations,
    };
}

/**
 * The plugin must land on GPU nodes: tolerate their taint, and match the GPU pool's label or the
 * labels NVIDIA's feature discovery sets. Needs the kubelet's device-plugin socket (hostPath), so
 * it runs in kube-system.
 */
export function nvidiaDevicePluginValues(gpu: Taint) {
    const term = (key: string, value: string) => ({ matchExpressions: [{ key, operator: "In", values: [value] }] });
    return {
        tolerations: [
            { key: gpu.key, operator: "Exists", effect: gpu.effect },
            { key: "CriticalAddonsOnly", operator: "Exists" },
        ],
        affinity: {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [term("ml-platform/pool", "gpu"), term("nvidia.com/gpu.present", "true"), term("feature.node.kubernetes.io/pci-10de.present", "true")],
                },
            },
        },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
        resources: resources("50m", "64Mi", { memory: "128Mi" }),
    };
}
