/**
 * OpenCost: in-cluster cost allocation per namespace. The cost model reads the platform's
 * Prometheus, prices nodes from the cloud's public price list where it can without credentials
 * (docs/cost.md says what each cloud gets), exports the cost series Prometheus scrapes back, and
 * Grafana shows cost per namespace (dashboard.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, type K8sContext } from "../context";
import { helmRelease } from "../helm";
import { KUBE_PROMETHEUS_RELEASE } from "../monitoring";
import { MONITORING_NAMESPACE, prometheusScrape } from "../monitoring/flows";
import { API_SERVER, outside } from "../networkPolicyBuilder";
import { systemTolerations } from "../securityContext";
import { costDashboard } from "./dashboard";
import { OPENCOST_API_PORT, OPENCOST_CHARTS, OPENCOST_RELEASE, opencostValues } from "./values";

/** kube-prometheus-stack's Prometheus service (`<release>-prometheus`) and port. */
export const PROMETHEUS_SERVICE = { service: `${KUBE_PROMETHEUS_RELEASE}-prometheus`, namespace: MONITORING_NAMESPACE.name, port: 9090 };

/**
 * Outside the mesh: Prometheus runs a sidecar that intercepts nothing, so a meshed client would
 * send it mutual TLS it cannot answer. The monitoring namespace accepts its queries on 9090
 * (monitoring/flows.ts, `cost-queries`).
 */
export const OPENCOST_NAMESPACE: NamespaceDeclaration = {
    key: "opencost",
    name: "opencost",
    podSecurity: "restricted",
    mesh: "disabled",
    accepts: [prometheusScrape(OPENCOST_API_PORT)],
    // Nodes, pods and volumes from the API server; the cloud's price list over HTTPS.
    egress: [API_SERVER, outside("pricing", 443)],
};

export interface OpencostArgs {
    /** The Prometheus Operator's CRDs: the chart's ServiceMonitor. */
    monitoringCrds: pulumi.Resource;
}

export class Opencost extends K8sComponent {
    readonly release: Release;

    constructor(name: string, ctx: K8sContext, args: OpencostArgs, opts: pulumi.ComponentResourceOptions) {
        super("Opencost", name, ctx, opts);
        this.release = helmRelease(
            `${name}-opencost`,
            {
                name: OPENCOST_RELEASE,
                chart: OPENCOST_CHARTS.opencost,
                namespace: ctx.ns[OPENCOST_NAMESPACE.key],
                timeoutSeconds: 600,
                values: opencostValues({
                    clusterId: `${ctx.spec.project}-${ctx.spec.stack}`,
                    prometheus: PROMETHEUS_SERVICE,
                    tolerations: systemTolerations(ctx.foundation.cluster.taints.system),
                }),
            },
            this.child({ dependsOn: [args.monitoringCrds] }),
        );
        this.registerOutputs({});
    }
}

/** On every stack: staging and production both show what they cost. */
export const opencost = component({
    name: "opencost",
    namespaces: [OPENCOST_NAMESPACE],
    dashboards: [costDashboard()],
    install: ({ name, ctx, deps, opts }: InstallArgs<OpencostArgs>) => new Opencost(name, ctx, deps, opts),
});
