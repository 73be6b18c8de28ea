/**
 * Every kind the platform creates, and whose schema validates it. A kind missing here fails the
 * suite: add its schema to schemas/manifest.json (and run scripts/refresh-schemas.ts), then the
 * kind to this list.
 */

/** "kubernetes" for built-in kinds, otherwise the project in schemas/manifest.json whose CRDs define it. */
export type SchemaSource = "kubernetes" | "istio" | "cert-manager" | "prometheus-operator" | "kserve" | "keda" | "kuberay" | "external-secrets" | "flagger";


export const KNOWN_KINDS: Record<string, SchemaSource> = {
    "v1/Namespace": "kubernetes",
    "v1/ConfigMap": "kubernetes",
    "v1/Secret": "kubernetes",
    "v1/ServiceAccount": "kubernetes",
    "v1/Service": "kubernetes",
    "v1/ResourceQuota": "kubernetes",
    "v1/LimitRange": "kubernetes",
    "apps/v1/Deployment": "kubernetes",
    "batch/v1/Job": "kubernetes",
    "networking.k8s.io/v1/NetworkPolicy": "kubernetes",
    "networking.k8s.io/v1/IngressClass": "kubernetes",
    "networking.k8s.io/v1/Ingress": "kubernetes",
    "policy/v1/PodDisruptionBudget": "kubernetes",
    "rbac.authorization.k8s.io/v1/Role": "kubernetes",
    "rbac.authorization.k8s.io/v1/RoleBinding": "kubernetes",
    "rbac.authorization.k8s.io/v1/ClusterRole": "kubernetes",
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": "kubernetes",
    "scheduling.k8s.io/v1/PriorityClass": "kubernetes",
    "storage.k8s.io/v1/StorageClass": "kubernetes",
    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy": "kubernetes",
    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding": "kubernetes",
    "security.istio.io/v1/AuthorizationPolicy": "istio",
    "security.istio.io/v1/PeerAuthentication": "istio",
    "security.istio.io/v1/RequestAuthentication": "istio",
    "networking.istio.io/v1/Gateway": "istio",
    "networking.istio.io/v1/VirtualService": "istio",
    "networking.istio.io/v1/DestinationRule": "istio",
    "networking.istio.io/v1/ServiceEntry": "istio",
    "networking.istio.io/v1/Sidecar": "istio",
    "telemetry.istio.io/v1/Telemetry": "istio",
    "cert-manager.io/v1/Certificate": "cert-manager",
    "cert-manager.io/v1/ClusterIssuer": "cert-manager",
    "cert-manager.io/v1/Issuer": "cert-manager",
    "monitoring.coreos.com/v1/ServiceMonitor": "prometheus-operator",
    "monitoring.coreos.com/v1/PodMonitor": "prometheus-operator",
    "monitoring.coreos.com/v1/PrometheusRule": "prometheus-operator",
    "serving.kserve.io/v1beta1/InferenceService": "kserve",
    "serving.kserve.io/v1alpha1/ServingRuntime": "kserve",
    "keda.sh/v1alpha1/ScaledObject": "keda",
    "keda.sh/v1alpha1/TriggerAuthentication": "keda",
    "ray.io/v1/RayJob": "kuberay",
    "external-secrets.io/v1/SecretStore": "external-secrets",
    "external-secrets.io/v1/ExternalSecret": "external-secrets",
    "flagger.app/v1beta1/MetricTemplate": "flagger",
    "flagger.app/v1beta1/Canary": "flagger",

};

/** "kubernetes:core/v1:Namespace" -> "v1/Namespace"; "kubernetes:cert-manager.io/v1:Certificate" -> "cert-manager.io/v1/Certificate". */
export function kindOfType(type: string): string {
    const [, groupVersion, kind] = type.split(":");
    return `${groupVersion.replace(/^core\//, "")}/${kind}`;
}

/** Pulumi types that are not Kubernetes objects: releases are checked by their values instead. */
export const NOT_OBJECTS = new Set(["kubernetes:helm.sh/v3:Release"]);
