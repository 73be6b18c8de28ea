/** Delivery's alert: a model release Flagger rolled back (a ticket: the old version keeps serving). */
import type { AlertGroup } from "../alertRules";

export function deliveryAlerts(): AlertGroup[] {
    return [
        {
            name: "ml-platform.delivery",
            interval: "1m",
            rules: [
                {
                    alert: "ModelReleaseFailed",
                    // Flagger's last analysis result per Canary: 0 progressing, 1 succeeded, 2 failed.
                    // max: with leader election only the leader reports.
                    expr: "max by (namespace, name) (flagger_canary_status) == 2",
                    for: "1m",
                    severity: "warning",
                    summary: "A model release was rolled back",
                    description:
                        "Flagger rolled back Canary {{ $labels.namespace }}/{{ $labels.name }}: the new version crossed the error-rate or p99 limit (or had no traffic). " +
                        "The previous version serves all traffic; the team's stack still names the new slot live (see docs/runbooks/model-release.md).",
                },
            ],
        },
    ];
}
