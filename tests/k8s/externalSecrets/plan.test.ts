/**
 * Credentials from the cloud's secret store, read from the six plans: External Secrets Operator
 * (HA in production), one SecretStore per consuming namespace bound through workload identity to
 * a reader allowed exactly that namespace's entries, ExternalSecrets producing the Secrets the
 * consumers already read (same names, same keys) and awaited before them, the entries written
 * encrypted with the platform's key, and no Kubernetes Secret built from a database or cache credential.
 */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { CLOUDS } from "../../../components/config";
import { CACHE_SECRET, DATABASE_SECRET, REFRESH_INTERVAL, SECRET_READER_SERVICE_ACCOUNT, SECRET_STORE } from "../../../k8s/connectionSecrets";
import { EXTERNAL_SECRETS_CHARTS } from "../../../k8s/externalSecrets/values";
import { ofType, okPlan, STACKS } from "../../support/plans";

type Values = Record<string, any>;
const RELEASE = "kubernetes:helm.sh/v3:Release";
const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const STORE = "kubernetes:external-secrets.io/v1:SecretStore";
const K8S_SECRET = "kubernetes:core/v1:Secret";

const meta = (r: CapturedResource) => r.inputs.metadata as { name: string; namespace?: string; annotations?: Record<string, string> };
const spec = (r: CapturedResource) => r.inputs.spec as Values;
const byUrn = (p: PlannedStack) => new Map(p.resources.map((r) => [r.urn, r]));

function inNamespace(p: PlannedStack, type: string, namespace: string, name: string): CapturedResource {
    const found = ofType(p, type).filter((r) => meta(r).namespace === namespace && meta(r).name === name);
    expect(found, `${type} ${namespace}/${name}`).to.have.length(1);
    return found[0];
}

/** Which namespaces sync which Secrets, and the keys each Secret must have for its consumers. */
const SYNCED: { namespace: string; secret: string; keys: string[]; templates: string[] }[] = [
    { namespace: "mlflow", secret: DATABASE_SECRET, keys: ["username", "password"], templates: ["uri"] },
    { namespace: "serving", secret: DATABASE_SECRET, keys: ["username", "password"], templates: ["uri"] },
    { namespace: "serving", secret: CACHE_SECRET, keys: ["auth-token"], templates: ["url"] },
];

/** The resources a database or cache credential comes from: everything under the clouds' Database and Cache components. */
function credentialSources(p: PlannedStack): Set<string> {
    const components = p.resources.filter((r) => /^mlplatform:(aws|gcp|azure):(Database|Cache)$/.test(r.type)).map((r) => r.urn);
    const index = byUrn(p);
    const under = (r: CapturedResource): boolean => r.parent !== null && (components.includes(r.parent) || under(index.get(r.parent)!));
    return new Set(p.resources.filter((r) => r.custom && under(r)).map((r) => r.urn));
}

describe("no Kubernetes Secret carries a database or cache credential (all six plans)", () => {
    for (const stack of STACKS) {
        for (const cloud of CLOUDS) {
            it(`${stack} ${cloud}`, async () => {
                const p = await okPlan(stack, cloud);
                const sources = credentialSources(p);
                expect(sources.size, "the database's and cache's resources are found").to.be.greaterThan(1);
                for (const secret of ofType(p, K8S_SECRET)) {
                    expect([DATABASE_SECRET, CACHE_SECRET], meta(secret).name).to.not.include(meta(secret).name);
                    const from = secret.dependencies.filter((d) => sources.has(d));
                    expect(from, `${meta(secret).namespace}/${meta(secret).name} is built from ${from.join(", ")}`).to.deep.equal([]);
                }
                // The credentials do reach the cloud's store, from the same sources.
                const entries = p.resources.filter((r) => ["aws:secretsmanager/secretVersion:SecretVersion", "gcp:secretmanager/secretVersion:SecretVersion", "azure-native:keyvault:Secret"].includes(r.type));
                // Production also runs Airflow, whose own credentials are two more entries: its database
                // user, Fernet key and first admin; its JWT and API signing keys.
                const airflow = stack === "production" ? [`ml-platform-${stack}-airflow`, `ml-platform-${stack}-airflow-signing`] : [];
                expect(entries.map((e) => e.name).sort()).to.deep.equal([...airflow, `ml-platform-${stack}-cache`, `ml-platform-${stack}-database`]);
                for (const e of entries.filter((x) => !airflow.includes(x.name))) expect(e.dependencies.some((d) => sources.has(d)), e.name).to.equal(true);
                // Nor is any of Airflow's own credentials a Secret from Pulumi state.
                expect(ofType(p, K8S_SECRET).filter((r) => meta(r).namespace === "airflow").map((r) => meta(r).name)).to.deep.equal([]);
            });
        }
    }
});

for (const cloud of CLOUDS) {
    describe(`External Secrets Operator in the production plan (${cloud})`, () => {
        let p: PlannedStack;
        let release: CapturedResource;
        let values: Values;
        before(async () => {
            p = await okPlan("production", cloud);
            const found = ofType(p, RELEASE).filter((r) => r.inputs.chart === "external-secrets");
            expect(found).to.have.length(1);
            release = found[0];
            values = release.inputs.values as Values;
        });

        it("pins the upstream chart and runs every Deployment HA (2 replicas, PDB, leader election) under restricted security", () => {
            expect(release.inputs).to.include({ version: EXTERNAL_SECRETS_CHARTS.externalSecrets.version, namespace: "external-secrets" });
            expect((release.inputs.repositoryOpts as { repo: string }).repo).to.equal("https://charts.external-secrets.io");
            expect(values.leaderElect).to.equal(true);
            for (const d of [values, values.webhook, values.certController]) {
                expect(d.replicaCount).to.be.at.least(2);
                expect(d.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
                expect(d.securityContext).to.include({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
                expect(d.podSecurityContext.seccompProfile).to.deep.equal({ type: "RuntimeDefault" });
                expect(d.metrics.service.enabled).to.equal(true);
            }
            expect(values.serviceMonitor).to.include({ enabled: true, renderMode: "alwaysRender" });
        });

        it("admits the API server on the webhook's pod port and keeps the namespace out of the mesh", () => {
            const ns = ofType(p, "kubernetes:core/v1:Namespace").find((r) => meta(r).name === "external-secrets")!;
            const labels = (ns.inputs.metadata as { labels: Record<string, string> }).labels;
            expect(labels["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
            expect(labels["istio-injection"]).to.not.equal("enabled");
            const ingress = spec(inNamespace(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "external-secrets", "allow-ingress")).ingress as Values[];
            const webhookRule = ingress.find((r) => r.ports.some((port: Values) => port.port === values.webhook.port));
            expect(webhookRule, "an ingress rule on the webhook port").to.not.equal(undefined);
            expect(webhookRule!.from, "port-only: the API server's source differs per cloud").to.equal(undefined);
        });

        it("grants the operator tokens only for each store's reader, by name, not for every ServiceAccount in the cluster", () => {
            expect((release.inputs.values as Values).rbac).to.deep.equal({ serviceAccountTokenCreate: false });
            for (const namespace of ["mlflow", "serving"]) {
                const role = inNamespace(p, "kubernetes:rbac.authorization.k8s.io/v1:Role", namespace, `${SECRET_READER_SERVICE_ACCOUNT}-token`);
                expect((role.inputs as Values).rules).to.deep.equal([{ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"], resourceNames: [SECRET_READER_SERVICE_ACCOUNT] }]);
                const binding = inNamespace(p, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", namespace, `${SECRET_READER_SERVICE_ACCOUNT}-token`);
                expect((binding.inputs as Values).subjects).to.deep.equal([{ kind: "ServiceAccount", name: "external-secrets", namespace: "external-secrets" }]);
                expect(inNamespace(p, STORE, namespace, SECRET_STORE).dependencies).to.include(binding.urn);
            }
        });

        it("gives each consuming namespace its own SecretStore, authenticating as a reader bound through workload identity", () => {
            for (const namespace of ["mlflow", "serving"]) {
                const store = inNamespace(p, STORE, namespace, SECRET_STORE);
                const provider = spec(store).provider as Values;
                const reader = inNamespace(p, "kubernetes:core/v1:ServiceAccount", namespace, SECRET_READER_SERVICE_ACCOUNT);
                const annotations = meta(reader).annotations!;
                expect(store.dependencies).to.include.members([release.urn, reader.urn]);
                expect(meta(store).annotations).to.deep.equal({ "pulumi.com/waitFor": "condition=Ready" });
                if (cloud === "aws") {
                    expect(provider.aws).to.deep.include({ service: "SecretsManager", auth: { jwt: { serviceAccountRef: { name: SECRET_READER_SERVICE_ACCOUNT } } } });
                    expect(annotations["eks.amazonaws.com/role-arn"]).to.match(/^arn:aws:iam::\d+:role\//);
                } else if (cloud === "gcp") {
                    expect(provider.gcpsm.auth.workloadIdentity.serviceAccountRef).to.deep.equal({ name: SECRET_READER_SERVICE_ACCOUNT });
                    expect(provider.gcpsm.auth.workloadIdentity).to.have.keys("clusterLocation", "clusterName", "clusterProjectID", "serviceAccountRef");
                    expect(annotations["iam.gke.io/gcp-service-account"]).to.match(/@.*\.iam\.gserviceaccount\.com$/);
                } else {
                    expect(provider.azurekv).to.include({ authType: "WorkloadIdentity" });
                    expect(provider.azurekv.vaultUrl).to.match(/^https:\/\/.*vault/);
                    expect(annotations).to.have.keys("azure.workload.identity/client-id", "azure.workload.identity/tenant-id");
                    // ESO 2.9.0 refuses a tenant named both on the store and on the ServiceAccount.
                    expect(provider.azurekv).to.not.have.property("tenantId");
                }
            }
        });

        it("syncs each connection Secret under its old name and keys, awaited until Ready, and MLflow waits for its own", () => {
            for (const s of SYNCED) {
                const es = inNamespace(p, EXTERNAL_SECRET, s.namespace, s.secret);
                const body = spec(es);
                expect(meta(es).annotations).to.deep.equal({ "pulumi.com/waitFor": "condition=Ready" });
                expect(body.secretStoreRef).to.deep.equal({ kind: "SecretStore", name: SECRET_STORE });
                expect(body.refreshInterval).to.equal(REFRESH_INTERVAL);
                expect(body.target).to.include({ name: s.secret, creationPolicy: "Owner" });
                expect(body.target.template).to.include({ engineVersion: "v2", mergePolicy: "Merge" });
                expect(body.data.map((d: Values) => d.secretKey)).to.deep.equal(s.keys);
                expect(Object.keys(body.target.template.data)).to.deep.equal(s.templates);
                expect(es.dependencies).to.include(inNamespace(p, STORE, s.namespace, SECRET_STORE).urn);
            }
            const mlflow = ofType(p, RELEASE).find((r) => r.inputs.chart === "mlflow")!;
            expect(mlflow.dependencies).to.include(inNamespace(p, EXTERNAL_SECRET, "mlflow", DATABASE_SECRET).urn);
        });

        it("builds the URIs from the synced keys (a rotated password rotates them), never from a value in the plan", () => {
            const db = spec(inNamespace(p, EXTERNAL_SECRET, "serving", DATABASE_SECRET)).target.template.data.uri as string;
            expect(db).to.match(/^postgresql:\/\/\{\{ \.username \| urlquery \}\}:\{\{ \.password \| urlquery \}\}@[^:]+:\d+\/\w+\?sslmode=/);
            const cache = spec(inNamespace(p, EXTERNAL_SECRET, "serving", CACHE_SECRET)).target.template.data.url as string;
            expect(cache).to.match(/^rediss:\/\/:\{\{ index \. "auth-token" \| urlquery \}\}@[^:]+:\d+$/);
            for (const secret of p.secretValues) expect(JSON.stringify(ofType(p, EXTERNAL_SECRET).map((r) => r.inputs)).includes(secret)).to.equal(false);
        });
    });
}
