/**
 * Values for the community MLflow chart 1.11 (strict schema). The backend store is the managed
 * PostgreSQL, credentials from a Secret; artifacts go to the object store through the tracking
 * server (proxied), which acts as the bound cloud identity: clients need no cloud credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreFacts } from "../../components/foundation";
import { RESTRICTED_CONTAINER_SECURITY, RUNTIME_DEFAULT_SECCOMP, resources } from "../securityContext";

export const MLFLOW_RELEASE = "mlflow";
export const MLFLOW_SERVICE_ACCOUNT = "mlflow";
export const MLFLOW_CONTAINER_PORT = 5000;
export const MLFLOW_SERVICE_PORT = 80;
export const MLFLOW_METRICS_PATH = "/metrics";
export const MLFLOW_SELECTOR = { "app.kubernetes.io/name": "mlflow", "app.kubernetes.io/instance": MLFLOW_RELEASE } as const;
/** Artifacts live under this prefix of the bucket. */
const ARTIFACT_PATH = "mlflow";
const RUN_AS = 1001;

export interface MlflowValuesArgs {
    ha: boolean;
    host: string;
    database: { host: pulumi.Input<string>; port: pulumi.Input<number>; name: string; sslMode: string; secretName: string; usernameKey: string; passwordKey: string };
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

function allowedHosts(host: string): string[] {
    const internal = ["mlflow", "mlflow.mlflow", "mlflow.mlflow.svc", "mlflow.mlflow.svc.cluster.local"];
    return [host, ...internal].flatMap((h) => [h, `${h}:*`]);
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
            // Migrations run as an init container before each server start (idempotent, no Helm hook).
            databaseMigration: true,
            databaseConnectionCheck: true,
            postgres: { enabled: true, host: p.database.host, port: p.database.port, database: p.database.name, driver: "" },
            existingDatabaseSecret: { name: p.database.secretName, usernameKey: p.database.usernameKey, passwordKey: p.database.passwordKey },
        },
        artifactRoot: artifactRoot(p.objectStore),
        extraEnvVars: pulumi.output(p.objectStore.clientEnv).apply((env) => ({ ...env, PGSSLMODE: p.database.sslMode })),
        // Metrics for our own ServiceMonitor (the chart's cannot present the mesh certificate);
        // /tmp is the chart's writable emptyDir under the read-only root filesystem.
        extraArgs: { exposePrometheus: "/tmp/prometheus-metrics" },
        serviceMonitor: { enabled: false },
        serverAllowedHosts: allowedHosts(p.host),
        corsAllowedOrigins: [`https://${p.host}`],
    };
}
