/**
 * Service-level objectives: the burn-rate alerts and recording rules as one PrometheusRule, and the
 * error-budget dashboard as a ConfigMap the Grafana sidecar loads. Objectives and the period come
 * from `platform.slo`; the measurements are the mesh's own metrics (objectives.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../istioResources";
import { KUBE_PROMETHEUS_RELEASE, MONITORING_API } from "../monitoring";
import { NAMESPACES } from "../namespaces";
import { SLO_DASHBOARD_UID, sloDashboardJson } from "./dashboard";
import { platformSlos } from "./objectives";
import { sloRuleGroups } from "./rules";

export const SLO_RULE_NAME = "ml-platform-slos";

export interface SlosArgs {
    /** The Prometheus Operator's CRDs (PrometheusRule). */
    crds: pulumi.Resource;
    /** kube-prometheus-stack: its operator's admission webhook validates PrometheusRules. */
    monitoring: pulumi.Resource;
}

export class Slos extends K8sComponent {
    constructor(name: string, ctx: K8sContext, args: SlosArgs, opts: pulumi.ComponentResourceOptions) {
        super("Slos", name, ctx, opts);
        const config = ctx.spec.platform.slo;
        const slos = platformSlos(config, { serving: NAMESPACES.serving.name, mlflow: NAMESPACES.mlflow.name });
        customResource(
            SLO_RULE_NAME,
            {
                apiVersion: MONITORING_API,
                kind: "PrometheusRule",
                name: SLO_RULE_NAME,
                namespace: ctx.ns.monitoring,
                labels: platformLabels(ctx, { release: KUBE_PROMETHEUS_RELEASE }),
                spec: { groups: sloRuleGroups(slos, config.periodDays) },
            },
            this.child({ dependsOn: [args.crds, args.monitoring] }),
        );
        new ConfigMap(
            `dashboard-${SLO_DASHBOARD_UID}`,
            {
                metadata: { name: `dashboard-${SLO_DASHBOARD_UID}`, namespace: ctx.ns.monitoring, labels: platformLabels(ctx, { grafana_dashboard: "1" }) },
                data: { [`${SLO_DASHBOARD_UID}.json`]: sloDashboardJson(slos, config.periodDays) },
            },
            this.child(),
        );
        this.registerOutputs({});
    }
}
