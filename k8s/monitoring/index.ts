/**
 * Monitoring: kube-prometheus-stack (Prometheus, Alertmanager, Grafana), the platform's alert
 * rules and dashboards, scrape configuration for the mesh, and the alert receivers' credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random";
import { ConfigMap, Secret } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { admissionAlertGroup } from "../guardrails/alerts";
import { helmRelease } from "../helm";
import { customResource } from "../istioResources";
import { NAMESPACES } from "../namespaces";
import { systemTolerations } from "../securityContext";
import { GRAFANA_ADMIN_SECRET, kubePrometheusStackValues } from "../values/kubePrometheusStack";
import { RECEIVER_SECRET, SECRET_KEYS } from "./alertmanager";
import { dashboardJson, platformDashboards } from "./dashboards";
import { alertGroups, prometheusGroups } from "./rules";

export const MONITORING_API = "monitoring.coreos.com/v1";
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
            { name: "prometheus-operator-crds", chart: "prometheusOperatorCrds", namespace: ctx.ns.monitoring, timeoutSeconds: 300, values: {} },
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

    constructor(name: string, ctx: K8sContext, args: MonitoringArgs, opts: pulumi.ComponentResourceOptions) {
        super("Monitoring", name, ctx, opts);
        const secrets = [this.grafanaAdmin(name), this.receiverSecret(name)];
        const { platform } = ctx.spec;
        this.release = helmRelease(
            `${name}-kube-prometheus-stack`,
            {
                name: KUBE_PROMETHEUS_RELEASE,
                chart: "kubePrometheusStack",
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
                }),
            },
            // Prometheus pods carry an Istio sidecar (for the mTLS scrape certificates): istiod's
            // injector must be serving before they are created.
            this.child({ dependsOn: [args.crds, args.certManager, ...args.mesh, ...secrets] }),
        );
        const afterCrds = this.child({ dependsOn: [args.crds] });
        // The operator's admission webhook validates PrometheusRules: it must be serving first.
        this.rules(this.child({ dependsOn: [args.crds, this.release] }));
        this.dashboards();
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

    private rules(opts: pulumi.CustomResourceOptions): void {
        const groups = [...alertGroups({ serving: NAMESPACES.serving.name, mlflow: NAMESPACES.mlflow.name }), admissionAlertGroup()];
        customResource("ml-platform-alerts", {
            apiVersion: MONITORING_API,
            kind: "PrometheusRule",
            name: "ml-platform-alerts",
            namespace: this.ctx.ns.monitoring,
            labels: platformLabels(this.ctx, { release: KUBE_PROMETHEUS_RELEASE }),
            spec: { groups: prometheusGroups(groups) },
        }, opts);
    }

    private dashboards(): void {
        for (const d of platformDashboards({ serving: NAMESPACES.serving.name, mlflow: NAMESPACES.mlflow.name })) {
            new ConfigMap(
                `dashboard-${d.uid}`,
                {
                    metadata: { name: `dashboard-${d.uid}`, namespace: this.ctx.ns.monitoring, labels: platformLabels(this.ctx, { grafana_dashboard: "1" }) },
                    data: { [`${d.uid}.json`]: dashboardJson(d) },
                },
                this.child(),
            );
        }
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
                namespaceSelector: { matchNames: [NAMESPACES.istioSystem.name] },
                endpoints: [{ port: "http-monitoring", interval: "30s" }],
            },
        }, opts);
    }
}
