/**
 * MLflow tracking server and model registry: the managed PostgreSQL as backend store, the object
 * store as artifact root through the workload identity, scraped over mutual TLS, and exposed
 * through the Istio gateway at https://mlflow.<domain>.
 */
import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { RandomPassword } from "@pulumi/random";
import { MONITORING_API } from "../alertRules";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { DATABASE_KEYS, DATABASE_SECRET, type ConnectionSecrets } from "../connectionSecrets";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { workloadPanels } from "../dashboards";
import { helmRelease } from "../helm";
import { meshTrafficPanels } from "../mesh/panels";
import { ISTIO_INGRESS } from "../mesh/namespaces";
import { exposeService, type Resilience } from "../mesh/traffic";
import { MONITORING_NAMESPACE, prometheusScrape } from "../monitoring/flows";
import { PROMETHEUS_ISTIO_CERTS, PROMETHEUS_SERVICE_ACCOUNT } from "../monitoring/values";
import { outside } from "../networkPolicyBuilder";
import { SERVING_NAMESPACE } from "../serving";
import { RAY_NAMESPACE_KEY } from "../ray/constants";
import { MODEL_SERVER_SERVICE_ACCOUNT } from "../serving/values";
import { mlflowAlerts } from "./alerts";
import {
    MLFLOW_ADMIN_KEYS,
    MLFLOW_ADMIN_SECRET,
    MLFLOW_METRICS_PATH,
    MLFLOW_RELEASE,
    MLFLOW_SELECTOR,
    MLFLOW_SERVICE_ACCOUNT,
    MLFLOW_SERVICE_PORT,
    MLFLOW_CHARTS,
    MLFLOW_CONTAINER_PORT,
    mlflowValues,
} from "./values";

export const MLFLOW_NAMESPACE: NamespaceDeclaration = {
    key: "mlflow",
    name: "mlflow",
    podSecurity: "restricted",
    mesh: "injected",
    accepts: [
        { name: "gateway", peers: [{ namespace: ISTIO_INGRESS.key }], ports: [MLFLOW_CONTAINER_PORT], callerRule: "mlflow" },
        // Model servers load models from the registry.
        { name: "models", peers: [{ namespace: SERVING_NAMESPACE.key }], ports: [MLFLOW_CONTAINER_PORT], callerRule: "mlflow" },
        // Ray jobs track experiments (k8s/ray: the sidecar sends MLflow the pod's identity).
        { name: "ray", peers: [{ namespace: RAY_NAMESPACE_KEY }], ports: [MLFLOW_CONTAINER_PORT], callerRule: "mlflow" },
        prometheusScrape(MLFLOW_CONTAINER_PORT),
    ],
    // The backend store and the artifact root.
    egress: (ctx) => [outside("database", ctx.foundation.database.port), outside("object-store", 443)],
    workloadIdentity: true,
    connections: ["database"],
};

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
    /** Istio CRDs and istiod (sidecar injection) must be ready. */
    mesh: pulumi.Resource[];
    monitoringCrds: pulumi.Resource;
    gatewayRef: string;
}

export class Mlflow extends K8sComponent {
    readonly release: Release;
    readonly url: string;

    constructor(name: string, ctx: K8sContext, args: MlflowArgs & { databaseSecret: pulumi.Resource }, opts: pulumi.ComponentResourceOptions) {
        super("Mlflow", name, ctx, opts);
        const { foundation } = ctx;
        const admin = this.adminSecret(name);
        const binding = foundation.workloadIdentity({ namespace: MLFLOW_NAMESPACE.name, serviceAccount: MLFLOW_SERVICE_ACCOUNT, access: "objectStoreReadWrite" });
        this.release = helmRelease(
            `${name}-mlflow`,
            {
                name: MLFLOW_RELEASE,
                chart: MLFLOW_CHARTS.mlflow,
                namespace: ctx.ns.mlflow,
                timeoutSeconds: 900,
                values: mlflowValues({
                    ha: ctx.ha,
                    host: ctx.hosts.mlflow,
                    podAddressRanges: foundation.cluster.network.podAddressRanges,
                    database: {
                        host: foundation.database.host,
                        port: foundation.database.port,
                        name: foundation.database.name,
                        sslMode: foundation.database.sslMode,
                        secretName: DATABASE_SECRET,
                        usernameKey: DATABASE_KEYS.username,
                        passwordKey: DATABASE_KEYS.password,
                        caCertificate: foundation.database.caCertificate ? { configMap: DATABASE_SECRET, key: "ca.crt" } : undefined,
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
                namespace: MLFLOW_NAMESPACE,
                host: ctx.hosts.mlflow,
                service: MLFLOW_RELEASE,
                port: MLFLOW_SERVICE_PORT,
                selector: { ...MLFLOW_SELECTOR },
                resilience: MLFLOW_RESILIENCE,
                callers: [
                    // Model servers load models from the registry.
                    { namespace: SERVING_NAMESPACE, serviceAccount: MODEL_SERVER_SERVICE_ACCOUNT },
                    { namespace: MONITORING_NAMESPACE, serviceAccount: PROMETHEUS_SERVICE_ACCOUNT, paths: [MLFLOW_METRICS_PATH], methods: ["GET"] },
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

export const mlflow = component({
    name: "mlflow",
    namespaces: [MLFLOW_NAMESPACE],
    alerts: mlflowAlerts(MLFLOW_NAMESPACE.name),
    dashboards: [{ uid: "mlflow", title: "MLflow tracking server", panels: [...meshTrafficPanels(MLFLOW_NAMESPACE.name), ...workloadPanels(MLFLOW_NAMESPACE.name)] }],
    install: ({ name, ctx, deps, opts }: InstallArgs<MlflowArgs & { secrets: ConnectionSecrets }>) =>
        new Mlflow(name, ctx, { ...deps, databaseSecret: deps.secrets.database[MLFLOW_NAMESPACE.key]! }, opts),
});
