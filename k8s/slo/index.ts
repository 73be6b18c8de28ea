/**
 * Service-level objectives: the burn-rate alerts and recording rules as their own PrometheusRule
 * (recording rules, per-SLO labels and per-environment objectives do not fit the layer's gathered
 * threshold alerts), and the error-budget dashboard as a ConfigMap the Grafana sidecar loads.
 * Objectives and the period come from `platform.slo`; the measurements are the mesh's own metrics
 * (objectives.ts). Owns no namespace: everything lives in the monitoring namespace.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { MONITORING_API } from "../alertRules";
import { component, type InstallArgs } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { MLFLOW_NAMESPACE } from "../mlflow";
import { KUBE_PROMETHEUS_RELEASE } from "../monitoring";
import { MONITORING_NAMESPACE } from "../monitoring/flows";
import { SERVING_NAMESPACE } from "../serving";
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
        const slos = platformSlos(config, { serving: SERVING_NAMESPACE.name, mlflow: MLFLOW_NAMESPACE.name });
        const namespace = ctx.ns[MONITORING_NAMESPACE.key];
        customResource(
            SLO_RULE_NAME,
            {
                apiVersion: MONITORING_API,
                kind: "PrometheusRule",
                name: SLO_RULE_NAME,
                namespace,
                labels: platformLabels(ctx, { release: KUBE_PROMETHEUS_RELEASE }),
                spec: { groups: sloRuleGroups(slos, config.periodDays) },
            },
            this.child({ dependsOn: [args.crds, args.monitoring] }),
        );
        new ConfigMap(
            `dashboard-${SLO_DASHBOARD_UID}`,
            {
                metadata: { name: `dashboard-${SLO_DASHBOARD_UID}`, namespace, labels: platformLabels(ctx, { grafana_dashboard: "1" }) },
                data: { [`${SLO_DASHBOARD_UID}.json`]: sloDashboardJson(slos, config.periodDays) },
            },
            this.child(),
        );
        this.registerOutputs({});
    }
}

export const slo = component({
    name: "slo",
    namespaces: [],
    install: ({ name, ctx, deps, opts }: InstallArgs<SlosArgs>) => new Slos(name, ctx, deps, opts),
});
