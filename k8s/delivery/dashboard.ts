/** The model-release dashboard: Flagger's own metrics per Canary (weights, last check values, result). */
import type { Dashboard } from "../dashboards";

export const DELIVERY_DASHBOARD: Dashboard = {
    uid: "ml-model-releases",
    title: "ML model releases",
    panels: [
        // `workload` is `<model>` for the canary side and `<model>-primary` for the live one.
        { title: "Traffic weight (%)", unit: "short", targets: [{ expr: "max by (namespace, workload) (flagger_canary_weight)", legend: "{{namespace}}/{{workload}}" }] },
        {
            title: "Last check values (error rate %, p99 ms)",
            unit: "short",
            targets: [{ expr: "max by (namespace, name, metric) (flagger_canary_metric_analysis)", legend: "{{namespace}}/{{name}} {{metric}}" }],
        },
        { title: "Release result (0 progressing, 1 succeeded, 2 rolled back)", unit: "short", targets: [{ expr: "max by (namespace, name) (flagger_canary_status)", legend: "{{namespace}}/{{name}}" }] },
        {
            title: "Releases in the last day",
            unit: "short",
            targets: [
                { expr: "sum by (namespace, name) (increase(flagger_canary_successes_total[1d]))", legend: "promoted {{namespace}}/{{name}}" },
                { expr: "sum by (namespace, name) (increase(flagger_canary_failures_total[1d]))", legend: "rolled back {{namespace}}/{{name}}" },
            ],
        },
    ],
};
