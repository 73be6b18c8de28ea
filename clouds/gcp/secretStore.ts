/**
 * The platform's credentials in Secret Manager, one JSON secret per entry, replicated only to the
 * platform's region and encrypted there with a key of the platform's key ring (CMEK); and the
 * Google service accounts External Secrets Operator reads them as, each holding secretAccessor on
 * exactly the entries its namespace syncs.
 *
 * Secret Manager checks the key when a secret is created: its service agent must exist and hold
 * the key role first (every secret depends on that grant). The value is written once: an operator
 * rotates it by adding a version (docs/runbooks/rotate-database-password.md), and `ignoreChanges`
 * keeps a later `pulumi up --refresh` from writing the stack's original value back.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "@pulumi/gcp/container";
import { CryptoKey, CryptoKeyIAMMember, type KeyRing } from "@pulumi/gcp/kms";
import { ServiceIdentity } from "@pulumi/gcp/projects";
import { Secret, SecretIamMember, SecretVersion } from "@pulumi/gcp/secretmanager";
import { secretStoreFacts, type IdentityBinding, type SecretStoreEntry, type SecretStoreFacts, type SecretStoreIdentityRequest, type PlatformCredentials } from "../../components/foundation";
import { clusterLocation, GcpComponent, labels, type GcpContext } from "./context";
import { bindingAfter, googleServiceAccountFor } from "./identity";

export interface SecretStoreArgs extends PlatformCredentials {
    keyRing: KeyRing;
    cluster: Cluster;
}

export const SECRET_ACCESSOR = "roles/secretmanager.secretAccessor";
const ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

export class SecretStore extends GcpComponent {
    readonly facts: SecretStoreFacts;
    readonly key: CryptoKey;
    /** The Secret Manager service agent's role on the key: every secret waits for it. */
    readonly keyGrant: CryptoKeyIAMMember;

    constructor(name: string, ctx: GcpContext, private readonly args: SecretStoreArgs, opts: pulumi.ComponentResourceOptions) {
        super("SecretStore", name, ctx, opts);
        this.key = new CryptoKey(
            `${name}-secretmanager`,
            {
                name: "secretmanager",
                keyRing: args.keyRing.id,
                purpose: "ENCRYPT_DECRYPT",
                rotationPeriod: `${90 * 24 * 3600}s`,
                versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
                destroyScheduledDuration: ctx.spec.protect ? `${30 * 24 * 3600}s` : `${24 * 3600}s`,
                labels: labels(ctx, { purpose: "secretmanager" }),
            },
            this.stateful(),
        );
        // Google creates the agent lazily; ServiceIdentity makes it exist before the grant names it.
        const agent = new ServiceIdentity(`${name}-secretmanager-agent`, { project: ctx.project, service: "secretmanager.googleapis.com" }, this.child());
        this.keyGrant = new CryptoKeyIAMMember(
            `${name}-secretmanager`,
            {
                cryptoKeyId: this.key.id,
                role: ENCRYPTER_DECRYPTER,
                member: pulumi.interpolate`serviceAccount:service-${ctx.projectNumber}@gcp-sa-secretmanager.iam.gserviceaccount.com`,
            },
            this.child({ dependsOn: [agent] }),
        );
        const provider = { kind: "gcpSecretManager" as const, projectId: ctx.project, clusterLocation: clusterLocation(ctx), clusterName: args.cluster.name };
        this.facts = secretStoreFacts(provider, args, (entry, values) => this.put(entry, values));
        this.registerOutputs({ database: this.facts.database.id, cache: this.facts.cache.id });
    }

    put(entry: string, values: Record<string, pulumi.Input<string>>): SecretStoreEntry {
        const resourceName = `${this.ctx.name}-${entry}`;
        const secret = new Secret(
            resourceName,
            {
                project: this.ctx.project,
                secretId: `${this.ctx.name}-${entry}`,
                replication: { userManaged: { replicas: [{ location: this.ctx.region, customerManagedEncryption: { kmsKeyName: this.key.id } }] } },
                deletionProtection: this.ctx.spec.protect,
                labels: labels(this.ctx, { purpose: entry }),
            },
            this.stateful({ dependsOn: [this.keyGrant] }),
        );
        const version = new SecretVersion(
            resourceName,
            { secret: secret.id, secretData: pulumi.secret(pulumi.jsonStringify(values)) },
            // The operator adds versions and disables old ones when rotating.
            this.child({ ignoreChanges: ["secretData", "enabled"] }),
        );
        return { name: entry, key: secret.secretId, id: secret.id, properties: Object.keys(values), ready: version };
    }

    /** A Google service account the Kubernetes one acts as, with secretAccessor on exactly the requested entries. */
    bindReader(request: SecretStoreIdentityRequest): IdentityBinding {
        const { name, account, impersonation } = googleServiceAccountFor(
            this.ctx,
            request,
            `External Secrets Operator's reader for ${request.namespace}: secretAccessor on ${request.entries.length} Secret Manager entries`,
            this.args.cluster,
            (extra) => this.child(extra),
        );
        const grants = request.entries.map(
            (entry) =>
                new SecretIamMember(
                    `${name}-${entry.name}`,
                    { project: this.ctx.project, secretId: entry.id, role: SECRET_ACCESSOR, member: account.member },
                    this.child(),
                ),
        );
        return bindingAfter(account, [impersonation, ...grants]);
    }
}
