/**
 * Monitoring: kube-prometheus-stack (Prometheus, Alertmanager, Grafana), the platform's alert
 * rules and dashboards, scrape configuration for the mesh, and the alert receivers' credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random";
import { Secret } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { MONITORING_API } from "../alertRules";
import { component, type ObservabilitySink } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { helmRelease } from "../helm";
import { ISTIO_SYSTEM } from "../mesh/namespaces";
import { systemTolerations } from "../securityContext";
import { RECEIVER_SECRET, SECRET_KEYS } from "./alertmanager";
import { MESH_METRICS, MONITORING } from "./flows";
import { GRAFANA_ADMIN_SECRET, kubePrometheusStackValues, MONITORING_CHARTS } from "./values";

export { MONITORING_API } from "../alertRules";
export const KUBE_PROMETHEUS_RELEASE = "kube-prometheus-stack";
/** Not a secret, but it shares the Secret with the password; kept distinct from every other name in the plan. */
const GRAFANA_ADMIN_USER = "mlplatform-grafana-admin";

/** The Prometheus Operator's CRDs, installed first: cert-manager and every chart ship ServiceMonitors. */
export class MonitoringCrds extends K8sComponent {
    readonly release: Release;

    constructor(name: string, ctx: K8sContext, opts: pulumi.ComponentResourceOptions) {
        super("MonitoringCrds", name, ctx, opts);
        this.release = helmRelease(
            `${name}-prometheus-operator-crds`,
            { name: "prometheus-operator-crds", chart: MONITORING_CHARTS.prometheusOperatorCrds, namespace: ctx.ns.monitoring, timeoutSeconds: 300, values: {} },
            this.child(),
        );
        this.registerOutputs({});
    }
}

export interface MonitoringArgs {
    crds: Release;
    /** cert-manager must be serving before the operator's webhook certificate is requested. */
    certManager: pulumi.Resource;
    /** Istio's CRDs and istiod: Prometheus pods get a sidecar that writes their mTLS certificates. */
    mesh: pulumi.Resource[];
}

export class Monitoring extends K8sComponent {
    readonly release: Release;
    /** Where the layer creates every component's alert rules and dashboards. */
    readonly observability: ObservabilitySink;

    constructor(name: string, ctx: K8sContext, args: MonitoringArgs, opts: pulumi.ComponentResourceOptions) {
        super("Monitoring", name, ctx, opts);
        const secrets = [this.grafanaAdmin(name), this.receiverSecret(name)];
        const { platform } = ctx.spec;
        this.release = helmRelease(
            `${name}-kube-prometheus-stack`,
            {
                name: KUBE_PROMETHEUS_RELEASE,
                chart: MONITORING_CHARTS.kubePrometheusStack,
                namespace: ctx.ns.monitoring,
                timeoutSeconds: 900,
                values: kubePrometheusStackValues({
                    ha: ctx.ha,
                    scrapes: { kubeProxy: ctx.foundation.cluster.network.kubeProxy, coreDns: ctx.foundation.cluster.network.clusterDns === "coredns" },
                    storageClassName: ctx.foundation.cluster.storageClassName,
                    ...platform.monitoring,
                    receivers: {
                        ...(platform.alerting.slackWebhookUrl ? { slack: { channel: platform.alerting.slackChannel } } : {}),
                        pagerDuty: platform.alerting.pagerDutyRoutingKey !== undefined,
                    },
                    tolerations: systemTolerations(ctx.foundation.cluster.taints.system),
                    tracing: platform.tracing.enabled,
                }),
            },
            // Prometheus pods carry an Istio sidecar (for the mTLS scrape certificates): istiod's
            // injector must be serving before they are created.
            this.child({ dependsOn: [args.crds, args.certManager, ...args.mesh, ...secrets] }),
        );
        const afterCrds = this.child({ dependsOn: [args.crds] });
        this.observability = {
            parent: this,
            // The operator's admission webhook validates PrometheusRules: it must be serving first.
            rules: this.child({ dependsOn: [args.crds, this.release] }),
            dashboards: this.child(),
            namespace: ctx.ns[MONITORING.key],
            ruleLabels: { release: KUBE_PROMETHEUS_RELEASE },
        };
        this.meshScraping(afterCrds);
        this.registerOutputs({});
    }

    private grafanaAdmin(name: string): Secret {
        const password = new RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, { parent: this });
        return new Secret(
            `${name}-grafana-admin`,
            {
                metadata: { name: GRAFANA_ADMIN_SECRET, namespace: this.ctx.ns.monitoring, labels: platformLabels(this.ctx) },
                type: "Opaque",
                stringData: { "admin-user": GRAFANA_ADMIN_USER, "admin-password": password.result },
            },
            this.child(),
        );
    }

    /** Always present (Alertmanager mounts it); holds only the receivers that are configured. */
    private receiverSecret(name: string): Secret {
        const { slackWebhookUrl, pagerDutyRoutingKey } = this.ctx.spec.platform.alerting;
        const data: Record<string, pulumi.Output<string>> = {
            ...(slackWebhookUrl ? { [SECRET_KEYS.slack]: pulumi.secret(slackWebhookUrl) } : {}),
            ...(pagerDutyRoutingKey ? { [SECRET_KEYS.pagerDuty]: pulumi.secret(pagerDutyRoutingKey) } : {}),
        };
        return new Secret(
            `${name}-alertmanager-receivers`,
            { metadata: { name: RECEIVER_SECRET, namespace: this.ctx.ns.monitoring, labels: platformLabels(this.ctx) }, type: "Opaque", stringData: data },
            this.child(),
        );
    }

    /** Sidecar metrics (istio_requests_total and friends) from every meshed pod, and istiod's own. */
    private meshScraping(opts: pulumi.CustomResourceOptions): void {
        const labels = platformLabels(this.ctx, { release: KUBE_PROMETHEUS_RELEASE });
        customResource("envoy-stats", {
            apiVersion: MONITORING_API,
            kind: "PodMonitor",
            name: "envoy-stats",
            namespace: this.ctx.ns.monitoring,
            labels,
            spec: {
                selector: { matchExpressions: [{ key: "istio-prometheus-ignore", operator: "DoesNotExist" }] },
                namespaceSelector: { any: true },
                jobLabel: "envoy-stats",
                podMetricsEndpoints: [{ port: "http-envoy-prom", path: "/stats/prometheus", interval: "15s" }],
            },
        }, opts);
        customResource("istiod", {
            apiVersion: MONITORING_API,
            kind: "ServiceMonitor",
            name: "istiod",
            namespace: this.ctx.ns.monitoring,
            labels,
            spec: {
                selector: { matchLabels: { app: "istiod" } },
                namespaceSelector: { matchNames: [ISTIO_SYSTEM.name] },
                endpoints: [{ port: "http-monitoring", interval: "30s" }],
            },
        }, opts);
    }
}

/**
 * The Prometheus Operator's CRDs, first of all (every chart ships ServiceMonitors), and the
 * monitoring namespace they are installed into; every meshed namespace lets Prometheus scrape its sidecars.
 */
export const monitoringCrds = component({
    name: "monitoringCrds",
    namespaces: [MONITORING],
    meshed: MESH_METRICS,
    install: ({ name, ctx, opts }) => new MonitoringCrds(name, ctx, opts),
});

/** kube-prometheus-stack: the sink of every component's alert rules and dashboards. */
export const monitoring = component({
    name: "monitoring",
    namespaces: [],
    install: ({ name, ctx, deps, opts }: { name: string; ctx: K8sContext; deps: MonitoringArgs; opts: pulumi.ComponentResourceOptions }) => new Monitoring(name, ctx, deps, opts),
});
