/**
 * Alerts on image scanning, from the operator's own metrics (Trivy Operator 0.32.0,
 * pkg/metrics/collector.go): `trivy_image_vulnerabilities{namespace, resource_kind, resource_name,
 * container_name, image_registry, image_repository, image_tag, image_digest, severity}`, one series
 * per VulnerabilityReport and severity, severities Title-case (`Critical`, `High`, ...). Reports
 * are owned by the workload they describe and go with it; a Deployment's old ReplicaSets are not
 * scanned again (vulnerabilityScannerScanOnlyCurrentRevisions), but their reports stay until the
 * report TTL (24 h), so ReplicaSets scaled to zero (kube-state-metrics) are left out: a fixed
 * rollout resolves the alert.
 */
import type { AlertGroup } from "../alertRules";
import { TRIVY_OPERATOR_RELEASE } from "./values";

export const CRITICAL_VULNERABILITIES_ALERT = "CriticalVulnerabilitiesInRunningWorkload";

const PER_CONTAINER = "namespace, resource_kind, resource_name, container_name, image_registry, image_repository, image_tag";

/** kube-state-metrics' ReplicaSets with no replicas, labelled like the operator's series. */
const IDLE_REPLICASETS = 'label_replace(label_replace(kube_replicaset_spec_replicas == 0, "resource_name", "$1", "replicaset", "(.+)"), "resource_kind", "ReplicaSet", "", "")';

export function imageScanningAlertGroup(namespace: string): AlertGroup {
    return {
        name: "mlplatform-image-scanning",
        interval: "5m",
        rules: [
            {
                alert: CRITICAL_VULNERABILITIES_ALERT,
                expr: `(sum by (${PER_CONTAINER}) (trivy_image_vulnerabilities{severity="Critical"}) > 0) unless on (namespace, resource_kind, resource_name) ${IDLE_REPLICASETS}`,
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
