/** The image-scanning dashboard: findings by severity and by namespace, from the operator's metrics. */
import type { Dashboard } from "../dashboards";

export const IMAGE_SCANNING_DASHBOARD_UID = "ml-platform-image-scanning";

const VULNS = "trivy_image_vulnerabilities";

/** Counts are findings per scanned container: an image two workloads run counts twice. */
export function imageScanningDashboard(): Dashboard {
    return {
        uid: IMAGE_SCANNING_DASHBOARD_UID,
        title: "Image vulnerabilities (Trivy Operator)",
        panels: [
            { title: "Findings by severity", unit: "short", targets: [{ expr: `sum by (severity) (${VULNS})`, legend: "{{severity}}" }] },
            { title: "Critical findings by namespace", unit: "short", targets: [{ expr: `sum by (namespace) (${VULNS}{severity="Critical"})`, legend: "{{namespace}}" }] },
            { title: "High findings by namespace", unit: "short", targets: [{ expr: `sum by (namespace) (${VULNS}{severity="High"})`, legend: "{{namespace}}" }] },
            {
                title: "Containers with Critical findings, by namespace",
                unit: "short",
                targets: [{ expr: `count by (namespace) (sum by (namespace, resource_kind, resource_name, container_name) (${VULNS}{severity="Critical"}) > 0)`, legend: "{{namespace}}" }],
            },
            { title: "Exposed secrets in images by namespace", unit: "short", targets: [{ expr: "sum by (namespace) (trivy_image_exposedsecrets)", legend: "{{namespace}}" }] },
            { title: "Scanned containers by namespace", unit: "short", targets: [{ expr: `count by (namespace) (${VULNS}{severity="Critical"})`, legend: "{{namespace}}" }] },
        ],
    };
}
