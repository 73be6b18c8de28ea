/**
 * Airflow's metadata database on the platform's managed PostgreSQL: its own role and database,
 * created by a Job inside the cluster (the database is private: no provider running in CI reaches
 * it, while pods in the cluster do). The Job logs in with the platform's admin credentials from the
 * kit's connection Secret (k8s/connectionSecrets.ts; whoever moves that Secret to another source
 * keeps its name and keys), over TLS (`sslmode` from the kit's ConfigMap: require or stricter). It
 * is idempotent: the role is created or its password reset, the database created only when absent,
 * so every `pulumi up` may run it again.
 *
 * Airflow's password comes from the cloud's secret store (credentials.ts) and reaches Airflow only
 * through the Secret the chart's `data.metadataSecretName` names, never through Helm values.
 */
import * as pulumi from "@pulumi/pulumi";
import { Job } from "@pulumi/kubernetes/batch/v1";
import { DATABASE_KEYS, DATABASE_SECRET } from "../connectionSecrets";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources } from "../securityContext";
import { AIRFLOW_DATABASE, AIRFLOW_DATABASE_USER, AIRFLOW_NAMESPACE_KEY, SECRETS } from "./constants";

/** psql from the PostgreSQL image matching the managed server's major version; uid 70 is its `postgres` user. */
export const PSQL_IMAGE = "docker.io/library/postgres:17.6-alpine";
const PSQL_UID = 70;

/**
 * Idempotent SQL, run with psql -v role=... -v db=... -v password=...: the password is a psql
 * variable quoted by psql (:'password'), never part of the command line. PostgreSQL 16+ gives the
 * creator of a role ADMIN but not SET on it, and CREATE DATABASE ... OWNER needs SET: the admin
 * grants itself the role first (the managed servers' admins hold CREATEROLE and CREATEDB, not
 * superuser).
 */
export const CREATE_ROLE_AND_DATABASE_SQL = [
    "SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \\gexec",
    "ALTER ROLE :\"role\" WITH LOGIN PASSWORD :'password';",
    "GRANT :\"role\" TO CURRENT_USER;",
    "SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \\gexec",
    "ALTER DATABASE :\"db\" OWNER TO :\"role\";",
    "REVOKE ALL ON DATABASE :\"db\" FROM PUBLIC;",
].join("\n");

export interface MetadataDatabaseArgs {
    /** The kit's database Secret in the Airflow namespace (admin credentials). */
    adminSecret: pulumi.Resource;
    /** The ExternalSecret of Airflow's own database password (credentials.ts). */
    passwordSecret: pulumi.Resource;
}

export class MetadataDatabase extends K8sComponent {
    /** Completes once the role and database exist. */
    readonly job: Job;

    constructor(name: string, ctx: K8sContext, args: MetadataDatabaseArgs, opts: pulumi.ComponentResourceOptions) {
        super("AirflowDatabase", name, ctx, opts);
        this.job = this.createJob(args.passwordSecret, args.adminSecret);
        this.registerOutputs({ database: AIRFLOW_DATABASE, user: AIRFLOW_DATABASE_USER });
    }

    private createJob(passwordSecret: pulumi.Resource, adminSecret: pulumi.Resource): Job {
        const secretEnv = (envName: string, secret: string, key: string) => ({ name: envName, valueFrom: { secretKeyRef: { name: secret, key } } });
        const configEnv = (envName: string, key: string) => ({ name: envName, valueFrom: { configMapKeyRef: { name: DATABASE_SECRET, key } } });
        const ca = this.ctx.foundation.database.caCertificate !== undefined;
        const script = [
            "set -eu",
            'psql --no-psqlrc -v ON_ERROR_STOP=1 -v role="$AIRFLOW_ROLE" -v db="$AIRFLOW_DB" -v password="$AIRFLOW_PASSWORD" <<\'SQL\'',
            CREATE_ROLE_AND_DATABASE_SQL,
            "SQL",
        ].join("\n");
        return new Job(
            "airflow-database-init",
            {
                metadata: { name: "airflow-database-init", namespace: this.ctx.ns[AIRFLOW_NAMESPACE_KEY], labels: platformLabels(this.ctx) },
                spec: {
                    backoffLimit: 6,
                    template: {
                        metadata: { labels: platformLabels(this.ctx, { "app.kubernetes.io/name": "airflow-database-init" }) },
                        spec: {
                            restartPolicy: "OnFailure",
                            automountServiceAccountToken: false,
                            securityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: PSQL_UID, runAsGroup: PSQL_UID },
                            containers: [
                                {
                                    name: "create-role-and-database",
                                    image: PSQL_IMAGE,
                                    command: ["/bin/sh", "-c", script],
                                    env: [
                                        configEnv("PGHOST", "host"),
                                        configEnv("PGPORT", "port"),
                                        // The admin connects to the platform's own database, which always exists.
                                        configEnv("PGDATABASE", "database"),
                                        // require, verify-ca or verify-full: the Foundation never offers less.
                                        configEnv("PGSSLMODE", "sslmode"),
                                        ...(ca ? [{ name: "PGSSLROOTCERT", value: "/etc/platform-database/ca.crt" }] : []),
                                        secretEnv("PGUSER", DATABASE_SECRET, DATABASE_KEYS.username),
                                        secretEnv("PGPASSWORD", DATABASE_SECRET, DATABASE_KEYS.password),
                                        secretEnv("AIRFLOW_PASSWORD", SECRETS.databasePassword, "password"),
                                        { name: "AIRFLOW_ROLE", value: AIRFLOW_DATABASE_USER },
                                        { name: "AIRFLOW_DB", value: AIRFLOW_DATABASE },
                                        { name: "HOME", value: "/tmp" },
                                    ],
                                    securityContext: { ...RESTRICTED_CONTAINER_SECURITY, capabilities: { drop: ["ALL"] } },
                                    resources: resources("50m", "64Mi"),
                                    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...(ca ? [{ name: "ca", mountPath: "/etc/platform-database", readOnly: true }] : [])],
                                },
                            ],
                            volumes: [
                                { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
                                ...(ca ? [{ name: "ca", configMap: { name: DATABASE_SECRET, items: [{ key: "ca.crt", path: "ca.crt" }] } }] : []),
                            ],
                        },
                    },
                },
            },
            this.child({ dependsOn: [adminSecret, passwordSecret] }),
        );
    }
}
