/**
 * Alert rules as typed data: components declare AlertGroups, the layer gathers them (in
 * composition order) into one PrometheusRule. The same data becomes the YAML file
 * `promtool check rules` validates in the tests.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { customResource } from "./customResource";

export type Severity = "warning" | "critical";

export interface AlertRule {
    alert: string;
    expr: string;
    /** How long the condition must hold, e.g. "10m". */
    for: string;
    severity: Severity;
    summary: string;
    description: string;
}

export interface AlertGroup {
    name: string;
    interval: string;
    rules: AlertRule[];
}

/** The rule groups in Prometheus' own format (PrometheusRule spec.groups and promtool's files). */
export function prometheusGroups(groups: AlertGroup[]) {
    return groups.map((g) => ({
        name: g.name,
        interval: g.interval,
        rules: g.rules.map((r) => ({
            alert: r.alert,
            expr: r.expr,
            for: r.for,
            labels: { severity: r.severity, team: "ml-platform" },
            annotations: { summary: r.summary, description: r.description },
        })),
    }));
}

export const MONITORING_API = "monitoring.coreos.com/v1";

/** The platform's one PrometheusRule, holding every component's groups. */
export function prometheusRule(
    groups: AlertGroup[],
    target: { namespace: pulumi.Input<string>; labels: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): CustomResource {
    const alerts = groups.flatMap((g) => g.rules.map((r) => r.alert));
    const twice = alerts.filter((a, i) => alerts.indexOf(a) !== i);
    if (twice.length > 0) throw new Error(`alert names declared twice: ${twice.join(", ")}`);
    return customResource(
        "ml-platform-alerts",
        { apiVersion: MONITORING_API, kind: "PrometheusRule", name: "ml-platform-alerts", namespace: target.namespace, labels: target.labels, spec: { groups: prometheusGroups(groups) } },
        opts,
    );
}
