/**
 * Distributed tracing: Envoy (every sidecar and the gateway) and applications send OTLP to the
 * OpenTelemetry Collector, which batches and forwards to Grafana Tempo; Tempo keeps trace blocks
 * in the platform's object store under `traces/` through workload identity, for
 * `platform.tracing.retentionHours`. istiod's tracing provider is in the mesh values; the
 * mesh-wide Telemetry resource here sets the sampling percentage.
 */
import * as pulumi from "@pulumi/pulumi";
import { Service } from "@pulumi/kubernetes/core/v1";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { MONITORING_API } from "../alertRules";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { helmRelease } from "../helm";
import { ISTIO_SECURITY, principal } from "../mesh/istio";
import { ISTIO_SYSTEM } from "../mesh/namespaces";
import { istioMtlsScrape } from "../mlflow";
import { MONITORING_NAMESPACE, prometheusScrape } from "../monitoring/flows";
import { PROMETHEUS_SERVICE_ACCOUNT } from "../monitoring/values";
import { outside } from "../networkPolicyBuilder";
import { tracingAlerts } from "./alerts";
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT, TEMPO_HTTP_PORT, TEMPO_RELEASE, TRACING_NAMESPACE_NAME, TRACING_PROVIDER } from "./provider";
import {
    COLLECTOR_METRICS_PORT,
    COLLECTOR_RELEASE,
    COLLECTOR_SELECTOR,
    COLLECTOR_SERVICE_ACCOUNT,
    collectorValues,
    MEMBERLIST_PORT,
    TEMPO_GRPC_PORT,
    TEMPO_HEADLESS_SERVICE,
    TEMPO_SELECTOR,
    TEMPO_SERVICE_ACCOUNT,
    tempoValues,
    TRACING_CHARTS,
} from "./values";

export const TELEMETRY_API = "telemetry.istio.io/v1";

export const TRACING_NAMESPACE: NamespaceDeclaration = {
    key: "tracing",
    name: TRACING_NAMESPACE_NAME,
    podSecurity: "restricted",
    mesh: "injected",
    accepts: [
        // Spans from every sidecar, the gateway and applications (their egress: `meshed` below).
        { name: "otlp", peers: [{ anyNamespace: true }], ports: [OTLP_GRPC_PORT, OTLP_HTTP_PORT] },
        { name: "grafana", peers: [{ namespace: MONITORING_NAMESPACE.key }], ports: [TEMPO_HTTP_PORT], callerRule: "tempo" },
        prometheusScrape(TEMPO_HTTP_PORT, COLLECTOR_METRICS_PORT),
    ],
    // Trace blocks in the object store.
    egress: [outside("object-store", 443)],
    workloadIdentity: true,
};

export interface TracingArgs {
    /** Istio CRDs and istiod (sidecar injection, Telemetry) must be ready. */
    mesh: pulumi.Resource[];
    /** The Prometheus Operator's CRDs (ServiceMonitor). */
    monitoringCrds: pulumi.Resource;
}

export class Tracing extends K8sComponent {
    readonly tempo: Release;
    readonly collector: Release;

    constructor(name: string, ctx: K8sContext, args: TracingArgs, opts: pulumi.ComponentResourceOptions) {
        super("Tracing", name, ctx, opts);
        const ns = ctx.ns[TRACING_NAMESPACE.key];
        const config = ctx.spec.platform.tracing;
        const binding = ctx.foundation.workloadIdentity({ namespace: TRACING_NAMESPACE.name, serviceAccount: TEMPO_SERVICE_ACCOUNT, access: "objectStoreReadWrite" });
        const headless = this.headlessService(ns);
        this.tempo = helmRelease(
            `${name}-tempo`,
            {
                name: TEMPO_RELEASE,
                chart: TRACING_CHARTS.tempo,
                namespace: ns,
                timeoutSeconds: 600,
                values: tempoValues({
                    ha: ctx.ha,
                    retentionHours: config.retentionHours,
                    objectStore: ctx.foundation.objectStore,
                    storageClassName: ctx.foundation.cluster.storageClassName,
                    serviceAccountAnnotations: binding.serviceAccountAnnotations,
                    podLabels: binding.podLabels,
                }),
            },
            this.child({ dependsOn: [headless, ...args.mesh] }),
        );
        if (ctx.ha) {
            new PodDisruptionBudget(
                "tempo-pdb",
                { metadata: { name: TEMPO_RELEASE, namespace: ns, labels: platformLabels(ctx) }, spec: { maxUnavailable: 1, selector: { matchLabels: { ...TEMPO_SELECTOR } } } },
                this.child({ dependsOn: [this.tempo] }),
            );
        }
        this.collector = helmRelease(
            `${name}-otel-collector`,
            { name: COLLECTOR_RELEASE, chart: TRACING_CHARTS.otelCollector, namespace: ns, timeoutSeconds: 600, values: collectorValues({ ha: ctx.ha }) },
            this.child({ dependsOn: [this.tempo, ...args.mesh] }),
        );
        this.meshPolicies(ns, args.mesh);
        this.serviceMonitors(ns, args.monitoringCrds);
        this.registerOutputs({});
    }

    /** The StatefulSet's governing Service: stable pod names, and memberlist's DNS lookup of every replica. */
    private headlessService(ns: pulumi.Input<string>): Service {
        return new Service(
            "tempo-headless",
            {
                metadata: { name: TEMPO_HEADLESS_SERVICE, namespace: ns, labels: platformLabels(this.ctx) },
                spec: {
                    clusterIP: "None",
                    // Replicas must find each other before any is ready: the ring forms first.
                    publishNotReadyAddresses: true,
                    selector: { ...TEMPO_SELECTOR },
                    ports: [
                        { name: "tcp-memberlist", port: MEMBERLIST_PORT, targetPort: MEMBERLIST_PORT, protocol: "TCP", appProtocol: "tcp" },
                        { name: "grpc", port: TEMPO_GRPC_PORT, targetPort: TEMPO_GRPC_PORT, protocol: "TCP", appProtocol: "grpc" },
                        { name: "http", port: TEMPO_HTTP_PORT, targetPort: TEMPO_HTTP_PORT, protocol: "TCP", appProtocol: "http" },
                    ],
                },
            },
            this.child(),
        );
    }

    private cr(resourceName: string, apiVersion: string, kind: string, name: string, namespace: pulumi.Input<string>, spec: Record<string, unknown>, dependsOn: pulumi.Resource[]) {
        return customResource(resourceName, { apiVersion, kind, name, namespace, labels: platformLabels(this.ctx), spec }, this.child({ dependsOn }));
    }

    private meshPolicies(ns: pulumi.Input<string>, mesh: pulumi.Resource[]): void {
        const sampling = this.ctx.spec.platform.tracing.samplingPercentage;
        // In the root namespace: every workload in the mesh reports to the collector.
        this.cr("mesh-tracing", TELEMETRY_API, "Telemetry", "mesh-default", this.ctx.ns[ISTIO_SYSTEM.key], { tracing: [{ providers: [{ name: TRACING_PROVIDER }], randomSamplingPercentage: sampling }] }, mesh);
        // The collector's and Tempo's own sidecars would trace every span export: a trace of traces.
        this.cr("tracing-no-self-traces", TELEMETRY_API, "Telemetry", "no-self-traces", ns, { tracing: [{ disableSpanReporting: true }] }, mesh);
        // Grafana runs outside the mesh: Tempo's query port takes plaintext too; the NetworkPolicy admits only the monitoring namespace to it.
        this.cr("tempo-query-permissive", ISTIO_SECURITY, "PeerAuthentication", "tempo-query", ns, {
            selector: { matchLabels: { ...TEMPO_SELECTOR } },
            mtls: { mode: "STRICT" },
            portLevelMtls: { [String(TEMPO_HTTP_PORT)]: { mode: "PERMISSIVE" } },
        }, mesh);
        const tracingNs = TRACING_NAMESPACE.name;
        const prometheus = principal(MONITORING_NAMESPACE.name, PROMETHEUS_SERVICE_ACCOUNT);
        this.cr("collector-authorization", ISTIO_SECURITY, "AuthorizationPolicy", "allow-otel-collector", ns, {
            selector: { matchLabels: { ...COLLECTOR_SELECTOR } },
            action: "ALLOW",
            rules: [
                // Any workload with a mesh identity may send spans.
                { from: [{ source: { principals: ["*"] } }], to: [{ operation: { ports: [String(OTLP_GRPC_PORT), String(OTLP_HTTP_PORT)] } }] },
                { from: [{ source: { principals: [prometheus] } }], to: [{ operation: { ports: [String(COLLECTOR_METRICS_PORT)] } }] },
            ],
        }, mesh);
        this.cr("tempo-authorization", ISTIO_SECURITY, "AuthorizationPolicy", "allow-tempo", ns, {
            selector: { matchLabels: { ...TEMPO_SELECTOR } },
            action: "ALLOW",
            rules: [
                { from: [{ source: { principals: [principal(tracingNs, COLLECTOR_SERVICE_ACCOUNT)] } }], to: [{ operation: { ports: [String(OTLP_GRPC_PORT)] } }] },
                // Replicas: the ring (memberlist) and distributor/querier to ingester calls.
                { from: [{ source: { principals: [principal(tracingNs, TEMPO_SERVICE_ACCOUNT)] } }], to: [{ operation: { ports: [String(MEMBERLIST_PORT), String(TEMPO_GRPC_PORT)] } }] },
                // Grafana's queries arrive in plaintext (no identity to match) and Prometheus scrapes: both on the query port only.
                { to: [{ operation: { ports: [String(TEMPO_HTTP_PORT)] } }] },
            ],
        }, mesh);
    }

    private serviceMonitors(ns: pulumi.Input<string>, crds: pulumi.Resource): void {
        const monitor = (resourceName: string, name: string, selector: Record<string, string>, port: string) =>
            customResource(resourceName, {
                apiVersion: MONITORING_API,
                kind: "ServiceMonitor",
                name,
                namespace: ns,
                labels: platformLabels(this.ctx),
                spec: { selector: { matchLabels: selector }, endpoints: [{ port, path: "/metrics", interval: "30s", ...istioMtlsScrape() }] },
            }, this.child({ dependsOn: [crds] }));
        monitor("tempo-service-monitor", TEMPO_RELEASE, { ...TEMPO_SELECTOR }, "tempo-prom-metrics");
        monitor("collector-service-monitor", COLLECTOR_RELEASE, { ...COLLECTOR_SELECTOR, "component": "standalone-collector" }, "metrics");
    }
}

export const tracing = component({
    name: "tracing",
    namespaces: [TRACING_NAMESPACE],
    alerts: tracingAlerts(TRACING_NAMESPACE.name),
    meshed: { egress: [{ name: "traces", peers: [{ namespace: TRACING_NAMESPACE.key }], ports: [OTLP_GRPC_PORT, OTLP_HTTP_PORT] }] },
    enabled: (ctx) => ctx.spec.platform.tracing.enabled,
    install: ({ name, ctx, deps, opts }: InstallArgs<TracingArgs>) => new Tracing(name, ctx, deps, opts),
});
