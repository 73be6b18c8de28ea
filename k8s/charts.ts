/**
 * Every Helm chart the platform layer installs, pinned. Upgrading a chart is a one-line change
 * here, reviewed like any other; `helm.v3.Release` installs CRDs from a chart's crds/ folder only
 * once, so CRD-bearing charts are installed from separate CRD charts (or templates) instead.
 */

export interface ChartRef {
    /** Chart name, or a full oci:// reference. */
    chart: string;
    /** Exact version: never a range. */
    version: string;
    /** Chart repository URL; absent for OCI charts. */
    repo?: string;
}

const ISTIO_REPO = "https://istio-release.storage.googleapis.com/charts";
const ISTIO_VERSION = "1.30.3";
const KSERVE_VERSION = "v0.20.0";
const PROMETHEUS_COMMUNITY = "https://prometheus-community.github.io/helm-charts";

export const CHARTS = {
    istioBase: { chart: "base", version: ISTIO_VERSION, repo: ISTIO_REPO },
    istioCni: { chart: "cni", version: ISTIO_VERSION, repo: ISTIO_REPO },
    istiod: { chart: "istiod", version: ISTIO_VERSION, repo: ISTIO_REPO },
    istioGateway: { chart: "gateway", version: ISTIO_VERSION, repo: ISTIO_REPO },
    certManager: { chart: "cert-manager", version: "v1.21.1", repo: "https://charts.jetstack.io" },
    // The operator's CRDs as templates (upgradable), so cert-manager can ship a ServiceMonitor
    // before kube-prometheus-stack, whose admission webhook in turn needs cert-manager.
    prometheusOperatorCrds: { chart: "prometheus-operator-crds", version: "31.0.1", repo: PROMETHEUS_COMMUNITY },
    externalDns: { chart: "external-dns", version: "1.21.1", repo: "https://kubernetes-sigs.github.io/external-dns/" },
    kubePrometheusStack: { chart: "kube-prometheus-stack", version: "88.5.3", repo: PROMETHEUS_COMMUNITY },
    mlflow: { chart: "mlflow", version: "1.11.5", repo: "https://community-charts.github.io/helm-charts" },
    kserveCrd: { chart: "oci://ghcr.io/kserve/charts/kserve-crd", version: KSERVE_VERSION },
    kserveResources: { chart: "oci://ghcr.io/kserve/charts/kserve-resources", version: KSERVE_VERSION },
    kserveRuntimeConfigs: { chart: "oci://ghcr.io/kserve/charts/kserve-runtime-configs", version: KSERVE_VERSION },
    keda: { chart: "keda", version: "2.20.2", repo: "https://kedacore.github.io/charts" },
    clusterAutoscaler: { chart: "cluster-autoscaler", version: "9.59.0", repo: "https://kubernetes.github.io/autoscaler" },
    metricsServer: { chart: "metrics-server", version: "3.13.1", repo: "https://kubernetes-sigs.github.io/metrics-server/" },
    nvidiaDevicePlugin: { chart: "nvidia-device-plugin", version: "0.20.0", repo: "https://nvidia.github.io/k8s-device-plugin" },
    // CRDs in the chart's crds/ folder: Helm installs them with the first release only, so a
    // version bump must apply the new CRDs first (kubectl apply --server-side, as KubeRay's docs say).
    kuberayOperator: { chart: "kuberay-operator", version: "1.7.0", repo: "https://ray-project.github.io/kuberay-helm/" },
} as const satisfies Record<string, ChartRef>;

export type ChartName = keyof typeof CHARTS;
