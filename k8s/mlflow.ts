/**
 * MLflow tracking server and model registry: the managed PostgreSQL as backend store, the object
 * store as artifact root through the workload identity, scraped over mutual TLS, and exposed
 * through the Istio gateway at https://mlflow.<domain>.
 */
import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { RandomPassword } from "@pulumi/random";
import { DATABASE_KEYS, DATABASE_SECRET } from "./connectionSecrets";
import { K8sComponent, platformLabels, type K8sContext } from "./context";
import { helmRelease } from "./helm";
import { customResource } from "./istioResources";
import { MONITORING_API } from "./monitoring";
import { NAMESPACES } from "./namespaces";
import { exposeService, type Resilience } from "./traffic";
import { MODEL_SERVER_SERVICE_ACCOUNT } from "./values/kserve";
import { PROMETHEUS_ISTIO_CERTS, PROMETHEUS_SERVICE_ACCOUNT } from "./values/kubePrometheusStack";
import {
    MLFLOW_ADMIN_KEYS,
    MLFLOW_ADMIN_SECRET,
    MLFLOW_METRICS_PATH,
    MLFLOW_RELEASE,
    MLFLOW_SELECTOR,
    MLFLOW_SERVICE_ACCOUNT,
    MLFLOW_SERVICE_PORT,
    mlflowValues,
} from "./values/mlflow";

/** Not a secret, but it shares the Secret with the password; kept distinct from every other name in the plan. */
const MLFLOW_ADMIN_USER = "platform-registry-admin";

/** Large artifact uploads pass through the server: a long timeout, retries only before a request is sent. */
export const MLFLOW_RESILIENCE: Resilience = {
    timeout: "300s",
    retries: { attempts: 2, perTryTimeout: "150s", retryOn: "connect-failure,refused-stream,reset" },
    connectionPool: { maxConnections: 200, http1MaxPendingRequests: 100, http2MaxRequests: 500, maxRequestsPerConnection: 0 },
    outlierDetection: { consecutive5xxErrors: 5, interval: "30s", baseEjectionTime: "60s", maxEjectionPercent: 50 },
};

/** How Prometheus presents its Istio workload certificate to a meshed service under STRICT mTLS. */
export function istioMtlsScrape() {
    return {
        scheme: "https",
        tlsConfig: {
            caFile: `${PROMETHEUS_ISTIO_CERTS}/root-cert.pem`,
            certFile: `${PROMETHEUS_ISTIO_CERTS}/cert-chain.pem`,
            keyFile: `${PROMETHEUS_ISTIO_CERTS}/key.pem`,
            // Istio certificates carry SPIFFE IDs, not DNS names.
            insecureSkipVerify: true,
        },
    };
}

export interface MlflowArgs {
    databaseSecret: pulumi.Resource;
    /** Istio CRDs and istiod (sidecar injection) must be ready. */
    mesh: pulumi.Resource[];
    monitoringCrds: pulumi.Resource;
    gatewayRef: string;
}

export class Mlflow extends K8sComponent {
    readonly release: Release;
    readonly url: string;

    constructor(name: string, ctx: K8sContext, args: MlflowArgs, opts: pulumi.ComponentResourceOptions) {
        super("Mlflow", name, ctx, opts);
        const { foundation } = ctx;
        const admin = this.adminSecret(name);
        const binding = foundation.workloadIdentity({ namespace: NAMESPACES.mlflow.name, serviceAccount: MLFLOW_SERVICE_ACCOUNT, access: "objectStoreReadWrite" });
        this.release = helmRelease(
            `${name}-mlflow`,
            {
                name: MLFLOW_RELEASE,
                chart: "mlflow",
                namespace: ctx.ns.mlflow,
                timeoutSeconds: 900,
                values: mlflowValues({
                    ha: ctx.ha,
                    host: ctx.hosts.mlflow,
                    database: {
                        host: foundation.database.host,
                        port: foundation.database.port,
                        name: foundation.database.name,
                        sslMode: foundation.database.sslMode,
                        secretName: DATABASE_SECRET,
                        usernameKey: DATABASE_KEYS.username,
                        passwordKey: DATABASE_KEYS.password,
                    },
                    objectStore: foundation.objectStore,
                    serviceAccountAnnotations: binding.serviceAccountAnnotations,
                    podLabels: binding.podLabels,
                }),
            },
            this.child({ dependsOn: [args.databaseSecret, admin, ...args.mesh] }),
        );
        this.url = `https://${ctx.hosts.mlflow}`;
        this.serviceMonitor(args.monitoringCrds);
        exposeService(
            ctx,
            {
                name: "mlflow",
                namespace: "mlflow",
                host: ctx.hosts.mlflow,
                service: MLFLOW_RELEASE,
                port: MLFLOW_SERVICE_PORT,
                selector: { ...MLFLOW_SELECTOR },
                resilience: MLFLOW_RESILIENCE,
                callers: [
                    // Model servers load models from the registry.
                    { namespace: "serving", serviceAccount: MODEL_SERVER_SERVICE_ACCOUNT },
                    { namespace: "monitoring", serviceAccount: PROMETHEUS_SERVICE_ACCOUNT, paths: [MLFLOW_METRICS_PATH], methods: ["GET"] },
                ],
            },
            args.gatewayRef,
            this.child({ dependsOn: args.mesh }),
        );
        this.registerOutputs({ url: this.url });
    }

    /**
     * The admin user the basic-auth app creates at start. Letters and digits only: the chart
     * substitutes it into its INI file with sed.
     */
    private adminSecret(name: string): Secret {
        const password = new RandomPassword(`${name}-mlflow-admin`, { length: 32, special: false }, { parent: this });
        return new Secret(
            `${name}-mlflow-admin`,
            {
                metadata: { name: MLFLOW_ADMIN_SECRET, namespace: this.ctx.ns.mlflow, labels: platformLabels(this.ctx) },
                type: "Opaque",
                stringData: { [MLFLOW_ADMIN_KEYS.username]: MLFLOW_ADMIN_USER, [MLFLOW_ADMIN_KEYS.password]: password.result },
            },
            this.child(),
        );
    }

    private serviceMonitor(crds: pulumi.Resource): void {
        customResource("mlflow-service-monitor", {
            apiVersion: MONITORING_API,
            kind: "ServiceMonitor",
            name: "mlflow",
            namespace: this.ctx.ns.mlflow,
            labels: platformLabels(this.ctx),
            spec: {
                selector: { matchLabels: { ...MLFLOW_SELECTOR } },
                endpoints: [
                    {
                        port: "http",
                        path: MLFLOW_METRICS_PATH,
                        interval: "30s",
                        ...istioMtlsScrape(),
                        // Under basic auth /metrics needs credentials too.
                        basicAuth: {
                            username: { name: MLFLOW_ADMIN_SECRET, key: MLFLOW_ADMIN_KEYS.username },
                            password: { name: MLFLOW_ADMIN_SECRET, key: MLFLOW_ADMIN_KEYS.password },
                        },
                    },
                ],
            },
        }, this.child({ dependsOn: [crds] }));
    }
}
