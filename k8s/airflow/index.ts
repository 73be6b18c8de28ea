/**
 * Pipelines with Airflow 3 (official chart, KubernetesExecutor) in the `airflow` namespace: its
 * metadata database and role on the managed PostgreSQL (database.ts), task logs in the artifact
 * store through the cloud's workload identity, DAGs by git-sync from the repository in config, the
 * UI and API at https://airflow.<domain> behind the gateway with Airflow's own login (FAB auth
 * manager; the first admin's password is generated into the Secret airflow/airflow-admin), statsd
 * metrics in Prometheus and alerts for a failing scheduler. On when `platform.pipelines.enabled`.
 *
 * Mesh: the namespace is sidecar-injected. Task pods of the KubernetesExecutor and the Jobs finish
 * because this platform's Istio runs native sidecars (k8s/mesh/values.ts, ENABLE_NATIVE_SIDECARS);
 * with classic sidecars they would never terminate. Task pods call the API server's execution API,
 * so they stay in the mesh and the API server admits the Airflow service account.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Job } from "@pulumi/kubernetes/batch/v1";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import type { IdentityBinding } from "../../components/foundation";
import { MONITORING_API } from "../alertRules";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { DATABASE_SECRET, type ConnectionSecrets } from "../connectionSecrets";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { helmRelease } from "../helm";
import { ISTIO_SECURITY, principal } from "../mesh/istio";
import { ISTIO_INGRESS } from "../mesh/namespaces";
import { exposeService, type Resilience } from "../mesh/traffic";
import { MLFLOW_SELECTOR } from "../mlflow/values";
import { MONITORING_NAMESPACE, prometheusScrape } from "../monitoring/flows";
import { PROMETHEUS_ISTIO_CERTS, PROMETHEUS_SERVICE_ACCOUNT } from "../monitoring/values";
import { API_SERVER, outside } from "../networkPolicyBuilder";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources } from "../securityContext";
import { airflowAlertGroups } from "./alerts";
import {
    AIRFLOW_NAMESPACE,
    AIRFLOW_NAMESPACE_KEY,
    AIRFLOW_RELEASE,
    AIRFLOW_SERVICE_ACCOUNT,
    AIRFLOW_UID,
    API_SERVER_PORT,
    componentSelector,
    SECRETS,
    STATSD_SCRAPE_PORT,
    DATABASE_CA_PATH,
} from "./constants";
import { airflowCredentials } from "./credentials";
import { MetadataDatabase } from "./database";
import { AIRFLOW_CHARTS, AIRFLOW_VERSION, airflowValues, FAB_AUTH_MANAGER } from "./values";

export const AIRFLOW_NAMESPACE_DECLARATION: NamespaceDeclaration = {
    key: AIRFLOW_NAMESPACE_KEY,
    name: AIRFLOW_NAMESPACE,
    podSecurity: "restricted",
    mesh: "injected",
    accepts: [
        { name: "gateway", peers: [{ namespace: ISTIO_INGRESS.key }], ports: [API_SERVER_PORT], callerRule: "airflow" },
        prometheusScrape(STATSD_SCRAPE_PORT),
    ],
    // The scheduler launches task pods; the metadata database, the log store and the DAG
    // repository (SSH or https) are outside the cluster.
    egress: (ctx) => [API_SERVER, outside("database", ctx.foundation.database.port), outside("object-store-and-git", 443, 22)],
    workloadIdentity: true,
    connections: ["database"],
};

const AIRFLOW_RESILIENCE: Resilience = {
    timeout: "120s",
    retries: { attempts: 2, perTryTimeout: "60s", retryOn: "connect-failure,refused-stream,reset" },
    connectionPool: { maxConnections: 200, http1MaxPendingRequests: 100, http2MaxRequests: 500, maxRequestsPerConnection: 0 },
    outlierDetection: { consecutive5xxErrors: 5, interval: "30s", baseEjectionTime: "60s", maxEjectionPercent: 50 },
};

export interface PipelinesArgs {
    /** Istio CRDs and istiod: sidecar injection and the mesh objects. */
    mesh: pulumi.Resource[];
    monitoringCrds: pulumi.Resource;
    gatewayRef: string;
    /** The kit's connection Secrets (the admin credentials in the Airflow namespace). */
    secrets: ConnectionSecrets;
}

export class Pipelines extends K8sComponent {
    readonly release: Release;
    readonly binding: IdentityBinding;
    readonly database: MetadataDatabase;
    readonly url: string;

    constructor(name: string, ctx: K8sContext, args: PipelinesArgs, opts: pulumi.ComponentResourceOptions) {
        super("Pipelines", name, ctx, opts);
        const ns = ctx.ns[AIRFLOW_NAMESPACE_KEY];
        this.url = `https://${ctx.hosts.airflow}`;
        this.binding = ctx.foundation.workloadIdentity({ namespace: AIRFLOW_NAMESPACE, serviceAccount: AIRFLOW_SERVICE_ACCOUNT, access: "objectStoreReadWrite" });
        const account = new ServiceAccount(
            `${AIRFLOW_NAMESPACE}-${AIRFLOW_SERVICE_ACCOUNT}`,
            { metadata: { name: AIRFLOW_SERVICE_ACCOUNT, namespace: ns, labels: platformLabels(ctx), annotations: this.binding.serviceAccountAnnotations } },
            this.child(),
        );
        const credentials = airflowCredentials(name, ctx, args.secrets, this);
        this.database = new MetadataDatabase(
            name,
            ctx,
            { adminSecret: args.secrets.database[AIRFLOW_NAMESPACE_KEY]!, passwordSecret: credentials[SECRETS.databasePassword] },
            { parent: this },
        );
        this.release = helmRelease(
            `${name}-airflow`,
            {
                name: AIRFLOW_RELEASE,
                chart: AIRFLOW_CHARTS.airflow,
                namespace: ns,
                // The migration job runs inside the release and the deployments wait for it.
                timeoutSeconds: 1200,
                values: airflowValues({
                    ha: ctx.ha,
                    config: ctx.spec.platform.pipelines,
                    objectStore: ctx.foundation.objectStore,
                    podLabels: this.binding.podLabels,
                    // Airflow runs on the workload pool, like the tasks it launches.
                    tolerations: [],
                    baseUrl: this.url,
                    databaseCa: ctx.foundation.database.caCertificate !== undefined,
                }),
            },
            // The role and database exist before the migration job connects.
            this.child({ dependsOn: [this.database.job, credentials[SECRETS.metadata], credentials[SECRETS.fernetKey], credentials[SECRETS.jwtSecret], credentials[SECRETS.apiSecretKey], account, args.monitoringCrds, ...args.mesh] }),
        );
        this.adminUser(credentials[SECRETS.admin]);
        this.meshPolicies(args);
        this.serviceMonitor(args.monitoringCrds);
        this.registerOutputs({ url: this.url, namespace: AIRFLOW_NAMESPACE });
    }

    /**
     * The first admin, from the Secret, after the migrations: `airflow users create` leaves an
     * existing user as it is, so the Job is safe to run again. More users are added in the UI.
     */
    private adminUser(admin: pulumi.Resource): Job {
        const fromSecret = (envName: string, secret: string, key: string) => ({ name: envName, valueFrom: { secretKeyRef: { name: secret, key } } });
        const container = "create-admin";
        const ca = this.ctx.foundation.database.caCertificate !== undefined;
        return new Job(
            "airflow-create-admin",
            {
                metadata: { name: "airflow-create-admin", namespace: this.ctx.ns[AIRFLOW_NAMESPACE_KEY], labels: platformLabels(this.ctx) },
                spec: {
                    backoffLimit: 6,
                    template: {
                        metadata: { labels: platformLabels(this.ctx, { "app.kubernetes.io/name": "airflow-create-admin" }) },
                        spec: {
                            restartPolicy: "OnFailure",
                            automountServiceAccountToken: false,
                            securityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: AIRFLOW_UID, runAsGroup: 0 },
                            containers: [
                                {
                                    name: container,
                                    image: `docker.io/apache/airflow:${AIRFLOW_VERSION}`,
                                    command: ["/bin/bash", "-c"],
                                    args: [
                                        'exec airflow users create --role Admin --username "$ADMIN_USERNAME" --password "$ADMIN_PASSWORD" --email "$ADMIN_USERNAME@$ADMIN_DOMAIN" --firstname Platform --lastname Admin',
                                    ],
                                    env: [
                                        fromSecret("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", SECRETS.metadata, "connection"),
                                        fromSecret("ADMIN_USERNAME", SECRETS.admin, "username"),
                                        fromSecret("ADMIN_PASSWORD", SECRETS.admin, "password"),
                                        { name: "ADMIN_DOMAIN", value: this.ctx.hosts.base },
                                        { name: "AIRFLOW__CORE__AUTH_MANAGER", value: FAB_AUTH_MANAGER },
                                        // Read-only root: the CLI's home, config and caches go to the scratch volume.
                                        { name: "AIRFLOW_HOME", value: "/tmp/airflow" },
                                        { name: "HOME", value: "/tmp" },
                                        { name: "PYTHONDONTWRITEBYTECODE", value: "1" },
                                    ],
                                    securityContext: { ...RESTRICTED_CONTAINER_SECURITY, capabilities: { drop: ["ALL"] } },
                                    resources: resources("100m", "512Mi"),
                                    // verify-ca (Cloud SQL): the metadata URL's sslrootcert points here.
                                    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...(ca ? [{ name: "platform-database-ca", mountPath: path.posix.dirname(DATABASE_CA_PATH), readOnly: true }] : [])],
                                },
                            ],
                            volumes: [
                                { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
                                ...(ca ? [{ name: "platform-database-ca", configMap: { name: DATABASE_SECRET, items: [{ key: "ca.crt", path: path.posix.basename(DATABASE_CA_PATH) }] } }] : []),
                            ],
                        },
                    },
                },
            },
            this.child({ dependsOn: [this.release, admin] }),
        );
    }

    private meshPolicies(args: PipelinesArgs): void {
        const labels = platformLabels(this.ctx);
        const opts = this.child({ dependsOn: args.mesh });
        const self = { namespace: AIRFLOW_NAMESPACE_DECLARATION, serviceAccount: AIRFLOW_SERVICE_ACCOUNT };
        exposeService(
            this.ctx,
            {
                name: "airflow",
                namespace: AIRFLOW_NAMESPACE_DECLARATION,
                host: this.ctx.hosts.airflow,
                service: `${AIRFLOW_RELEASE}-api-server`,
                port: API_SERVER_PORT,
                selector: componentSelector("api-server"),
                resilience: AIRFLOW_RESILIENCE,
                // Task pods (execution API), the scheduler and the DAG processor call the API server.
                callers: [self],
            },
            args.gatewayRef,
            opts,
        );
        customResource("airflow-statsd-scrape", {
            apiVersion: ISTIO_SECURITY,
            kind: "AuthorizationPolicy",
            name: "allow-prometheus-statsd",
            namespace: this.ctx.ns[AIRFLOW_NAMESPACE_KEY],
            labels,
            spec: { selector: { matchLabels: componentSelector("statsd") }, action: "ALLOW", rules: [{ from: [{ source: { principals: [principal(MONITORING_NAMESPACE.name, PROMETHEUS_SERVICE_ACCOUNT)] } }], to: [{ operation: { ports: [String(STATSD_SCRAPE_PORT)] } }] }] },
        }, opts);
        // Past the mesh-wide deny-by-default: MLflow admits Airflow's identity (its basic auth still applies).
        customResource("mlflow-allow-airflow", {
            apiVersion: ISTIO_SECURITY,
            kind: "AuthorizationPolicy",
            name: "allow-airflow",
            namespace: this.ctx.ns.mlflow,
            labels,
            spec: { selector: { matchLabels: { ...MLFLOW_SELECTOR } }, action: "ALLOW", rules: [{ from: [{ source: { principals: [principal(AIRFLOW_NAMESPACE, AIRFLOW_SERVICE_ACCOUNT)] } }] }] },
        }, opts);
    }

    /** The chart's statsd exporter, scraped over mutual TLS like every meshed target. */
    private serviceMonitor(crds: pulumi.Resource): void {
        customResource("airflow-statsd-service-monitor", {
            apiVersion: MONITORING_API,
            kind: "ServiceMonitor",
            name: "airflow-statsd",
            namespace: this.ctx.ns[AIRFLOW_NAMESPACE_KEY],
            labels: platformLabels(this.ctx),
            spec: {
                selector: { matchLabels: componentSelector("statsd") },
                endpoints: [
                    {
                        port: "statsd-scrape",
                        interval: "30s",
                        scheme: "https",
                        tlsConfig: {
                            caFile: `${PROMETHEUS_ISTIO_CERTS}/root-cert.pem`,
                            certFile: `${PROMETHEUS_ISTIO_CERTS}/cert-chain.pem`,
                            keyFile: `${PROMETHEUS_ISTIO_CERTS}/key.pem`,
                            insecureSkipVerify: true,
                        },
                    },
                ],
            },
        }, this.child({ dependsOn: [crds, this.release] }));
    }
}

export const airflow = component({
    name: "airflow",
    namespaces: [AIRFLOW_NAMESPACE_DECLARATION],
    alerts: airflowAlertGroups(AIRFLOW_NAMESPACE),
    enabled: (ctx) => ctx.spec.platform.pipelines.enabled,
    install: ({ name, ctx, deps, opts }: InstallArgs<PipelinesArgs>) => new Pipelines(name, ctx, deps, opts),
});
