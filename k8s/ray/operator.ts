/**
 * Values for the kuberay-operator chart 1.7.0 (no values.schema.json; every key we set is declared
 * in its values.yaml). The operator watches only the Ray namespace, runs with leader election
 * (one active replica, the others standing by), and stamps every Ray pod it creates with the
 * pod labels of the workload identity and the sidecar settings below.
 */
import * as pulumi from "@pulumi/pulumi";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";
import { OPERATOR_SELECTOR, RAY_NAMESPACE } from "./constants";

/**
 * Ray pods are in the mesh for their outbound calls only: the sidecar intercepts nothing inbound
 * and only outbound port 80 (MLflow's Service port), so MLflow sees the pod's mTLS identity, while
 * Ray's own traffic (GCS, object transfers, worker ports Ray picks at random) bypasses Envoy.
 * Pinning every Ray port, as Ray's Istio guide requires for full interception, cannot be imposed
 * on every team's RayCluster. NetworkPolicies guard the bypassed ports.
 */
export const RAY_POD_MESH_ANNOTATIONS = {
    "traffic.sidecar.istio.io/includeInboundPorts": "",
    "traffic.sidecar.istio.io/includeOutboundIPRanges": "",
    "traffic.sidecar.istio.io/includeOutboundPorts": "80",
} as const;

export interface OperatorValuesArgs {
    replicas: number;
    tolerations: Toleration[];
    /** Environment of every Ray container: the artifact store's client settings (e.g. AWS_REGION, AZURE_STORAGE_ACCOUNT) and URI. */
    rayEnv: pulumi.Input<Record<string, string>>;
    /** Labels every Ray pod needs for the workload identity (Azure: azure.workload.identity/use). */
    rayPodLabels: Record<string, string>;
}

/** Prefer different zones for the standby operator (soft: the chart has no topology spread). */
function zoneAntiAffinity() {
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: "topology.kubernetes.io/zone", labelSelector: { matchLabels: { ...OPERATOR_SELECTOR } } } },
            ],
        },
    };
}

export function operatorValues(p: OperatorValuesArgs): Record<string, pulumi.Input<unknown>> {
    return {
        replicas: p.replicas,
        leaderElectionEnabled: true,
        watchNamespace: [RAY_NAMESPACE],
        podSecurityContext: { ...RESTRICTED_POD_SECURITY },
        securityContext: { ...RESTRICTED_CONTAINER_SECURITY },
        // The chart's CPU limit of 100m throttles reconciles of large clusters.
        resources: resources("100m", "512Mi", { cpu: "500m" }),
        tolerations: p.tolerations,
        affinity: p.replicas > 1 ? zoneAntiAffinity() : {},
        metrics: { enabled: true, serviceMonitor: { enabled: true, interval: "30s" } },
        // The ConfigMap form of the operator's settings: the only one with default pod labels and annotations.
        configuration: {
            enabled: true,
            defaultPodAnnotations: { ...RAY_POD_MESH_ANNOTATIONS },
            defaultPodLabels: p.rayPodLabels,
            defaultContainerEnvs: pulumi.output(p.rayEnv).apply((env) => Object.entries(env).map(([name, value]) => ({ name, value }))),
        },
    };
}
