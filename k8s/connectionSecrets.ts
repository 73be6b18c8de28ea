/**
 * The managed database's and cache's connection details, in the namespaces whose workloads use
 * them: credentials in a Secret (stringData from the Foundation's secret Outputs, so Pulumi keeps
 * them encrypted in state and they never pass through Helm values), and the non-secret facts
 * (host, port, TLS mode) in a ConfigMap of the same name.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, Secret } from "@pulumi/kubernetes/core/v1";
import { K8sComponent, platformLabels, type K8sContext } from "./context";

export const DATABASE_SECRET = "platform-database";
export const CACHE_SECRET = "platform-cache";
/** Keys of the database Secret; MLflow's chart reads `username` and `password`. */
export const DATABASE_KEYS = { username: "username", password: "password" } as const;

export class ConnectionSecrets extends K8sComponent {
    readonly database: Partial<Record<string, Secret>> = {};
    readonly cache: Partial<Record<string, Secret>> = {};

    constructor(name: string, ctx: K8sContext, opts: pulumi.ComponentResourceOptions) {
        super("ConnectionSecrets", name, ctx, opts);
        this.registerOutputs({});
    }

    /** The connection objects a namespace declares (resource names are `<namespace key>-database|cache`). */
    add(ns: string, kinds: readonly ("database" | "cache")[]): void {
        if (kinds.includes("database")) this.database[ns] = this.databaseSecret(ns);
        if (kinds.includes("cache")) this.cache[ns] = this.cacheSecret(ns);
    }

    private secret(resourceName: string, name: string, ns: string, stringData: Record<string, pulumi.Input<string>>): Secret {
        return new Secret(
            resourceName,
            { metadata: { name, namespace: this.ctx.ns[ns], labels: platformLabels(this.ctx) }, type: "Opaque", stringData },
            this.child(),
        );
    }

    private facts(resourceName: string, name: string, ns: string, data: Record<string, pulumi.Input<string>>): ConfigMap {
        return new ConfigMap(resourceName, { metadata: { name, namespace: this.ctx.ns[ns], labels: platformLabels(this.ctx) }, data }, this.child());
    }

    private databaseSecret(ns: string): Secret {
        const db = this.ctx.foundation.database;
        const username = pulumi.secret(db.username);
        const password = pulumi.secret(db.password);
        this.facts(`${ns}-database`, DATABASE_SECRET, ns, {
            host: db.host,
            port: db.port.apply(String),
            database: db.name,
            sslmode: db.sslMode,
            // Present only where the server's certificate comes from a private CA.
            ...(db.caCertificate ? { "ca.crt": db.caCertificate } : {}),
        });
        return this.secret(`${ns}-database`, DATABASE_SECRET, ns, {
            [DATABASE_KEYS.username]: username,
            [DATABASE_KEYS.password]: password,
            uri: pulumi.secret(
                pulumi.interpolate`postgresql://${username.apply(encodeURIComponent)}:${password.apply(encodeURIComponent)}@${db.host}:${db.port}/${db.name}?sslmode=${db.sslMode}`,
            ),
        });
    }

    private cacheSecret(ns: string): Secret {
        const cache = this.ctx.foundation.cache;
        const token = pulumi.secret(cache.authToken);
        this.facts(`${ns}-cache`, CACHE_SECRET, ns, {
            host: cache.host,
            port: cache.port.apply(String),
            tls: "true",
            // Present only where the server's certificate comes from a private CA.
            ...(cache.caCertificate ? { "ca.crt": cache.caCertificate } : {}),
        });
        return this.secret(`${ns}-cache`, CACHE_SECRET, ns, {
            "auth-token": token,
            url: pulumi.secret(pulumi.interpolate`rediss://:${token.apply(encodeURIComponent)}@${cache.host}:${cache.port}`),
        });
    }
}
