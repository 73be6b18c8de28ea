/**
 * Values for the community MLflow chart 1.11 (strict schema). The backend store is the managed
 * PostgreSQL, credentials from a Secret; artifacts go to the object store through the tracking
 * server (proxied), which acts as the bound cloud identity: clients need no cloud credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreFacts } from "../../components/foundation";
import { RESTRICTED_CONTAINER_SECURITY, RUNTIME_DEFAULT_SECCOMP, resources } from "../securityContext";
import type { ChartRef } from "../helm";

export const MLFLOW_CHARTS = {
    mlflow: { chart: "mlflow", version: "1.11.5", repo: "https://community-charts.github.io/helm-charts" },
} as const satisfies Record<string, ChartRef>;

export const MLFLOW_RELEASE = "mlflow";
export const MLFLOW_SERVICE_ACCOUNT = "mlflow";
export const MLFLOW_CONTAINER_PORT = 5000;
export const MLFLOW_SERVICE_PORT = 80;
export const MLFLOW_METRICS_PATH = "/metrics";
export const MLFLOW_SELECTOR = { "app.kubernetes.io/name": "mlflow", "app.kubernetes.io/instance": MLFLOW_RELEASE } as const;
/** Artifacts live under this prefix of the bucket. */
const ARTIFACT_PATH = "mlflow";
const RUN_AS = 1001;
/** The chart's app version 3.15.1, in the image its migration init container would use. */
export const MLFLOW_IMAGE = "burakince/mlflow:3.15.1";
/** The chart's ConfigMap of PGHOST/PGPORT/PGDATABASE (named after the release). */
const ENV_CONFIGMAP = `${MLFLOW_RELEASE}-env-configmap`;
/** The admin user's Secret (keys `username`, `password`); CI reads it from the cluster. */
export const MLFLOW_ADMIN_SECRET = "mlflow-admin";
export const MLFLOW_ADMIN_KEYS = { username: "username", password: "password" } as const;

export interface MlflowValuesArgs {
    ha: boolean;
    host: string;
    /** Pod address ranges: Prometheus scrapes https://<pod IP>:5000, so that is the Host header MLflow sees. */
    podAddressRanges: string[];
    database: {
        host: pulumi.Input<string>;
        port: pulumi.Input<number>;
        name: string;
        sslMode: string;
        secretName: string;
        usernameKey: string;
        passwordKey: string;
        /** The ConfigMap key holding the server's CA, where the server's certificate comes from a private CA. */
        caCertificate?: { configMap: string; key: string };
    };
    objectStore: Pick<ObjectStoreFacts, "kind" | "bucket" | "uri" | "clientEnv">;
    serviceAccountAnnotations: pulumi.Input<Record<string, string>>;
    podLabels: Record<string, string>;
}

/** Exactly one artifact backend, chosen by the object store's protocol. */
export function artifactRoot(store: MlflowValuesArgs["objectStore"]) {
    const off = { enabled: false };
    const root = { proxiedArtifactStorage: true, s3: off, gcs: off, azureBlob: off };
    switch (store.kind) {
        case "s3":
            return { ...root, s3: { enabled: true, bucket: store.bucket, path: ARTIFACT_PATH } };
        case "gcs":
            return { ...root, gcs: { enabled: true, bucket: store.bucket, path: ARTIFACT_PATH } };
        case "azureBlob":
            return {
                ...root,
                azureBlob: { enabled: true, container: store.bucket, storageAccount: pulumi.output(store.uri).apply(storageAccountOf), path: ARTIFACT_PATH },
            };
    }
}

/** wasbs://container@account.blob.core.windows.net -> account */
export function storageAccountOf(uri: string): string {
    const match = /^wasbs:\/\/[^@]+@([a-z0-9]+)\.blob\./.exec(uri);
    if (!match) throw new Error(`not an Azure Blob URI: ${uri}`);
    return match[1];
}

/**
 * MLflow's host patterns for an IPv4 range (`10.40.*` for 10.40.0.0/16), one per /8, /16 or /24
 * block it spans. MLFLOW_SERVER_ALLOWED_HOSTS replaces MLflow's own defaults, private-IP patterns
 * included, so the scraper's pod-IP Host header must be listed here.
 */
export function hostPatterns(cidr: string): string[] {
    const [address, bits] = cidr.split("/");
    const prefix = Number(bits);
    const octets = address.split(".").map(Number);
    const kept = prefix <= 8 ? 1 : prefix <= 16 ? 2 : 3;
    const spanBits = kept * 8 - prefix;
    const count = spanBits > 0 ? 2 ** spanBits : 1;
    return Array.from({ length: count }, (_, i) => {
        const block = [...octets.slice(0, kept)];
        block[kept - 1] += i;
        return `${block.join(".")}.*`;
    });
}

function allowedHosts(host: string, podAddressRanges: string[]): string[] {
    const internal = ["mlflow", "mlflow.mlflow", "mlflow.mlflow.svc", "mlflow.mlflow.svc.cluster.local"];
    return [...[host, ...internal].flatMap((h) => [h, `${h}:*`]), ...podAddressRanges.flatMap(hostPatterns)];
}

/**
 * The schema migration as our own init container: the chart's `mlflow-db-migration` takes its env
 * only from the chart's ConfigMap and Secrets, so PGSSLMODE would not reach libpq there and the
 * migration would connect with libpq's default (`prefer`). Same step: create or upgrade the schema.
 */
const DATABASE_CA_VOLUME = "database-ca";
const DATABASE_CA_DIR = "/etc/platform/database";

/** libpq's TLS settings: the mode, and where verify-ca/verify-full find the server's CA. */
function libpqTlsEnv(p: MlflowValuesArgs): Record<string, string> {
    const ca = p.database.caCertificate;
    return { PGSSLMODE: p.database.sslMode, ...(ca ? { PGSSLROOTCERT: `${DATABASE_CA_DIR}/${ca.key}` } : {}) };
}

/** The CA ConfigMap as a read-only volume, for the server and the migration alike. */
function databaseCaVolume(p: MlflowValuesArgs) {
    const ca = p.database.caCertificate;
    if (!ca) return { volumes: [], mounts: [] };
    return {
        volumes: [{ name: DATABASE_CA_VOLUME, configMap: { name: ca.configMap, items: [{ key: ca.key, path: ca.key }] } }],
        mounts: [{ name: DATABASE_CA_VOLUME, mountPath: DATABASE_CA_DIR, readOnly: true }],
    };
}

function migrationInitContainer(p: MlflowValuesArgs) {
    const fromSecret = (key: string) => ({ secretKeyRef: { name: p.database.secretName, key } });
    return {
        name: "db-migrate",
        image: MLFLOW_IMAGE,
        imagePullPolicy: "IfNotPresent",
        command: ["python", "-c"],
        args: [
            "from mlflow.store.db import utils\n" +
                "engine = utils.create_sqlalchemy_engine_with_retry('postgresql://')\n" +
                "utils._initialize_tables(engine)\n",
        ],
        envFrom: [{ configMapRef: { name: ENV_CONFIGMAP } }],
        env: [
            { name: "PGUSER", valueFrom: fromSecret(p.database.usernameKey) },
            { name: "PGPASSWORD", valueFrom: fromSecret(p.database.passwordKey) },
            ...Object.entries(libpqTlsEnv(p)).map(([name, value]) => ({ name, value })),
        ],
        securityContext: { ...RESTRICTED_CONTAINER_SECURITY, runAsUser: RUN_AS, runAsGroup: RUN_AS },
        resources: resources("100m", "256Mi", { memory: "512Mi" }),
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...databaseCaVolume(p).mounts],
    };
}

/**
 * MLflow's basic-auth app: every request but /health and static files needs credentials. The auth
 * tables share the tracking database (they keep their own Alembic version table); the chart
 * writes the database password into the auth INI with sed and into a URI without encoding, which
 * the foundations' password alphabet (letters, digits, `-_=+.~`) survives.
 */
function auth(p: MlflowValuesArgs) {
    return {
        enabled: true,
        appName: "basic-auth",
        existingAdminSecret: { name: MLFLOW_ADMIN_SECRET, usernameKey: MLFLOW_ADMIN_KEYS.username, passwordKey: MLFLOW_ADMIN_KEYS.password },
        // Authenticated users may read experiments and models unless granted more.
        defaultPermission: "READ",
        postgres: {
            enabled: true,
            host: p.database.host,
            port: p.database.port,
            database: p.database.name,
            driver: "",
            existingSecret: { name: p.database.secretName, usernameKey: p.database.usernameKey, passwordKey: p.database.passwordKey },
        },
    };
}

export function mlflowValues(p: MlflowValuesArgs) {
    return {
        replicaCount: p.ha ? 2 : 1,
        serviceAccount: { create: true, automount: true, name: MLFLOW_SERVICE_ACCOUNT, annotations: p.serviceAccountAnnotations },
        extraPodLabels: p.podLabels,
        podSecurityContext: { runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: RUNTIME_DEFAULT_SECCOMP },
        securityContext: { ...RESTRICTED_CONTAINER_SECURITY, runAsUser: RUN_AS, runAsGroup: RUN_AS },
        resources: p.ha ? resources("500m", "1Gi", { memory: "2Gi" }) : resources("200m", "512Mi", { memory: "1Gi" }),
        backendStore: {
            // Migrations run in our own init container (below) before each start; the chart's check
            // only waits for the port (nc), so it needs no TLS settings.
            databaseMigration: false,
            databaseConnectionCheck: true,
            postgres: { enabled: true, host: p.database.host, port: p.database.port, database: p.database.name, driver: "" },
            existingDatabaseSecret: { name: p.database.secretName, usernameKey: p.database.usernameKey, passwordKey: p.database.passwordKey },
        },
        artifactRoot: artifactRoot(p.objectStore),
        initContainers: [migrationInitContainer(p)],
        auth: auth(p),
        extraEnvVars: pulumi.output(p.objectStore.clientEnv).apply((env) => ({ ...env, ...libpqTlsEnv(p) })),
        extraVolumes: databaseCaVolume(p).volumes,
        extraVolumeMounts: databaseCaVolume(p).mounts,
        // Metrics for our own ServiceMonitor (the chart's can neither present the mesh certificate
        // nor send the basic-auth credentials /metrics needs);
        // /tmp is the chart's writable emptyDir under the read-only root filesystem.
        extraArgs: { exposePrometheus: "/tmp/prometheus-metrics" },
        serviceMonitor: { enabled: false },
        serverAllowedHosts: allowedHosts(p.host, p.podAddressRanges),
        corsAllowedOrigins: [`https://${p.host}`],
    };
}
