import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { artifactRoot, hostPatterns, mlflowValues, storageAccountOf } from "../../../k8s/mlflow/values";

const MLFLOW_SCHEMA_KEYS = ["affinity", "artifactRoot", "backendStore", "postgresql", "mysql", "extraArgs", "extraContainers", "extraEnvVars", "extraFlags", "extraSecretNamesForEnvFrom", "extraVolumeMounts", "extraVolumes", "fullnameOverride", "revisionHistoryLimit", "global", "image", "initImages", "imagePullSecrets", "ingress", "corsAllowedOrigins", "serverAllowedHosts", "serverHost", "initContainers", "livenessProbe", "nameOverride", "nodeSelector", "priorityClassName", "extraDeploy", "deploymentAnnotations", "podAnnotations", "extraPodLabels", "podSecurityContext", "readinessProbe", "oauth2Proxy", "oidcAuth", "replicaCount", "resources", "securityContext", "service", "log", "telemetry", "serviceAccount", "serviceMonitor", "strategy", "tolerations", "flaskServerSecretKey", "auth", "ldapAuth", "autoscaling", "minio"];

const MLFLOW_BACKEND_KEYS = ["defaultSqlitePath", "databaseConnectionCheck", "databaseMigration", "mysql", "postgres", "mssql", "existingDatabaseSecret"];

/** Every key name anywhere in a value, to search for credentials. */
function allKeys(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(allKeys);
    if (typeof value !== "object" || value === null || pulumi.Output.isInstance(value)) return [];
    return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
}

function mlflowArgs(ha: boolean, kind: "s3" | "gcs" | "azureBlob" = "s3") {
    const uri = { s3: "s3://bucket", gcs: "gs://bucket", azureBlob: "wasbs://artifacts@acct123.blob.core.windows.net" }[kind];
    return {
        ha,
        host: "mlflow.ml.example.com",
        podAddressRanges: ["100.64.0.0/14"],
        database: { host: "db.internal", port: 5432, name: "mlflow", sslMode: "require", secretName: "platform-database", usernameKey: "username", passwordKey: "password" },
        objectStore: { kind, bucket: pulumi.output("bucket"), uri: pulumi.output(uri), clientEnv: pulumi.output<Record<string, string>>({}) },
        serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/x" },
        podLabels: {},
    };
}

describe("MLflow values", () => {
    it("take the database password from an existing Secret, never from values", () => {
        const values = mlflowValues(mlflowArgs(true));
        expect(values.backendStore.existingDatabaseSecret).to.deep.equal({ name: "platform-database", usernameKey: "username", passwordKey: "password" });
        expect(values.backendStore.postgres).to.not.have.any.keys("password", "user");
        expect(values.auth.postgres).to.not.have.any.keys("password", "user");
        // Migrations run in the platform's own init container, which carries PGSSLMODE.
        expect(values.backendStore.databaseMigration).to.equal(false);
        expect(values.initContainers.map((c) => c.name)).to.deep.equal(["db-migrate"]);
    });

    it("use only keys the chart's strict schema declares", () => {
        const values = mlflowValues(mlflowArgs(false));
        expect(MLFLOW_SCHEMA_KEYS).to.include.members(Object.keys(values));
        expect(MLFLOW_BACKEND_KEYS).to.include.members(Object.keys(values.backendStore));
    });

    it("run two replicas in production and one in staging", () => {
        expect(mlflowValues(mlflowArgs(true)).replicaCount).to.equal(2);
        expect(mlflowValues(mlflowArgs(false)).replicaCount).to.equal(1);
    });

    it("enable exactly the artifact backend of the object store's kind, with no access keys", () => {
        for (const kind of ["s3", "gcs", "azureBlob"] as const) {
            const root = artifactRoot(mlflowArgs(false, kind).objectStore);
            const enabled = (["s3", "gcs", "azureBlob"] as const).filter((k) => root[k].enabled);
            expect(enabled, kind).to.deep.equal([kind]);
            expect(allKeys(root)).to.not.include.members(["awsAccessKeyId", "awsSecretAccessKey", "accessKey", "connectionString"]);
        }
        expect(storageAccountOf("wasbs://artifacts@acct123.blob.core.windows.net")).to.equal("acct123");
        expect(() => storageAccountOf("s3://bucket")).to.throw(/Azure Blob/);
    });

    it("admit the scraper's pod-IP Host header, which replaces MLflow's private-IP defaults", () => {
        const hosts = mlflowValues(mlflowArgs(false)).serverAllowedHosts;
        expect(hosts).to.include.members(["100.64.*", "100.65.*", "100.66.*", "100.67.*", "mlflow.ml.example.com"]);
        expect(hostPatterns("10.40.0.0/16")).to.deep.equal(["10.40.*"]);
        expect(hostPatterns("10.40.16.0/22")).to.deep.equal(["10.40.16.*", "10.40.17.*", "10.40.18.*", "10.40.19.*"]);
    });

    it("run non-root with a read-only root filesystem", () => {
        const values = mlflowValues(mlflowArgs(false));
        expect(values.securityContext).to.include({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(values.podSecurityContext.seccompProfile.type).to.equal("RuntimeDefault");
    });
});
