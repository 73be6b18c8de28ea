/**
 * Value paths whose keys the chart does not declare because it passes the map through whole
 * (toYaml into a manifest, or one entry per key). `as` names the Kubernetes type the chart renders
 * it into, checked against the cluster's schema; without `as` the keys are genuinely free-form.
 */
import type { ChartName } from "../charts";

export interface FreeForm {
    /** Dot-separated key path; `*` matches one key. */
    path: string;
    /** Kubernetes definition the chart renders the value as; a `[]` suffix for a list of them. */
    as?: string;
    reason: string;
}

const RESOURCES = "io.k8s.api.core.v1.ResourceRequirements";
const CONTAINER_SC = "io.k8s.api.core.v1.SecurityContext";
const POD_SC = "io.k8s.api.core.v1.PodSecurityContext";
const SECCOMP = "io.k8s.api.core.v1.SeccompProfile";
const PVC = "io.k8s.api.core.v1.PersistentVolumeClaim";
const TO_YAML = "rendered with toYaml into the pod spec";

const resources = (path: string): FreeForm => ({ path, as: RESOURCES, reason: `container resources, ${TO_YAML}` });

export const FREE_FORM: Partial<Record<ChartName, FreeForm[]>> = {
    opencost: [
        { path: "podSecurityContext", as: POD_SC, reason: `the pod's securityContext (default {}), ${TO_YAML}` },
        { path: "opencost.exporter.securityContext", as: CONTAINER_SC, reason: `the exporter container's securityContext (default {}), ${TO_YAML}` },
    ],
    istioCni: [
        resources("resources"),
        { path: "seccompProfile", as: SECCOMP, reason: TO_YAML },
        // templates/zzz_profile.yaml reads `coalesce .Values.platform .Values.global.platform`
        { path: "global.platform", reason: "read by the chart's profile template, declared only as the top-level `platform`" },
    ],
    istiod: [
        resources("resources"),
        { path: "seccompProfile", as: SECCOMP, reason: TO_YAML },
        { path: "env", reason: "one environment variable of the discovery container per key" },
        { path: "meshConfig", reason: "copied whole into the mesh ConfigMap (Istio's MeshConfig API, not chart keys)" },
    ],
    metricsServer: [
        resources("resources"),
        { path: "securityContext", as: CONTAINER_SC, reason: `the container's securityContext, ${TO_YAML}` },
    ],
    nvidiaDevicePlugin: [
        resources("resources"),
        { path: "securityContext", as: CONTAINER_SC, reason: `the container's securityContext, ${TO_YAML}` },
    ],
    clusterAutoscaler: [
        resources("resources"),
        { path: "securityContext", as: POD_SC, reason: `the pod's securityContext, ${TO_YAML}` },
        { path: "containerSecurityContext", as: CONTAINER_SC, reason: `the container's securityContext, ${TO_YAML}` },
        { path: "extraArgs", reason: "one --flag=value of cluster-autoscaler per key" },
        { path: "rbac.serviceAccount.annotations", reason: "ServiceAccount annotations (workload identity)" },
    ],
    kserveResources: [
        { path: "kserve.controller.containerSecurityContext", as: CONTAINER_SC, reason: `the controller container's securityContext, ${TO_YAML}` },
        { path: "kserve.storage.containerSecurityContext", as: CONTAINER_SC, reason: "the storage-initializer's securityContext, copied into the inferenceservice ConfigMap" },
    ],
    keda: [
        { path: "podDisruptionBudget.*", as: "io.k8s.api.policy.v1.PodDisruptionBudgetSpec", reason: "templates read minAvailable/maxUnavailable per component; values.yaml has them only as comments" },
        { path: "podSecurityContext.*", as: POD_SC, reason: `each component's pod securityContext, ${TO_YAML}` },
        { path: "securityContext.*", as: CONTAINER_SC, reason: `each component's container securityContext, ${TO_YAML}` },
    ],
    tempo: [
        resources("tempo.resources"),
        { path: "tempo.securityContext", as: CONTAINER_SC, reason: `the tempo container's securityContext, ${TO_YAML}` },
        { path: "securityContext", as: POD_SC, reason: `the pod's securityContext, ${TO_YAML}` },
        { path: "affinity", as: "io.k8s.api.core.v1.Affinity", reason: TO_YAML },
        { path: "serviceAccount.annotations", reason: "ServiceAccount annotations (workload identity)" },
        { path: "podLabels", reason: "pod labels, one per key (Azure workload identity's opt-in label)" },
        { path: "persistence.storageClassName", reason: "read by templates/statefulset.yaml into the volumeClaimTemplate; values.yaml has it only as a comment" },
    ],
    kubePrometheusStack: [
        resources("alertmanager.alertmanagerSpec.resources"),
        resources("prometheus.prometheusSpec.resources"),
        resources("prometheusOperator.resources"),
        resources("grafana.resources"),
        resources("kube-state-metrics.resources"),
        resources("prometheus-node-exporter.resources"),
        { path: "alertmanager.alertmanagerSpec.storage.volumeClaimTemplate", as: PVC, reason: "copied into the Alertmanager resource's storage (an embedded PersistentVolumeClaim)" },
        { path: "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate", as: PVC, reason: "copied into the Prometheus resource's storage (an embedded PersistentVolumeClaim)" },
        { path: "prometheus.prometheusSpec.podMetadata", as: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", reason: "copied into the Prometheus resource's podMetadata (labels and annotations of its pods)" },
        { path: "kube-state-metrics.customResourceState.config", reason: "kube-state-metrics' CustomResourceStateMetrics config, rendered with toYaml into its ConfigMap (k8s/serving/modelFreshness.ts)" },
        { path: "kube-state-metrics.rbac.extraRules", as: "io.k8s.api.rbac.v1.PolicyRule[]", reason: "appended to kube-state-metrics' ClusterRole rules with toYaml" },
    ],
    kuberayOperator: [
        resources("resources"),
        { path: "securityContext", as: CONTAINER_SC, reason: `the operator container's securityContext, ${TO_YAML}` },
        { path: "podSecurityContext", as: POD_SC, reason: `the operator pod's securityContext, ${TO_YAML}` },
        { path: "affinity", as: "io.k8s.api.core.v1.Affinity", reason: TO_YAML },
        // templates/configmap.yaml (and the deployment's args) read it; values.yaml has it only in a comment.
        { path: "watchNamespace", reason: "read by the chart's ConfigMap template, declared only in a comment of values.yaml" },
        { path: "configuration.defaultPodAnnotations", reason: "copied whole into the operator's Configuration: annotations of every Ray pod" },
        { path: "configuration.defaultPodLabels", reason: "copied whole into the operator's Configuration: labels of every Ray pod" },
        { path: "configuration.defaultContainerEnvs", as: "io.k8s.api.core.v1.EnvVar[]", reason: "copied whole into the operator's Configuration: environment of every Ray container" },
    ],
    falco: [
        { path: "customRules.*", reason: "one rules file per key in the rules ConfigMap (templates/rules-configmap.yaml), mounted under /etc/falco/rules.d" },
        { path: "controller.daemonset.updateStrategy", as: "io.k8s.api.apps.v1.DaemonSetUpdateStrategy", reason: "templates/daemonset.yaml: toYaml into the DaemonSet's updateStrategy" },
        { path: "mounts.volumes", as: "io.k8s.api.core.v1.Volume[]", reason: "templates/pod-template.tpl: toYaml into the pod's volumes" },
        { path: "mounts.volumeMounts", as: "io.k8s.api.core.v1.VolumeMount[]", reason: "templates/pod-template.tpl: toYaml into the falco container's volumeMounts" },
        resources("falcosidekick.resources"),
        { path: "falcosidekick.securityContext", as: CONTAINER_SC, reason: `falcosidekick's container securityContext, ${TO_YAML}` },
        { path: "falcosidekick.podSecurityContext", as: POD_SC, reason: `falcosidekick's pod securityContext, ${TO_YAML}` },
        { path: "falcosidekick.affinity", as: "io.k8s.api.core.v1.Affinity", reason: `falcosidekick's affinity, ${TO_YAML}` },
    ],
    trivyOperator: [
        resources("resources"),
        { path: "securityContext", as: CONTAINER_SC, reason: `the operator container's securityContext, ${TO_YAML}` },
        { path: "podSecurityContext", as: POD_SC, reason: `the operator pod's securityContext, ${TO_YAML}` },
        { path: "affinity", as: "io.k8s.api.core.v1.Affinity", reason: TO_YAML },
        { path: "trivyOperator.scanJobPodTemplatePodSecurityContext", as: POD_SC, reason: "written with toJson into the operator's ConfigMap; the operator unmarshals it into every scan pod's securityContext" },
        { path: "trivyOperator.scanJobPodTemplateContainerSecurityContext", as: CONTAINER_SC, reason: "written with toJson into the operator's ConfigMap; the operator unmarshals it into every scan container's securityContext" },
        resources("trivy.server.resources"),
        { path: "trivy.server.podSecurityContext", as: POD_SC, reason: `the Trivy server pod's securityContext, ${TO_YAML}` },
        { path: "trivy.server.securityContext", as: CONTAINER_SC, reason: `the Trivy server container's securityContext, ${TO_YAML}` },
    ],
    flagger: [
        // templates/deployment.yaml: `securityContext: {{ toYaml .Values.securityContext.context }}` on the flagger container.
        { path: "securityContext.context", as: CONTAINER_SC, reason: `the flagger container's securityContext, ${TO_YAML}` },
        { path: "affinity", as: "io.k8s.api.core.v1.Affinity", reason: `passed through tpl and toYaml into the pod spec` },
        resources("resources"),
    ],
};
