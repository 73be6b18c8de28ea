/**
 * Cloud KMS: one key ring in the platform's region and one rotating key per consumer, each usable
 * only by that consumer's Google service agent (GKE secrets, Cloud SQL, Memorystore, GCS).
 * Key rings and keys can never be deleted in GCP, so their names must not be reused: a random
 * suffix, fixed when the ring is first created, keeps them unique across stack rebuilds.
 */
import * as pulumi from "@pulumi/pulumi";
import { CryptoKey, CryptoKeyIAMMember, KeyRing } from "@pulumi/gcp/kms";
import { ServiceIdentity } from "@pulumi/gcp/projects";
import { getProjectServiceAccountOutput } from "@pulumi/gcp/storage";
import { RandomId } from "@pulumi/random";
import { GcpComponent, labels, type GcpContext } from "./context";

/** A key and the grant that lets its consumer's service agent use it: consumers depend on the grant. */
export interface GrantedKey {
    key: CryptoKey;
    grant: CryptoKeyIAMMember;
}

const ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
const ROTATION_PERIOD = `${90 * 24 * 3600}s`;

export class Keys extends GcpComponent {
    readonly keyRing: KeyRing;
    readonly clusterSecrets: GrantedKey;
    readonly database: GrantedKey;
    readonly cache: GrantedKey;
    readonly artifacts: GrantedKey;

    constructor(name: string, ctx: GcpContext, opts: pulumi.ComponentResourceOptions) {
        super("Keys", name, ctx, opts);
        const suffix = new RandomId(`${name}-keyring`, { byteLength: 3 }, { parent: this, protect: ctx.spec.protect });
        this.keyRing = new KeyRing(
            name,
            { project: ctx.project, location: ctx.region, name: pulumi.interpolate`${name}-${suffix.hex}` },
            this.stateful(),
        );
        const agents = serviceAgents(ctx, this);
        this.clusterSecrets = this.key(`${name}-gke-secrets`, "gke-secrets", agents.gke);
        this.database = this.key(`${name}-cloudsql`, "cloudsql", agents.cloudSql);
        this.cache = this.key(`${name}-memorystore`, "memorystore", agents.memorystore);
        this.artifacts = this.key(`${name}-artifacts`, "artifacts", agents.storage);
        this.registerOutputs({ keyRing: this.keyRing.id });
    }

    private key(resourceName: string, keyName: string, agent: ServiceAgent): GrantedKey {
        const key = new CryptoKey(
            resourceName,
            {
                name: keyName,
                keyRing: this.keyRing.id,
                purpose: "ENCRYPT_DECRYPT",
                rotationPeriod: ROTATION_PERIOD,
                versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
                // How long a key version waits before destruction once the key leaves the stack.
                destroyScheduledDuration: this.ctx.spec.protect ? `${30 * 24 * 3600}s` : `${24 * 3600}s`,
                labels: labels(this.ctx, { purpose: keyName }),
            },
            this.stateful(),
        );
        const grant = new CryptoKeyIAMMember(
            resourceName,
            { cryptoKeyId: key.id, role: ENCRYPTER_DECRYPTER, member: pulumi.interpolate`serviceAccount:${agent.email}` },
            // On a new project the agent exists only once its identity has been generated.
            this.child({ dependsOn: agent.identity ? [agent.identity] : [] }),
        );
        return { key, grant };
    }
}

/** A Google-managed service agent and, where one is needed, the resource that makes it exist. */
interface ServiceAgent {
    email: pulumi.Input<string>;
    identity?: ServiceIdentity;
}

/**
 * Google-managed service agents that encrypt on the platform's behalf. GKE's, Cloud SQL's and
 * Memorystore's are created lazily by Google (on first use of the service), so a grant to them
 * on a new project fails until `ServiceIdentity` generates them. GCS's agent is returned, and
 * created, by its lookup.
 */
function serviceAgents(ctx: GcpContext, parent: Keys): Record<"gke" | "cloudSql" | "memorystore" | "storage", ServiceAgent> {
    const opts = { parent, provider: ctx.provider, dependsOn: ctx.apis };
    const number = ctx.projectNumber;
    const identity = (key: string, service: string) => new ServiceIdentity(`${ctx.name}-${key}-agent`, { project: ctx.project, service }, opts);
    const cloudSql = identity("cloudsql", "sqladmin.googleapis.com");
    return {
        // The agents' documented addresses: the identity's own output is not returned for every service.
        gke: {
            email: pulumi.interpolate`service-${number}@container-engine-robot.iam.gserviceaccount.com`,
            identity: identity("container", "container.googleapis.com"),
        },
        cloudSql: { email: cloudSql.email, identity: cloudSql },
        memorystore: { email: pulumi.interpolate`service-${number}@cloud-redis.iam.gserviceaccount.com`, identity: identity("redis", "redis.googleapis.com") },
        storage: { email: getProjectServiceAccountOutput({ project: ctx.project }, opts).emailAddress },
    };
}
