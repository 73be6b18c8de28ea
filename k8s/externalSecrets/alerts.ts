/**
 * An ExternalSecret that stops syncing leaves its Secret at the last value it fetched: harmless
 * until the password is rotated, then every restarted consumer fails. The operator exports each
 * ExternalSecret's conditions as externalsecret_status_condition{namespace, name, condition, status}
 * (docs/api/metrics.md at v2.9.0); the ServiceMonitor honours the metric's own namespace label.
 */
import type { AlertGroup } from "../alertRules";

/** Two refresh intervals (k8s/connectionSecrets.ts REFRESH_INTERVAL) without a successful sync. */
export const NOT_SYNCED_FOR = "30m";

export function externalSecretsAlertGroup(): AlertGroup {
    return {
        name: "mlplatform-external-secrets",
        interval: "1m",
        rules: [
            {
                alert: "ExternalSecretNotSynced",
                expr: `max by (namespace, name) (externalsecret_status_condition{condition="Ready", status="False"}) == 1`,
                for: NOT_SYNCED_FOR,
                severity: "warning",
                summary: "An ExternalSecret does not sync from the cloud's secret store",
                description:
                    "ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} has not been Ready for 30 minutes: its Secret keeps the last value fetched, so a rotated credential does not reach it. kubectl describe externalsecret names the cause (the reader's grant, the entry, a missing property).",
            },
        ],
    };
}
