/**
 * Alerts on the detector itself: a node Falco does not watch (from kube-state-metrics, which
 * kube-prometheus-stack runs) and events that do not reach Alertmanager (falcosidekick's own counter,
 * falcosecurity_falcosidekick_outputs_total{destination, status} in falcosidekick 2.32.0, the image chart 0.12.1 runs).
 */
import type { AlertGroup } from "../alertRules";
import { FALCO_DAEMONSET } from "./values";

export function falcoAlertGroup(namespace: string): AlertGroup {
    const ready = `kube_daemonset_status_number_ready{namespace="${namespace}", daemonset="${FALCO_DAEMONSET}"}`;
    return {
        name: "mlplatform-runtime-detection",
        interval: "1m",
        rules: [
            {
                alert: "FalcoNotOnEveryNode",
                // Against every node, not the DaemonSet's own desired count: a node whose taint Falco
                // does not tolerate is not "desired" and would otherwise go unnoticed. `or vector(0)`:
                // a missing DaemonSet counts as none ready.
                expr: `count(kube_node_info) - (sum(${ready}) or vector(0)) > 0`,
                for: "15m",
                severity: "warning",
                summary: "Falco is not running on every node",
                description: "{{ $value }} node(s) have no ready Falco pod for 15 minutes: nothing detects shells, binary writes or unexpected connections there. Check the falco DaemonSet's pods and the nodes' taints.",
            },
            {
                alert: "FalcoEventsNotDelivered",
                expr: `sum(increase(falcosecurity_falcosidekick_outputs_total{namespace="${namespace}", destination="alertmanager", status="error"}[10m])) > 0`,
                for: "0m",
                severity: "critical",
                summary: "Falco events do not reach Alertmanager",
                description: "falcosidekick failed to post {{ $value }} Falco event(s) to Alertmanager in the last 10 minutes: runtime detections are being lost. Read the falcosidekick logs.",
            },
        ],
    };
}
