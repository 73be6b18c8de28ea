/** The MLflow tracking server's availability alert (kube-state-metrics). */
import type { AlertGroup } from "../alertRules";

export function mlflowAlerts(namespace: string): AlertGroup[] {
    return [
        {
            name: "ml-platform.services",
            interval: "1m",
            rules: [
                {
                    alert: "MlflowUnavailable",
                    expr: `max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="${namespace}", deployment="mlflow"}) == 0`,
                    for: "5m",
                    severity: "critical",
                    summary: "MLflow tracking server has no ready replicas",
                    description: "Experiment tracking and the model registry are down.",
                },
            ],
        },
    ];
}
