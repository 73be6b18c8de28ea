/**
 * Model serving: KServe (CRDs -> controller -> serving runtimes) in Standard mode behind the
 * platform gateway, KEDA for request-rate autoscaling, the serving namespace's service account
 * with read-only object-store access, and an optional example InferenceService.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import type { IdentityBinding } from "../../components/foundation";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { workloadPanels } from "../dashboards";
import { writableRootAnnotation } from "../guardrails/admission";
import { helmRelease } from "../helm";
import { ISTIO_SECURITY, principal } from "../mesh/istio";
import { ISTIO_INGRESS } from "../mesh/namespaces";
import { meshTrafficPanels } from "../mesh/panels";
import { exposeService, type Resilience } from "../mesh/traffic";
import { KUBE_PROMETHEUS_RELEASE } from "../monitoring";
import { MONITORING_NAMESPACE, prometheusScrape } from "../monitoring/flows";
import { PROMETHEUS_SERVICE_ACCOUNT } from "../monitoring/values";
import { API_SERVER, outside, webhook } from "../networkPolicyBuilder";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, systemTolerations } from "../securityContext";
import { servingAlerts } from "./alerts";
import {
    inferenceServiceAutoscaling,
    kedaValues,
    kserveResourcesValues,
    kserveRuntimeValues,
    MODEL_SERVER_SERVICE_ACCOUNT,
    SERVING_CHARTS,
    STORAGE_INITIALIZER,
    STORAGE_INITIALIZER_WRITABLE_REASON,
} from "./values";

export const KSERVE_NAMESPACE: NamespaceDeclaration = {
    key: "kserve",
    name: "kserve",
    podSecurity: "restricted",
    mesh: "disabled",
    accepts: [webhook(9443), prometheusScrape(8443)],
    egress: [API_SERVER],
};

export const KEDA_NAMESPACE: NamespaceDeclaration = {
    key: "keda",
    name: "keda",
    podSecurity: "restricted",
    mesh: "disabled",
    // 6443: the external metrics API the API server aggregates.
    accepts: [webhook(9443, 6443), prometheusScrape(8080)],
    egress: [API_SERVER],
};

/** Where InferenceServices run: sidecar-injected, with the read-only object-store identity. */
export const SERVING_NAMESPACE: NamespaceDeclaration = {
    key: "serving",
    name: "serving",
    podSecurity: "restricted",
    mesh: "injected",
    accepts: [{ name: "gateway", peers: [{ namespace: ISTIO_INGRESS.key }], ports: [8080], callerRule: "models" }, prometheusScrape(8080)],
    egress: (ctx) => [outside("object-store", 443), outside("data", ctx.foundation.cache.port, ctx.foundation.database.port)],
    workloadIdentity: true,
    connections: ["database", "cache"],
};

export const EXAMPLE_MODEL = "sklearn-iris";
/** KServe's public example model: reachable from every cloud without credentials. */
export const EXAMPLE_MODEL_URI = "gs://kfserving-examples/models/sklearn/1.0/model";
export const PROMETHEUS_URL = `http://${KUBE_PROMETHEUS_RELEASE}-prometheus.${MONITORING_NAMESPACE.name}.svc.cluster.local:9090`;

/** Predictions are idempotent: retry on gateway errors, eject endpoints that keep failing. */
export const INFERENCE_RESILIENCE: Resilience = {
    timeout: "30s",
    retries: { attempts: 2, perTryTimeout: "10s", retryOn: "5xx,reset,connect-failure,refused-stream" },
    connectionPool: { maxConnections: 1000, http1MaxPendingRequests: 1000, http2MaxRequests: 2000, maxRequestsPerConnection: 0 },
    outlierDetection: { consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
};

/** Requests per second reaching a predictor, from its sidecars (what KEDA scales on). */
export function requestRateQuery(predictor: string): string {
    return `sum(rate(istio_requests_total{reporter="destination", destination_workload_namespace="${SERVING_NAMESPACE.name}", destination_workload="${predictor}"}[1m]))`;
}

export interface ServingArgs {
    certManager: pulumi.Resource;
    mesh: pulumi.Resource[];
    gatewayRef: string;
}

export class Serving extends K8sComponent {
    readonly kserve: Release;
    readonly keda: Release;
    readonly serviceAccount: ServiceAccount;
    readonly modelsUrl: string;
    readonly binding: IdentityBinding;

    constructor(name: string, ctx: K8sContext, args: ServingArgs, opts: pulumi.ComponentResourceOptions) {
        super("Serving", name, ctx, opts);
        const tolerations = systemTolerations(ctx.foundation.cluster.taints.system);
        const crds = helmRelease(`${name}-kserve-crd`, { name: "kserve-crd", chart: SERVING_CHARTS.kserveCrd, namespace: ctx.ns.kserve, timeoutSeconds: 300, values: {} }, this.child());
        // KServe's controller decides at start-up whether to watch KEDA ScaledObjects, by whether their
        // CRD exists: KEDA goes first.
        this.keda = helmRelease(
            `${name}-keda`,
            { name: "keda", chart: SERVING_CHARTS.keda, namespace: ctx.ns.keda, timeoutSeconds: 600, values: kedaValues({ ha: ctx.ha, tolerations }) },
            this.child({ dependsOn: [args.certManager] }),
        );
        // The controller's webhook certificate comes from cert-manager.
        this.kserve = helmRelease(
            `${name}-kserve`,
            { name: "kserve", chart: SERVING_CHARTS.kserveResources, namespace: ctx.ns.kserve, timeoutSeconds: 600, values: kserveResourcesValues({ modelsHost: ctx.hosts.models, tolerations }) },
            this.child({ dependsOn: [crds, args.certManager, this.keda] }),
        );
        // ClusterServingRuntimes pass the controller's validating webhook.
        const runtimes = helmRelease(
            `${name}-kserve-runtimes`,
            { name: "kserve-runtime-configs", chart: SERVING_CHARTS.kserveRuntimeConfigs, namespace: ctx.ns.kserve, timeoutSeconds: 300, values: kserveRuntimeValues() },
            this.child({ dependsOn: [crds, this.kserve] }),
        );
        this.binding = ctx.foundation.workloadIdentity({ namespace: SERVING_NAMESPACE.name, serviceAccount: MODEL_SERVER_SERVICE_ACCOUNT, access: "objectStoreRead" });
        this.serviceAccount = this.modelServerAccount();
        this.allowMetricsScrape(args.mesh);
        this.modelsUrl = `https://${ctx.hosts.models}`;
        if (ctx.spec.platform.exampleModel) this.exampleModel([crds, this.kserve, runtimes, this.keda, ...args.mesh], args.gatewayRef);
        this.registerOutputs({ modelsUrl: this.modelsUrl });
    }

    private modelServerAccount(): ServiceAccount {
        return new ServiceAccount(
            "model-server",
            {
                metadata: { name: MODEL_SERVER_SERVICE_ACCOUNT, namespace: this.ctx.ns.serving, labels: platformLabels(this.ctx), annotations: this.binding.serviceAccountAnnotations },
            },
            this.child(),
        );
    }

    /** Prometheus may read /metrics of every model server in the namespace (over mutual TLS). */
    private allowMetricsScrape(mesh: pulumi.Resource[]): void {
        customResource("serving-allow-prometheus", {
            apiVersion: ISTIO_SECURITY,
            kind: "AuthorizationPolicy",
            name: "allow-prometheus",
            namespace: this.ctx.ns.serving,
            labels: platformLabels(this.ctx),
            spec: {
                action: "ALLOW",
                rules: [
                    {
                        from: [{ source: { principals: [principal(MONITORING_NAMESPACE.name, PROMETHEUS_SERVICE_ACCOUNT)] } }],
                        to: [{ operation: { methods: ["GET"], paths: ["/metrics"] } }],
                    },
                ],
            },
        }, this.child({ dependsOn: mesh }));
    }

    private exampleModel(dependsOn: pulumi.Resource[], gatewayRef: string): void {
        const predictor = `${EXAMPLE_MODEL}-predictor`;
        new CustomResource(
            EXAMPLE_MODEL,
            {
                apiVersion: "serving.kserve.io/v1beta1",
                kind: "InferenceService",
                metadata: {
                    name: EXAMPLE_MODEL,
                    namespace: this.ctx.ns.serving,
                    labels: platformLabels(this.ctx, this.binding.podLabels),
                    annotations: {
                        "serving.kserve.io/deploymentMode": "Standard",
                        "serving.kserve.io/autoscalerClass": "keda",
                        // KServe copies these onto the pods, where it injects the storage initializer.
                        ...writableRootAnnotation(STORAGE_INITIALIZER, STORAGE_INITIALIZER_WRITABLE_REASON),
                    },
                },
                spec: {
                    predictor: {
                        serviceAccountName: MODEL_SERVER_SERVICE_ACCOUNT,
                        securityContext: RESTRICTED_POD_SECURITY,
                        ...inferenceServiceAutoscaling(this.ctx.spec.platform.serving, requestRateQuery(predictor), PROMETHEUS_URL),
                        model: {
                            modelFormat: { name: "sklearn" },
                            storageUri: EXAMPLE_MODEL_URI,
                            resources: resources("100m", "256Mi", { memory: "512Mi" }),
                            securityContext: RESTRICTED_CONTAINER_SECURITY,
                        },
                    },
                },
            },
            this.child({ dependsOn: [...dependsOn, this.serviceAccount] }),
        );
        exposeService(
            this.ctx,
            {
                name: EXAMPLE_MODEL,
                namespace: SERVING_NAMESPACE,
                host: this.ctx.hosts.models,
                service: predictor,
                port: 80,
                selector: { "serving.kserve.io/inferenceservice": EXAMPLE_MODEL },
                pathPrefixes: [`/v1/models/${EXAMPLE_MODEL}`, `/v2/models/${EXAMPLE_MODEL}`],
                resilience: INFERENCE_RESILIENCE,
                callers: [],
            },
            gatewayRef,
            this.child({ dependsOn }),
        );
    }
}

/** KServe and KEDA, and the namespace models are served from. */
export const serving = component({
    name: "serving",
    namespaces: [KSERVE_NAMESPACE, KEDA_NAMESPACE, SERVING_NAMESPACE],
    alerts: servingAlerts(SERVING_NAMESPACE.name),
    dashboards: [
        { uid: "ml-serving-overview", title: "ML serving overview", panels: [...meshTrafficPanels(SERVING_NAMESPACE.name), ...workloadPanels(SERVING_NAMESPACE.name)] },
    ],
    install: ({ name, ctx, deps, opts }: InstallArgs<ServingArgs>) => new Serving(name, ctx, deps, opts),
});
