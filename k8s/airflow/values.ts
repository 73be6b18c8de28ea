/**
 * The Airflow chart's pin and values. Chart 1.22.0 (Airflow 3.2.2) is pulled from the project's
 * chart repository (https://airflow.apache.org); it states a minimum Helm of 3.19.0, and the Helm
 * library inside @pulumi/kubernetes 4.29+ is 3.20.x (docs/cloud-constraints.md AIR-1).
 *
 * Values name Secrets only: the metadata connection, the Fernet key, the JWT and API signing keys
 * and the git-sync credentials are Secrets the program (or the team, for git credentials) creates.
 * The chart's Helm hooks are off for the migration job (Pulumi's Release waits on the release like
 * `--wait`, and a post-install hook that migrates the database would never run before the pods that
 * wait for it); the chart's create-user job is off because it takes the password from values: the
 * program's own Job creates the first admin from a Secret (index.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreFacts } from "../../components/foundation";
import type { PipelinesConfig } from "../../components/config/pipelines";
import type { ChartRef } from "../helm";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, zoneSpread, type Resources, type Toleration } from "../securityContext";
import { DATABASE_SECRET } from "../connectionSecrets";
import { AIRFLOW_RELEASE, AIRFLOW_SERVICE_ACCOUNT, AIRFLOW_UID, API_SERVER_PORT, componentSelector, DATABASE_CA_PATH, SECRETS } from "./constants";

export const AIRFLOW_VERSION = "3.2.2";

export const AIRFLOW_CHARTS = {
    airflow: { chart: "airflow", version: "1.22.0", repo: "https://airflow.apache.org" },
} as const satisfies Record<string, ChartRef>;

/** The FAB auth manager: users log in to Airflow with a user name and password kept in its database. */
export const FAB_AUTH_MANAGER = "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager";

/** Where task logs go and the connection (no keys: the SDK's default chain finds the workload identity). */
export interface RemoteLogging {
    baseFolder: string;
    connectionId: string;
    /** AIRFLOW_CONN_<ID> as JSON. */
    connection: string;
    /** Extra airflow.cfg sections (Azure names its container separately). */
    extraConfig: Record<string, Record<string, string>>;
}

export const LOG_CONNECTION_ID = "platform_logs";

/**
 * Per object store: S3 and GCS take a URL under the bucket; the WASB handler takes a folder name
 * starting with `wasb` and the container from [azure_remote_logging].
 */
export function remoteLogging(store: Pick<ObjectStoreFacts, "kind">, bucket: string, uri: string, env: Record<string, string>): RemoteLogging {
    switch (store.kind) {
        case "s3":
            return {
                baseFolder: `s3://${bucket}/airflow/logs`,
                connectionId: LOG_CONNECTION_ID,
                connection: JSON.stringify({ conn_type: "aws", extra: { region_name: env.AWS_REGION } }),
                extraConfig: {},
            };
        case "gcs":
            return {
                baseFolder: `gs://${bucket}/airflow/logs`,
                connectionId: LOG_CONNECTION_ID,
                connection: JSON.stringify({ conn_type: "google_cloud_platform", extra: { project: env.GOOGLE_CLOUD_PROJECT } }),
                extraConfig: {},
            };
        case "azureBlob": {
            const account = env.AZURE_STORAGE_ACCOUNT ?? /@([^.]+)\.blob\./.exec(uri)?.[1];
            return {
                baseFolder: "wasb-airflow-logs",
                connectionId: LOG_CONNECTION_ID,
                // No secret: the workload-identity webhook's AZURE_* variables drive DefaultAzureCredential.
                connection: JSON.stringify({ conn_type: "wasb", host: `https://${account}.blob.core.windows.net` }),
                extraConfig: { azure_remote_logging: { remote_wasb_log_container: bucket } },
            };
        }
    }
}

export interface AirflowValuesArgs {
    ha: boolean;
    config: PipelinesConfig;
    objectStore: ObjectStoreFacts;
    /** Labels the workload identity needs on every pod (Azure). */
    podLabels: Record<string, string>;
    tolerations: Toleration[];
    /** https://airflow.<domain>: links in the UI follow from it. */
    baseUrl: string;
    /** The managed database's certificate comes from a private CA (the kit's ConfigMap carries it). */
    databaseCa: boolean;
}

/** The kit's database ConfigMap's `ca.crt`, in every Airflow container (task pods and jobs included). */
function databaseCaVolume(enabled: boolean) {
    if (!enabled) return {};
    const dir = DATABASE_CA_PATH.slice(0, DATABASE_CA_PATH.lastIndexOf("/"));
    return {
        volumes: [{ name: "platform-database-ca", configMap: { name: DATABASE_SECRET, items: [{ key: "ca.crt", path: "ca.crt" }] } }],
        volumeMounts: [{ name: "platform-database-ca", mountPath: dir, readOnly: true }],
    };
}

const AIRFLOW_POD_SECURITY = { ...RESTRICTED_POD_SECURITY, runAsUser: AIRFLOW_UID, runAsGroup: 0, fsGroup: 0 };
/**
 * Restricted, except a writable root filesystem: Airflow and its providers write caches and
 * temporary files under the home directory and /tmp, which the chart does not mount.
 */
const AIRFLOW_CONTAINER_SECURITY = { ...RESTRICTED_CONTAINER_SECURITY, readOnlyRootFilesystem: false };
const securityContexts = { pod: AIRFLOW_POD_SECURITY, container: AIRFLOW_CONTAINER_SECURITY };
const serviceAccount = { create: false, name: AIRFLOW_SERVICE_ACCOUNT };

function deployment(p: AirflowValuesArgs, component: string, replicas: number, res: Resources) {
    return {
        replicas,
        resources: res,
        labels: p.podLabels,
        serviceAccount,
        securityContexts,
        waitForMigrations: { securityContexts: { container: AIRFLOW_CONTAINER_SECURITY } },
        ...(p.ha ? { topologySpreadConstraints: zoneSpread(componentSelector(component)), podDisruptionBudget: { enabled: true, config: { maxUnavailable: 1 } } } : {}),
    };
}

/** git-sync's image user (kubernetes/git-sync Dockerfile), the chart's default `dags.gitSync.uid`. */
const GIT_SYNC_UID = 65533;
/** The statsd exporter's image names its user (`nobody`): the kubelet can verify runAsNonRoot only with a number. */
const STATSD_POD_SECURITY = { ...RESTRICTED_POD_SECURITY, runAsUser: 65534, runAsGroup: 65534 };

function gitSync(dags: NonNullable<PipelinesConfig["dags"]>) {
    return {
        enabled: true,
        repo: dags.repository,
        branch: dags.branch,
        rev: "HEAD",
        subPath: dags.subPath,
        // Seconds between pulls.
        period: "60s",
        ...(dags.sshKeySecret ? { sshKeySecret: dags.sshKeySecret } : {}),
        // The chart verifies the SSH server's host key only when given its keys.
        ...(dags.knownHosts ? { knownHosts: dags.knownHosts } : {}),
        ...(dags.credentialsSecret ? { credentialsSecret: dags.credentialsSecret } : {}),
        // The image's own user (git-sync over SSH as another uid needs --add-user, which writes /etc/passwd),
        // and a writable root: git-sync writes $HOME/.gitconfig (HOME=/tmp) at start, and the chart mounts no /tmp.
        securityContexts: { container: { ...RESTRICTED_CONTAINER_SECURITY, runAsUser: GIT_SYNC_UID, readOnlyRootFilesystem: false } },
    };
}

export function airflowValues(p: AirflowValuesArgs): pulumi.Output<Record<string, unknown>> {
    const { config, ha } = p;
    return pulumi.all([p.objectStore.bucket, p.objectStore.uri, p.objectStore.clientEnv]).apply(([bucket, uri, env]): Record<string, unknown> => {
        const logs = remoteLogging(p.objectStore, bucket, uri, env);
        return {
            defaultAirflowTag: AIRFLOW_VERSION,
            airflowVersion: AIRFLOW_VERSION,
            executor: "KubernetesExecutor",
            uid: AIRFLOW_UID,
            gid: 0,
            securityContexts: { pod: AIRFLOW_POD_SECURITY, containers: AIRFLOW_CONTAINER_SECURITY },
            tolerations: p.tolerations,
            ...databaseCaVolume(p.databaseCa),
            // The managed PostgreSQL, through the Secret database.ts creates; no in-chart database, broker or pooler.
            postgresql: { enabled: false },
            redis: { enabled: false },
            pgbouncer: { enabled: false },
            data: { metadataSecretName: SECRETS.metadata },
            fernetKeySecretName: SECRETS.fernetKey,
            jwtSecretName: SECRETS.jwtSecret,
            apiSecretKeySecretName: SECRETS.apiSecretKey,
            migrateDatabaseJob: { enabled: true, useHelmHooks: false, applyCustomEnv: false, securityContexts: { pod: AIRFLOW_POD_SECURITY, container: AIRFLOW_CONTAINER_SECURITY } },
            // The chart's own first user (admin/admin by default) is off: the 1.21.0 and 1.22.0
            // parameter references name it createUserJob.defaultUser, older charts webserver.defaultUser.
            createUserJob: { useHelmHooks: false, applyCustomEnv: false, defaultUser: { enabled: false } },
            webserver: { defaultUser: { enabled: false } },
            scheduler: { ...deployment(p, "scheduler", config.schedulerReplicas, resources("500m", "1Gi")), logGroomerSidecar: { securityContexts: { container: AIRFLOW_CONTAINER_SECURITY } } },
            apiServer: deployment(p, "api-server", config.apiServerReplicas, resources("250m", "1Gi")),
            dagProcessor: { enabled: true, ...deployment(p, "dag-processor", ha ? 2 : 1, resources("250m", "1Gi")), logGroomerSidecar: { securityContexts: { container: AIRFLOW_CONTAINER_SECURITY } } },
            triggerer: {
                enabled: true,
                ...deployment(p, "triggerer", ha ? 2 : 1, resources("100m", "512Mi")),
                // Logs go to the object store; no volume claim per triggerer.
                persistence: { enabled: false },
                logGroomerSidecar: { securityContexts: { container: AIRFLOW_CONTAINER_SECURITY } },
            },
            // The pod template of KubernetesExecutor task pods.
            workers: { labels: p.podLabels, serviceAccount, securityContexts, resources: resources("250m", "512Mi") },
            statsd: { enabled: true, securityContexts: { pod: STATSD_POD_SECURITY, container: RESTRICTED_CONTAINER_SECURITY } },
            // The platform's NetworkPolicies (the kit's) govern the namespace.
            networkPolicies: { enabled: false },
            dags: { persistence: { enabled: false }, gitSync: gitSync(config.dags!) },
            logs: { persistence: { enabled: false } },
            env: [{ name: `AIRFLOW_CONN_${logs.connectionId.toUpperCase()}`, value: logs.connection }, ...Object.entries(env).map(([name, value]) => ({ name, value }))],
            config: {
                // Task pods call the execution API inside the mesh, not through the gateway.
                core: { auth_manager: FAB_AUTH_MANAGER, load_examples: "False", execution_api_server_url: `http://${AIRFLOW_RELEASE}-api-server:${API_SERVER_PORT}/execution/` },
                api: { base_url: p.baseUrl },
                logging: { remote_logging: "True", remote_base_log_folder: logs.baseFolder, remote_log_conn_id: logs.connectionId },
                // Behind the gateway: trust its X-Forwarded-* headers for redirects.
                fab: { enable_proxy_fix: "True" },
                ...logs.extraConfig,
            },
        };
    });
}
