/**
 * Progressive delivery of models: Flagger with Istio as its router and the platform's Prometheus as
 * its metrics server, and the MetricTemplates every model release is judged by. Teams release with
 * one Canary whose target is their model's apex Service (components/modelRelease.ts builds it; see
 * docs/progressive-delivery.md for why Flagger's Service target and two InferenceService slots).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import type { DeliveryConfig } from "../../components/config/delivery";
import type { ModelReleasePolicy } from "../../components/modelRelease";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { helmRelease } from "../helm";
import { prometheusScrape } from "../monitoring/flows";
import { API_SERVER } from "../networkPolicyBuilder";
import { systemTolerations } from "../securityContext";
import { PROMETHEUS_URL } from "../serving";
import { deliveryAlerts } from "./alerts";
import { DELIVERY_DASHBOARD } from "./dashboard";
import { METRIC_TEMPLATES, metricTemplateObjects } from "./metricTemplates";
import { DELIVERY_CHARTS, FLAGGER_METRICS_PORT, FLAGGER_RELEASE, flaggerValues } from "./values";

export const DELIVERY_NAMESPACE: NamespaceDeclaration = {
    key: "flagger",
    name: "flagger",
    podSecurity: "restricted",
    // A controller: it talks to the API server and to Prometheus (plaintext, as KEDA does), serves nothing in the mesh.
    mesh: "disabled",
    accepts: [prometheusScrape(FLAGGER_METRICS_PORT)],
    // Prometheus queries: the monitoring namespace's `metric-queries` accept adds the egress.
    egress: [API_SERVER],
};

/** What the platform exports as `modelRelease`: the templates' names and the limits from config. */
export function modelReleasePolicy(config: DeliveryConfig): ModelReleasePolicy {
    return {
        enabled: config.enabled,
        metricTemplates: { namespace: DELIVERY_NAMESPACE.name, ...METRIC_TEMPLATES },
        maxErrorRatePercent: config.maxErrorRatePercent,
        maxP99Ms: config.maxP99Ms,
        stepWeightPercent: config.stepWeightPercent,
        maxWeightPercent: config.maxWeightPercent,
        intervalSeconds: config.intervalSeconds,
        failedChecks: config.failedChecks,
    };
}

export interface DeliveryArgs {
    /** Istio's CRDs and istiod: Flagger watches and writes VirtualServices and DestinationRules. */
    mesh: pulumi.Resource[];
    /** The Prometheus Operator's CRDs (the chart's ServiceMonitor). */
    monitoringCrds: pulumi.Resource;
}

export class Delivery extends K8sComponent {
    readonly flagger: Release;

    constructor(name: string, ctx: K8sContext, args: DeliveryArgs, opts: pulumi.ComponentResourceOptions) {
        super("Delivery", name, ctx, opts);
        const ns = ctx.ns[DELIVERY_NAMESPACE.key];
        this.flagger = helmRelease(
            `${name}-flagger`,
            {
                name: FLAGGER_RELEASE,
                chart: DELIVERY_CHARTS.flagger,
                namespace: ns,
                timeoutSeconds: 300,
                skipCrds: true,
                values: flaggerValues({ ha: ctx.ha, prometheusUrl: PROMETHEUS_URL, tolerations: systemTolerations(ctx.foundation.cluster.taints.system) }),
            },
            this.child({ dependsOn: [args.monitoringCrds, ...args.mesh] }),
        );
        for (const t of metricTemplateObjects(PROMETHEUS_URL)) {
            customResource(`metric-template-${t.name}`, { ...t, namespace: ns, labels: platformLabels(ctx) }, this.child({ dependsOn: [this.flagger] }));
        }
        this.registerOutputs({});
    }
}

export const delivery = component({
    name: "delivery",
    namespaces: [DELIVERY_NAMESPACE],
    alerts: deliveryAlerts(),
    dashboards: [DELIVERY_DASHBOARD],
    enabled: (ctx) => ctx.spec.platform.delivery.enabled,
    install: ({ name, ctx, deps, opts }: InstallArgs<DeliveryArgs>) => new Delivery(name, ctx, deps, opts),
});
