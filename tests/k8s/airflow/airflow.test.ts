/**
 * The Airflow component as the plans register it: on in every cloud's production plan, off in
 * staging (its namespace and policies stay).
 */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS } from "../../../components/config";
import { DATABASE_CA_PATH } from "../../../k8s/airflow/constants";
import { AIRFLOW_SECRET_STORE, connectionTemplate } from "../../../k8s/airflow/credentials";
import { AIRFLOW_CHARTS } from "../../../k8s/airflow/values";
import { named, okPlan } from "../../support/plans";

const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const JOB = "kubernetes:batch/v1:Job";
/** Every Secret Airflow reads is synced by External Secrets Operator from the cloud's secret store. */
const SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";

const inputs = (r: CapturedResource) => r.inputs as Record<string, any>;
const byMetadata = (p: PlannedStack, type: string, name: string, namespace = "airflow"): CapturedResource => {
    const found = p.resources.filter((r) => r.type === type && inputs(r).metadata?.name === name && inputs(r).metadata?.namespace === namespace);
    expect(found, `${type} ${namespace}/${name}`).to.have.length(1);
    return found[0];
};
const release = (p: PlannedStack) => p.resources.find((r) => r.type === RELEASE && inputs(r).name === "airflow")!;

const LOG_FOLDER: Record<string, RegExp> = { aws: /^s3:\/\/[^/]+\/airflow\/logs$/, gcp: /^gs:\/\/[^/]+\/airflow\/logs$/, azure: /^wasb-/ };

describe("Airflow on the platform", () => {
    it("is off in staging by default: no release, and nothing in its namespace but the kit's objects", async () => {
        for (const cloud of CLOUDS) {
            const p = await okPlan("staging", cloud);
            expect(p.resources.filter((r) => r.type === RELEASE && inputs(r).chart === "airflow"), cloud).to.have.length(0);
            expect(p.resources.filter((r) => r.type === "mlplatform:k8s:Pipelines"), cloud).to.have.length(0);
            const inAirflow = new Set(p.resources.filter((r) => inputs(r)?.metadata?.namespace === "airflow").map((r) => r.type));
            expect(inAirflow.has(JOB), cloud).to.equal(false);
            expect(inAirflow.has(NP), cloud).to.equal(true);
        }
    });

    for (const cloud of CLOUDS) {
        describe(`production on ${cloud}`, () => {
            let p: PlannedStack;
            before(async () => {
                p = await okPlan("production", cloud);
            });

            it("installs the pinned chart with the KubernetesExecutor, no in-chart database, and Helm hooks off for the migration job", () => {
                const v = inputs(release(p));
                expect(v).to.include({ chart: "airflow", version: AIRFLOW_CHARTS.airflow.version, namespace: "airflow" });
                expect(v.repositoryOpts.repo).to.equal("https://airflow.apache.org");
                expect(v.values.executor).to.equal("KubernetesExecutor");
                expect(v.values.postgresql.enabled).to.equal(false);
                expect(v.values.migrateDatabaseJob).to.include({ useHelmHooks: false, applyCustomEnv: false });
                expect(v.values.createUserJob).to.include({ useHelmHooks: false, applyCustomEnv: false });
                // The chart's own user job would take the admin password from values.
                expect(v.values.webserver.defaultUser.enabled).to.equal(false);
                // Chart 1.22.0's default user (enabled, admin/admin) sits under createUserJob.
                expect(v.values.createUserJob.defaultUser).to.deep.equal({ enabled: false });
                expect(v.values.config.core.auth_manager).to.match(/FabAuthManager$/);
                // Task pods reach the execution API inside the mesh, not through the gateway.
                expect(v.values.config.core.execution_api_server_url).to.equal("http://airflow-api-server:8080/execution/");
            });

            it("names Secrets in its values and carries no secret value", () => {
                const v = inputs(release(p)).values;
                expect(v.data).to.deep.equal({ metadataSecretName: "airflow-metadata" });
                expect(v.fernetKeySecretName).to.equal("airflow-fernet-key");
                // Signing keys the chart would otherwise re-generate on every upgrade.
                expect(v.jwtSecretName).to.equal("airflow-jwt-signing");
                expect(v.apiSecretKeySecretName).to.equal("airflow-api-signing");
                expect(v).to.not.have.any.keys("jwtSecret", "apiSecretKey", "fernetKey", "webserverSecretKey");
                const text = JSON.stringify(v);
                expect(p.secretValues.filter((s) => s.length >= 8 && text.includes(s))).to.deep.equal([]);
            });

            it("syncs its credentials from its own entry in the cloud's secret store, through a store of its own, and asks for TLS", () => {
                const facts = inputs(byMetadata(p, "kubernetes:core/v1:ConfigMap", "platform-database"));
                expect(facts.data.sslmode).to.be.oneOf(["require", "verify-ca", "verify-full"]);
                const metadata = inputs(byMetadata(p, SECRET, "airflow-metadata")).spec;
                expect(metadata.secretStoreRef).to.deep.equal({ kind: "SecretStore", name: AIRFLOW_SECRET_STORE });
                expect(metadata.data).to.deep.equal([{ secretKey: "password", remoteRef: { key: metadata.data[0].remoteRef.key, property: "databasePassword" } }]);
                // The URL is built by ESO from the synced password, so a rotation in the store reaches it.
                expect(metadata.target.template.data.connection).to.match(new RegExp(`^postgresql://airflow:\\{\\{ \\.password \\| urlquery \\}\\}@.+/airflow\\?sslmode=${facts.data.sslmode}`));
                const synced: [string, string, string][] = [
                    ["airflow-database-password", "password", "databasePassword"],
                    ["airflow-fernet-key", "fernet-key", "fernetKey"],
                    ["airflow-jwt-signing", "jwt-secret", "jwtSecret"],
                    ["airflow-api-signing", "api-secret-key", "apiSecretKey"],
                    ["airflow-admin", "password", "adminPassword"],
                ];
                for (const [name, key, property] of synced) {
                    const es = byMetadata(p, SECRET, name);
                    const spec = inputs(es).spec;
                    expect(spec.secretStoreRef.name, name).to.equal(AIRFLOW_SECRET_STORE);
                    // The key the chart reads (fernet-key, jwt-secret, api-secret-key) from the entry's property.
                    expect(spec.data.map((d: any) => [d.secretKey, d.remoteRef.property]), name).to.deep.equal([[key, property]]);
                    if (name !== "airflow-database-password" && name !== "airflow-admin") expect(release(p).dependencies, name).to.include(es.urn);
                }
                // The signing keys live in an entry of their own (entries are written once: new
                // properties in the first one would never reach a stack that already has it).
                const entryOf = (name: string) => inputs(byMetadata(p, SECRET, name)).spec.data[0].remoteRef.key;
                expect(entryOf("airflow-jwt-signing")).to.equal(entryOf("airflow-api-signing"));
                expect(entryOf("airflow-jwt-signing")).to.not.equal(entryOf("airflow-fernet-key"));
                // A private CA (Cloud SQL, verify-ca): every Airflow container mounts it where the URL's sslrootcert points.
                const v = inputs(release(p)).values;
                if (facts.data["ca.crt"] !== undefined) {
                    connectionTemplate("h", 1, "verify-ca", DATABASE_CA_PATH).apply((url) => expect(url).to.match(/&sslrootcert=%2Fopt%2Fairflow%2Fplatform-database%2Fca\.crt$/));
                    expect(metadata.target.template.data.connection).to.match(/&sslrootcert=%2Fopt%2Fairflow%2Fplatform-database%2Fca\.crt$/);
                    expect(v.volumeMounts).to.deep.equal([{ name: "platform-database-ca", mountPath: "/opt/airflow/platform-database", readOnly: true }]);
                    expect(v.volumes[0].configMap).to.deep.equal({ name: "platform-database", items: [{ key: "ca.crt", path: "ca.crt" }] });
                } else {
                    expect(v.volumes).to.equal(undefined);
                }
                expect(cloud === "gcp").to.equal(facts.data["ca.crt"] !== undefined);
            });

            it("creates the role and database with an in-cluster Job before the release, from the kit's admin Secret", () => {
                const job = byMetadata(p, JOB, "airflow-database-init");
                const c = inputs(job).spec.template.spec.containers[0];
                const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef ?? e.value]));
                expect(env.PGUSER).to.deep.equal({ name: "platform-database", key: "username" });
                expect(env.PGPASSWORD).to.deep.equal({ name: "platform-database", key: "password" });
                expect(env.PGSSLMODE).to.deep.equal({ name: "platform-database", key: "sslmode" });
                expect(env.AIRFLOW_PASSWORD).to.deep.equal({ name: "airflow-database-password", key: "password" });
                expect(job.dependencies).to.include(byMetadata(p, SECRET, "platform-database").urn);
                expect(job.dependencies).to.include(byMetadata(p, SECRET, "airflow-database-password").urn);
                const rel = release(p);
                expect(rel.dependencies).to.include(job.urn);
                expect(rel.dependencies).to.include(byMetadata(p, SECRET, "airflow-metadata").urn);
                // The first admin is created after the migrations, from its Secret.
                expect(byMetadata(p, JOB, "airflow-create-admin").dependencies).to.include(rel.urn);
            });

            it("binds one service account to the artifact store and sends task logs there", () => {
                const sa = byMetadata(p, "kubernetes:core/v1:ServiceAccount", "airflow");
                const annotations = inputs(sa).metadata.annotations ?? {};
                if (cloud === "aws") expect(annotations["eks.amazonaws.com/role-arn"]).to.be.a("string");
                if (cloud === "gcp") expect(annotations["iam.gke.io/gcp-service-account"]).to.be.a("string");
                if (cloud === "azure") expect(annotations["azure.workload.identity/client-id"]).to.be.a("string");
                const v = inputs(release(p)).values;
                for (const c of ["scheduler", "apiServer", "dagProcessor", "triggerer", "workers"]) expect(v[c].serviceAccount, c).to.deep.equal({ create: false, name: "airflow" });
                if (cloud === "azure") expect(v.workers.labels).to.deep.equal({ "azure.workload.identity/use": "true" });
                expect(v.config.logging.remote_logging).to.equal("True");
                expect(v.config.logging.remote_base_log_folder).to.match(LOG_FOLDER[cloud]);
                const conn = v.env.find((e: any) => e.name === `AIRFLOW_CONN_${v.config.logging.remote_log_conn_id.toUpperCase()}`);
                expect(JSON.parse(conn.value)).to.not.have.any.keys("login", "password");
            });

            it("delivers DAGs by git-sync from the configured repository with the team's key Secret, checking the server's host key", () => {
                const g = inputs(release(p)).values.dags.gitSync;
                expect(g).to.include({ enabled: true, repo: "git@github.com:acme/ml-pipelines.git", branch: "main", subPath: "dags", sshKeySecret: "airflow-dags-deploy-key" });
                // Host-key checking stays on: the chart turns it off when no keys are given.
                expect(g.knownHosts).to.match(/^github\.com ssh-ed25519 AAAA\S+$/m);
            });

            it("runs as uid 50000 with restricted security contexts, HA in production", () => {
                const v = inputs(release(p)).values;
                expect(v.securityContexts.pod).to.include({ runAsUser: 50000, runAsNonRoot: true });
                for (const c of ["scheduler", "apiServer", "dagProcessor", "triggerer"]) {
                    expect(v[c].securityContexts.container, c).to.include({ allowPrivilegeEscalation: false, runAsNonRoot: true });
                    expect(v[c].securityContexts.container.capabilities, c).to.deep.equal({ drop: ["ALL"] });
                    expect(v[c].replicas, c).to.be.at.least(2);
                    expect(v[c].podDisruptionBudget.enabled, c).to.equal(true);
                }
                expect(v.dags.gitSync.securityContexts.container).to.include({ allowPrivilegeEscalation: false, runAsNonRoot: true });
            });

            it("starts the images whose users the kubelet cannot check or that write at start: statsd by number, git-sync as its own user with a writable root", () => {
                const v = inputs(release(p)).values;
                // The exporter's image names its user (nobody): runAsNonRoot needs a numeric one.
                expect(v.statsd.securityContexts.pod).to.include({ runAsUser: 65534, runAsNonRoot: true });
                // git-sync writes $HOME/.gitconfig at start; over SSH another uid would need --add-user (/etc/passwd).
                expect(v.dags.gitSync.securityContexts.container).to.include({ runAsUser: 65533, readOnlyRootFilesystem: false });
            });

            it("gives the admin Job the database CA where the metadata URL's sslrootcert points, where the server's CA is private", () => {
                const job = inputs(byMetadata(p, JOB, "airflow-create-admin")).spec.template.spec;
                const mounts = job.containers[0].volumeMounts.map((m: any) => m.mountPath);
                const facts = inputs(byMetadata(p, "kubernetes:core/v1:ConfigMap", "platform-database"));
                if (facts.data["ca.crt"] !== undefined) {
                    expect(mounts).to.include("/opt/airflow/platform-database");
                    expect(job.volumes.find((x: any) => x.configMap)?.configMap).to.deep.equal({ name: "platform-database", items: [{ key: "ca.crt", path: "ca.crt" }] });
                } else {
                    expect(mounts).to.deep.equal(["/tmp"]);
                }
            });

            it("serves the UI at airflow.<domain> through the gateway, whose certificate names it", () => {
                const vs = named(p, "kubernetes:networking.istio.io/v1:VirtualService", "airflow-virtual-service");
                const host = inputs(vs).spec.hosts[0];
                expect(host).to.match(/^airflow\./);
                const cert = p.resources.find((r) => r.type === "kubernetes:cert-manager.io/v1:Certificate" && inputs(r).metadata?.name === "platform-gateway")!;
                expect(inputs(cert).spec.dnsNames).to.include(host);
                const gw = p.resources.find((r) => r.type === "kubernetes:networking.istio.io/v1:Gateway")!;
                expect(inputs(gw).spec.servers[0].hosts).to.include(host);
                // The production stack requires the platform JWT at the gateway; Airflow's users log in to Airflow.
                const allow = byMetadata(p, "kubernetes:security.istio.io/v1:AuthorizationPolicy", "allow-clients", "istio-ingress");
                const hosts = inputs(allow).spec.rules.flatMap((r: any) => (r.to ?? []).flatMap((t: any) => t.operation.hosts));
                expect(hosts).to.include.members([host, `${host}:*`]);
            });

            it("has the kit's NetworkPolicies: the gateway and Prometheus in, the database, object store and git out", () => {
                const ingress = byMetadata(p, NP, "allow-ingress");
                const ports = inputs(ingress).spec.ingress.flatMap((r: any) => (r.ports ?? []).map((x: any) => x.port));
                expect(ports).to.include.members([8080, 9102]);
                const egress = byMetadata(p, NP, "allow-egress");
                const out = inputs(egress).spec.egress.flatMap((r: any) => (r.ports ?? []).map((x: any) => x.port));
                expect(out).to.include.members([443, 22]);
                // MLflow admits Airflow's tasks.
                const mlflowIn = byMetadata(p, NP, "allow-ingress", "mlflow");
                const fromAirflow = inputs(mlflowIn).spec.ingress.some((r: any) => (r.from ?? []).some((f: any) => f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "airflow"));
                expect(fromAirflow).to.equal(true);
            });
        });
    }
});
