/**
 * The clouds' secret-store entries and their readers, from the production plans: each entry
 * encrypted with the platform's key, written secret, its value left alone after creation (so an
 * operator's rotation survives `pulumi up --refresh`), and each namespace's reader granted exactly
 * the entries that namespace syncs; GCP's secrets wait for the Secret Manager agent's key grant.
 */
import { expect } from "chai";
import type { PlannedStack } from "../../automation/planStack";
import { named, ofType, okPlan } from "../support/plans";

type Values = Record<string, any>;
const byUrn = (p: PlannedStack) => new Map(p.resources.map((r) => [r.urn, r]));
/** The entries each consuming namespace's reader must be granted: no more, no less. */
const READS = { mlflow: ["database"], serving: ["database", "cache"] } as const;
const PREFIX = "ml-platform-production";

describe("secret-store entries and readers: AWS Secrets Manager", () => {
    let p: PlannedStack;
    before(async () => (p = await okPlan("production", "aws")));

    it("encrypts every entry with the platform's data key, keeps it 30 days after deletion and writes the value once, secret", () => {
        const dataKey = named(p, "aws:kms/key:Key", `${PREFIX}-data`);
        for (const entry of ["database", "cache"]) {
            const secret = named(p, "aws:secretsmanager/secret:Secret", `${PREFIX}-${entry}`);
            expect(secret.inputs).to.include({ name: `${PREFIX}/${entry}`, recoveryWindowInDays: 30 });
            expect(secret.propertyDependencies.kmsKeyId).to.deep.equal([dataKey.urn]);
            expect(secret.protect).to.equal(true);
            const version = named(p, "aws:secretsmanager/secretVersion:SecretVersion", `${PREFIX}-${entry}`);
            expect(version.inputs.secretString).to.equal("[secret]");
            expect(version.ignoreChanges).to.deep.equal(["secretString"]);
        }
    });

    it("lets each namespace's IRSA role read and decrypt (through Secrets Manager only) exactly its entries", () => {
        for (const [namespace, entries] of Object.entries(READS)) {
            const policy = JSON.parse(named(p, "aws:iam/rolePolicy:RolePolicy", `${PREFIX}-${namespace}-platform-secrets-reader`).inputs.policy as string) as { Statement: Values[] };
            const [read, decrypt] = policy.Statement;
            expect(read.Action).to.deep.equal(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
            expect(read.Resource).to.have.length(entries.length);
            for (const [i, entry] of entries.entries()) expect(read.Resource[i]).to.match(new RegExp(`:secret:${PREFIX}/${entry}-\\w{6}$`));
            expect(decrypt).to.deep.include({ Action: ["kms:Decrypt"], Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } } });
            expect(decrypt.Resource).to.match(/:key\/ml-platform-production-data$/);
        }
    });
});

describe("secret-store entries and readers: GCP Secret Manager", () => {
    let p: PlannedStack;
    before(async () => (p = await okPlan("production", "gcp")));

    it("enables the API, creates the service agent and grants it the key before any secret exists", () => {
        const api = ofType(p, "gcp:projects/service:Service").find((s) => s.inputs.service === "secretmanager.googleapis.com");
        expect(api, "secretmanager.googleapis.com enabled").to.not.equal(undefined);
        const agent = named(p, "gcp:projects/serviceIdentity:ServiceIdentity", `${PREFIX}-secretmanager-agent`);
        const grant = named(p, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", `${PREFIX}-secretmanager`);
        expect(grant.inputs).to.include({ role: "roles/cloudkms.cryptoKeyEncrypterDecrypter" });
        expect(grant.inputs.member).to.match(/^serviceAccount:service-\d+@gcp-sa-secretmanager\.iam\.gserviceaccount\.com$/);
        expect(grant.dependencies).to.include(agent.urn);
        for (const entry of ["database", "cache"]) {
            const secret = named(p, "gcp:secretmanager/secret:Secret", `${PREFIX}-${entry}`);
            expect(secret.dependencies, `${entry} waits for the agent's key grant`).to.include(grant.urn);
        }
    });

    it("replicates each entry to the platform's region only, encrypted there with the platform's key (CMEK), value written once, secret", () => {
        const key = named(p, "gcp:kms/cryptoKey:CryptoKey", `${PREFIX}-secretmanager`);
        expect(key.inputs.rotationPeriod).to.equal(`${90 * 24 * 3600}s`);
        for (const entry of ["database", "cache"]) {
            const secret = named(p, "gcp:secretmanager/secret:Secret", `${PREFIX}-${entry}`);
            const replicas = (secret.inputs.replication as Values).userManaged.replicas as Values[];
            expect(replicas).to.have.length(1);
            expect(replicas[0].location).to.equal("europe-west4");
            expect(replicas[0].customerManagedEncryption.kmsKeyName).to.equal(`${PREFIX}-secretmanager-id`);
            expect(secret.propertyDependencies.replication).to.include(key.urn);
            expect(secret.inputs.deletionProtection).to.equal(true);
            const version = named(p, "gcp:secretmanager/secretVersion:SecretVersion", `${PREFIX}-${entry}`);
            expect(version.inputs.secretData).to.equal("[secret]");
            expect(version.ignoreChanges).to.have.members(["secretData", "enabled"]);
        }
    });

    it("grants each namespace's Google service account secretAccessor on exactly its entries", () => {
        const index = byUrn(p);
        for (const [namespace, entries] of Object.entries(READS)) {
            const account = named(p, "gcp:serviceaccount/account:Account", `${PREFIX}-${namespace}-platform-secrets-reader`);
            const grants = ofType(p, "gcp:secretmanager/secretIamMember:SecretIamMember").filter((g) => g.propertyDependencies.member?.includes(account.urn));
            expect(grants.every((g) => g.inputs.role === "roles/secretmanager.secretAccessor")).to.equal(true);
            const secrets = grants.map((g) => index.get(g.propertyDependencies.secretId[0])!.name);
            expect(secrets).to.have.members(entries.map((e) => `${PREFIX}-${e}`));
            const impersonation = named(p, "gcp:serviceaccount/iAMMember:IAMMember", `${PREFIX}-${namespace}-platform-secrets-reader`);
            expect(impersonation.inputs.member).to.equal(`serviceAccount:acme-ml-prod.svc.id.goog[${namespace}/platform-secrets-reader]`);
        }
    });
});

describe("secret-store entries and readers: Azure Key Vault", () => {
    let p: PlannedStack;
    before(async () => (p = await okPlan("production", "azure")));

    it("writes each entry into the platform's private vault through ARM, value secret and written once", () => {
        const vault = ofType(p, "azure-native:keyvault:Vault")[0];
        expect((vault.inputs.properties as Values).publicNetworkAccess).to.equal("Disabled");
        for (const entry of ["database", "cache"]) {
            const secret = named(p, "azure-native:keyvault:Secret", `${PREFIX}-${entry}`);
            expect(secret.inputs.secretName).to.equal(entry);
            expect((secret.inputs.properties as Values).value).to.equal("[secret]");
            expect(secret.propertyDependencies.vaultName).to.deep.equal([vault.urn]);
            // The whole properties and the tags: Key Vault keeps tags per version, so a rotated version has none and
            // restoring them on refresh would write the stack's original value back.
            expect(secret.ignoreChanges).to.have.members(["properties", "tags"]);
        }
    });

    it("gives each namespace's federated identity Key Vault Secrets User on exactly its secrets, and hands out its client ID only after propagation", () => {
        const index = byUrn(p);
        for (const [namespace, entries] of Object.entries(READS)) {
            const identity = named(p, "azure-native:managedidentity:UserAssignedIdentity", `${PREFIX}-${namespace}-platform-secrets-reader`);
            const federation = named(p, "azure-native:managedidentity:FederatedIdentityCredential", `${PREFIX}-${namespace}-platform-secrets-reader`);
            expect(federation.inputs.subject).to.equal(`system:serviceaccount:${namespace}:platform-secrets-reader`);
            const grants = ofType(p, "azure-native:authorization:RoleAssignment").filter((g) => g.propertyDependencies.principalId?.includes(identity.urn));
            for (const g of grants) expect(g.inputs.roleDefinitionId).to.match(/\/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/);
            expect(grants.map((g) => index.get(g.propertyDependencies.scope[0])!.name)).to.have.members(entries.map((e) => `${PREFIX}-${e}`));
            const reader = ofType(p, "kubernetes:core/v1:ServiceAccount").find((r) => (r.inputs.metadata as Values).namespace === namespace && (r.inputs.metadata as Values).name === "platform-secrets-reader")!;
            const waits = entries.map((e) => named(p, "time:index/sleep:Sleep", `${PREFIX}-${namespace}-platform-secrets-reader-${e}-propagation`).urn);
            expect(reader.dependencies).to.include.members(waits);
        }
    });
});
