/**
 * Credentials in the namespaces whose workloads use them, synced by External Secrets Operator from
 * the cloud's secret store (the Foundation's `secretStore`): never a Kubernetes Secret built from
 * Pulumi state. Per consuming namespace: a ServiceAccount bound through workload identity to read
 * exactly the entries that namespace syncs, a SecretStore authenticating as it, and one
 * ExternalSecret per Secret, which Pulumi waits for until it is Ready (so a consumer that depends
 * on it starts with its Secret in place).
 *
 * A SecretStore per namespace, not one ClusterSecretStore: a namespace's store can read only its
 * own entries, so a component added later (Airflow's own database user) cannot read MLflow's.
 *
 * The managed database's and cache's non-secret facts (host, port, TLS mode, CA) stay in a
 * ConfigMap of the same name as their Secret.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { ConfigMap, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { Role, RoleBinding } from "@pulumi/kubernetes/rbac/v1";
import type { SecretStoreEntry, SecretStoreProvider } from "../components/foundation";
import { K8sComponent, platformLabels, type K8sContext } from "./context";
import { customResource } from "./customResource";
import { EXTERNAL_SECRETS_API, EXTERNAL_SECRETS_CONTROLLER_ACCOUNT, EXTERNAL_SECRETS_NAMESPACE_NAME } from "./externalSecrets/values";

export const DATABASE_SECRET = "platform-database";
export const CACHE_SECRET = "platform-cache";
/** Keys of the database Secret; MLflow's chart reads `username` and `password`. */
export const DATABASE_KEYS = { username: "username", password: "password" } as const;
/** In every consuming namespace: the store and the service account it authenticates as. */
export const SECRET_STORE = "platform-secrets";
export const SECRET_READER_SERVICE_ACCOUNT = `${SECRET_STORE}-reader`;
/** How soon a value rotated in the cloud's store reaches the Kubernetes Secret. */
export const REFRESH_INTERVAL = "15m";
/** Pulumi's await for a kind it has no built-in readiness logic for (@pulumi/kubernetes >= 4.18). */
export const WAIT_FOR_READY = { "pulumi.com/waitFor": "condition=Ready" } as const;
/**
 * A new reader's grants can take minutes to be honoured (Key Vault RBAC, GCP IAM) and ESO retries with
 * backoff: the first Ready may come late, so the await waits longer than its default.
 */
export const FIRST_SYNC_TIMEOUTS = { create: "20m", update: "20m" } as const;

/** One Kubernetes Secret synced from one entry of the cloud's secret store. */
export interface SyncedSecret {
    /** The Secret's name, which consumers reference. */
    name: string;
    entry: SecretStoreEntry;
    /** Secret key -> property of the entry's JSON value. */
    keys: Record<string, string>;
    /**
     * Further keys built from the copied ones by ESO's template engine (v2, Go templates: `{{ .password | urlquery }}`),
     * so a rotated password also rotates the URI that embeds it.
     */
    templates?: Record<string, pulumi.Input<string>>;
}

export interface NamespaceRef {
    key: string;
    name: string;
}

export class ConnectionSecrets extends K8sComponent {
    readonly database: Partial<Record<string, CustomResource>> = {};
    readonly cache: Partial<Record<string, CustomResource>> = {};
    private operator?: pulumi.Resource[];
    private readonly synced = new Set<string>();

    constructor(name: string, ctx: K8sContext, opts: pulumi.ComponentResourceOptions) {
        super("ConnectionSecrets", name, ctx, opts);
        this.registerOutputs({});
    }

    /** The operator's release (CRDs, admission webhook): stores and ExternalSecrets wait for it. */
    attach(operator: pulumi.Resource[]): void {
        this.operator = operator;
    }

    /** The connection objects a namespace declares (resource names are `<namespace key>-database|cache`). */
    add(ns: NamespaceRef, kinds: readonly ("database" | "cache")[]): void {
        const specs: SyncedSecret[] = [];
        if (kinds.includes("database")) specs.push(this.databaseSecret(ns));
        if (kinds.includes("cache")) specs.push(this.cacheSecret(ns));
        const synced = this.sync(ns, specs);
        if (kinds.includes("database")) this.database[ns.key] = synced[DATABASE_SECRET];
        if (kinds.includes("cache")) this.cache[ns.key] = synced[CACHE_SECRET];
    }

    /**
     * Syncs the named Secrets into one namespace through one SecretStore (default: the platform's,
     * which `connections` use); returns the ExternalSecrets by Secret name, for consumers to depend on.
     * The store's reader is granted exactly these entries, so a namespace that syncs more later (a
     * component's own credentials beside its `connections`) names a store of its own.
     */
    sync(ns: NamespaceRef, secrets: SyncedSecret[], storeName: string = SECRET_STORE): Record<string, CustomResource> {
        if (!this.operator) throw new Error(`namespace ${ns.name} syncs secrets, but External Secrets Operator is not installed yet: add the externalSecrets component earlier in k8s/index.ts`);
        const id = `${ns.key}/${storeName}`;
        if (this.synced.has(id)) throw new Error(`namespace ${ns.name} syncs through store ${storeName} twice: pass all of that store's secrets in one call, or name another store`);
        this.synced.add(id);
        // Several Secrets may copy keys of one entry: the reader is granted each entry once.
        const entries = [...new Map(secrets.map((s) => [s.entry.name, s.entry])).values()];
        const store = this.store(ns, storeName, entries);
        return Object.fromEntries(secrets.map((s) => [s.name, this.externalSecret(ns, s, store, storeName)]));
    }

    private store(ns: NamespaceRef, storeName: string, entries: SecretStoreEntry[]): CustomResource {
        const serviceAccount = `${storeName}-reader`;
        // The platform store's resource names predate other stores.
        const resourceName = storeName === SECRET_STORE ? `${ns.key}-secret-store` : `${ns.key}-${storeName}`;
        const binding = this.ctx.foundation.workloadIdentity({ namespace: ns.name, serviceAccount, access: "secretStoreRead", entries });
        const reader = new ServiceAccount(
            storeName === SECRET_STORE ? `${ns.key}-secrets-reader` : `${ns.key}-${serviceAccount}`,
            {
                metadata: { name: serviceAccount, namespace: this.ctx.ns[ns.key], labels: platformLabels(this.ctx), annotations: binding.serviceAccountAnnotations },
                // Only the operator requests tokens for it; no pod runs as it.
                automountServiceAccountToken: false,
            },
            this.child(),
        );
        const tokenGrant = this.tokenGrant(ns, storeName === SECRET_STORE ? `${ns.key}-secrets-reader` : `${ns.key}-${serviceAccount}`, serviceAccount);
        return customResource(
            resourceName,
            {
                apiVersion: EXTERNAL_SECRETS_API,
                kind: "SecretStore",
                name: storeName,
                namespace: this.ctx.ns[ns.key],
                labels: platformLabels(this.ctx),
                annotations: WAIT_FOR_READY,
                spec: { provider: storeProvider(this.ctx.foundation.secretStore.provider, serviceAccount) },
            },
            this.child({ dependsOn: [...this.operator!, reader, tokenGrant], customTimeouts: FIRST_SYNC_TIMEOUTS }),
        );
    }

    /** The operator may request tokens for this one reader (the chart's cluster-wide token grant is off). */
    private tokenGrant(ns: NamespaceRef, resourceName: string, serviceAccount: string): RoleBinding {
        const metadata = { name: `${serviceAccount}-token`, namespace: this.ctx.ns[ns.key], labels: platformLabels(this.ctx) };
        const role = new Role(
            `${resourceName}-token`,
            { metadata, rules: [{ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"], resourceNames: [serviceAccount] }] },
            this.child(),
        );
        return new RoleBinding(
            `${resourceName}-token`,
            {
                metadata,
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
                subjects: [{ kind: "ServiceAccount", name: EXTERNAL_SECRETS_CONTROLLER_ACCOUNT, namespace: EXTERNAL_SECRETS_NAMESPACE_NAME }],
            },
            this.child(),
        );
    }

    private externalSecret(ns: NamespaceRef, s: SyncedSecret, store: CustomResource, storeName: string): CustomResource {
        const templates = s.templates ?? {};
        return customResource(
            `${ns.key}-${s.name}`,
            {
                apiVersion: EXTERNAL_SECRETS_API,
                kind: "ExternalSecret",
                name: s.name,
                namespace: this.ctx.ns[ns.key],
                labels: platformLabels(this.ctx),
                annotations: WAIT_FOR_READY,
                spec: {
                    refreshInterval: REFRESH_INTERVAL,
                    secretStoreRef: { kind: "SecretStore", name: storeName },
                    target: {
                        name: s.name,
                        creationPolicy: "Owner",
                        deletionPolicy: "Retain",
                        template: {
                            engineVersion: "v2",
                            type: "Opaque",
                            metadata: { labels: platformLabels(this.ctx) },
                            // The copied keys stay; the templates add to them.
                            mergePolicy: "Merge",
                            ...(Object.keys(templates).length ? { data: templates } : {}),
                        },
                    },
                    data: Object.entries(s.keys).map(([secretKey, property]) => ({ secretKey, remoteRef: { key: s.entry.key, property } })),
                },
            },
            this.child({ dependsOn: [store, s.entry.ready], customTimeouts: FIRST_SYNC_TIMEOUTS }),
        );
    }

    private facts(resourceName: string, name: string, ns: string, data: Record<string, pulumi.Input<string>>): ConfigMap {
        return new ConfigMap(resourceName, { metadata: { name, namespace: this.ctx.ns[ns], labels: platformLabels(this.ctx) }, data }, this.child());
    }

    private databaseSecret(ns: NamespaceRef): SyncedSecret {
        const db = this.ctx.foundation.database;
        this.facts(`${ns.key}-database`, DATABASE_SECRET, ns.key, {
            host: db.host,
            port: db.port.apply(String),
            database: db.name,
            sslmode: db.sslMode,
            // Present only where the server's certificate comes from a private CA.
            ...(db.caCertificate ? { "ca.crt": db.caCertificate } : {}),
        });
        return {
            name: DATABASE_SECRET,
            entry: this.ctx.foundation.secretStore.database,
            keys: { [DATABASE_KEYS.username]: "username", [DATABASE_KEYS.password]: "password" },
            templates: {
                uri: pulumi.interpolate`postgresql://{{ .${DATABASE_KEYS.username} | urlquery }}:{{ .${DATABASE_KEYS.password} | urlquery }}@${db.host}:${db.port}/${db.name}?sslmode=${db.sslMode}`,
            },
        };
    }

    private cacheSecret(ns: NamespaceRef): SyncedSecret {
        const cache = this.ctx.foundation.cache;
        this.facts(`${ns.key}-cache`, CACHE_SECRET, ns.key, {
            host: cache.host,
            port: cache.port.apply(String),
            tls: "true",
            // Present only where the server's certificate comes from a private CA.
            ...(cache.caCertificate ? { "ca.crt": cache.caCertificate } : {}),
        });
        return {
            name: CACHE_SECRET,
            entry: this.ctx.foundation.secretStore.cache,
            keys: { "auth-token": "authToken" },
            templates: { url: pulumi.interpolate`rediss://:{{ index . "auth-token" | urlquery }}@${cache.host}:${cache.port}` },
        };
    }
}

/** The store's provider block for the cloud's secret store, authenticating as the namespace's reader. */
export function storeProvider(provider: SecretStoreProvider, serviceAccount: string): Record<string, unknown> {
    switch (provider.kind) {
        case "awsSecretsManager":
            return { aws: { service: "SecretsManager", region: provider.region, auth: { jwt: { serviceAccountRef: { name: serviceAccount } } } } };
        case "gcpSecretManager":
            return {
                gcpsm: {
                    projectID: provider.projectId,
                    auth: {
                        workloadIdentity: {
                            clusterLocation: provider.clusterLocation,
                            clusterName: provider.clusterName,
                            clusterProjectID: provider.projectId,
                            serviceAccountRef: { name: serviceAccount },
                        },
                    },
                },
            };
        case "azureKeyVault":
            // No tenantId here: the reader's ServiceAccount carries azure.workload.identity/tenant-id, and ESO
            // 2.9.0's default client refuses a tenant given in both places ("multiple tenantID found").
            return { azurekv: { authType: "WorkloadIdentity", vaultUrl: provider.vaultUrl, serviceAccountRef: { name: serviceAccount } } };
    }
}
