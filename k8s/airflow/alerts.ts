/**
 * Alerts for a failing scheduler: no ready scheduler pod (kube-state-metrics), and schedulers that
 * run but no longer heartbeat (Airflow's StatsD `scheduler_heartbeat` counter through the chart's
 * statsd exporter, `airflow_scheduler_heartbeat`): a hung scheduler stays Ready while no task is
 * scheduled.
 */
import type { AlertGroup } from "../alertRules";
import { AIRFLOW_RELEASE } from "./constants";

export function airflowAlertGroups(namespace: string): AlertGroup[] {
    return [
        {
            name: "airflow",
            interval: "1m",
            rules: [
                {
                    alert: "AirflowSchedulerDown",
                    expr: `max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="${namespace}", deployment="${AIRFLOW_RELEASE}-scheduler"}) == 0`,
                    for: "5m",
                    severity: "critical",
                    summary: "Airflow has no ready scheduler",
                    description: "No scheduler pod of {{ $labels.namespace }}/{{ $labels.deployment }} has been ready for 5 minutes: no DAG run or task is scheduled.",
                },
                {
                    alert: "AirflowSchedulerHeartbeatStopped",
                    expr: `sum by (namespace) (rate(airflow_scheduler_heartbeat{namespace="${namespace}"}[5m])) == 0`,
                    for: "5m",
                    severity: "critical",
                    summary: "Airflow schedulers stopped heartbeating",
                    description: "No scheduler in {{ $labels.namespace }} has sent a heartbeat for at least 5 minutes while the exporter still holds the series: the scheduler loop is stuck or every scheduler is gone.",
                },
            ],
        },
    ];
}
