/**
 * Alerts on image scanning, from the operator's own metrics (Trivy Operator 0.32.0,
 * pkg/metrics/collector.go): `trivy_image_vulnerabilities{namespace, resource_kind, resource_name,
 * container_name, image_registry, image_repository, image_tag, image_digest, severity}`, one series
 * per VulnerabilityReport and severity, severities Title-case (`Critical`, `High`, ...). Reports
 * are owned by the workload they describe and, for Deployments, exist only for the current
 * ReplicaSet, so a series is a container that runs now.
 */
import type { AlertGroup } from "../alertRules";
import { TRIVY_OPERATOR_RELEASE } from "./values";

export const CRITICAL_VULNERABILITIES_ALERT = "CriticalVulnerabilitiesInRunningWorkload";

const PER_CONTAINER = "namespace, resource_kind, resource_name, container_name, image_registry, image_repository, image_tag";

export function imageScanningAlertGroup(namespace: string): AlertGroup {
    return {
        name: "mlplatform-image-scanning",
        interval: "5m",
        rules: [
            {
                alert: CRITICAL_VULNERABILITIES_ALERT,
                expr: `sum by (${PER_CONTAINER}) (trivy_image_vulnerabilities{severity="Critical"}) > 0`,
                // A rescan replaces the report; the pause keeps a replaced report from paging twice.
                for: "15m",
                // Pages where PagerDuty is configured (production's receivers); Slack elsewhere.
                severity: "critical",
                summary: "A running container has critical vulnerabilities",
                description:
                    "{{ $labels.namespace }}/{{ $labels.resource_kind }}/{{ $labels.resource_name }} container {{ $labels.container_name }} runs {{ $labels.image_registry }}/{{ $labels.image_repository }}:{{ $labels.image_tag }} with {{ $value }} Critical vulnerabilities. kubectl get vulnerabilityreports -n {{ $labels.namespace }} lists them; rebuild or bump the image.",
            },
            {
                alert: "ImageScannerUnavailable",
                // Silent when the scanner is switched off (no Deployment, no series).
                expr: `kube_deployment_status_replicas_available{namespace="${namespace}", deployment="${TRIVY_OPERATOR_RELEASE}"} < 1`,
                for: "15m",
                severity: "warning",
                summary: "Trivy Operator is not running",
                description: "No Trivy Operator replica has been available for 15 minutes: new and changed workloads are not scanned, and CriticalVulnerabilitiesInRunningWorkload cannot fire for them.",
            },
        ],
    };
}
