/** The Ray component's chart pin. */
import type { ChartRef } from "../helm";

export const RAY_CHARTS = {
    // CRDs in the chart's crds/ folder: Helm installs them with the first release only, so a
    // version bump must apply the new CRDs first (kubectl apply --server-side, as KubeRay's docs say).
    kuberayOperator: { chart: "kuberay-operator", version: "1.7.0", repo: "https://ray-project.github.io/kuberay-helm/" },
} as const satisfies Record<string, ChartRef>;
