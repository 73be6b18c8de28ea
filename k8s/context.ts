/** What every platform-layer component needs: the Foundation contract and the layer's spec. */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformLayerConfig } from "../components/config/platform";
import type { Environment } from "../components/config/environment";
import type { Foundation } from "../components/foundation";

/** The part of the stack's spec the platform layer reads (PlatformSpec satisfies it). */
export interface PlatformLayerSpec {
    project: string;
    stack: string;
    environment: Environment;
    tags: Readonly<Record<string, string>>;
    platform: PlatformLayerConfig;
}

/** The DNS names the gateway serves. */
export interface GatewayHosts {
    /** The domain from config, or an internal one when none is configured. */
    base: string;
    mlflow: string;
    models: string;
    /** Airflow's UI and API (served only when `platform.pipelines` is on). */
    airflow: string;
}

export interface K8sContext {
    foundation: Foundation;
    spec: PlatformLayerSpec;
    /** Production: highly available (>= 2 replicas, PDBs, spread over zones). */
    ha: boolean;
    hosts: GatewayHosts;
    /**
     * Namespace names (by declared key) as Outputs of the Namespace objects, so every namespaced
     * object waits for its namespace. Filled as components are added to the layer.
     */
    ns: Record<string, pulumi.Output<string>>;
}

export function k8sContext(foundation: Foundation, spec: PlatformLayerSpec, ns: Record<string, pulumi.Output<string>>): K8sContext {
    const base = spec.platform.domain ?? `${spec.stack}.${spec.project}.internal`;
    return {
        foundation,
        spec,
        ha: spec.environment === "production",
        hosts: { base, mlflow: `mlflow.${base}`, models: `models.${base}`, airflow: `airflow.${base}` },
        ns,
    };
}

/** The hosts the gateway serves and its certificate names: Airflow's only when the stack turns it on. */
export function gatewayHostNames(ctx: Pick<K8sContext, "hosts" | "spec">): string[] {
    return [ctx.hosts.mlflow, ctx.hosts.models, ...(ctx.spec.platform.pipelines.enabled ? [ctx.hosts.airflow] : [])];
}

/**
 * Hosts whose service authenticates every request itself (MLflow's basic auth, Airflow's login),
 * so the gateway admits them without the platform JWT.
 */
export function selfAuthenticatingHosts(ctx: Pick<K8sContext, "hosts" | "spec">): string[] {
    return [ctx.hosts.mlflow, ...(ctx.spec.platform.pipelines.enabled ? [ctx.hosts.airflow] : [])];
}

/** Labels on every Kubernetes object the program defines (the same tags the cloud resources carry). */
export function platformLabels(ctx: Pick<K8sContext, "spec">, extra: Record<string, string> = {}): Record<string, string> {
    return { ...ctx.spec.tags, "app.kubernetes.io/part-of": "ml-platform", ...extra };
}

/** Base of the platform-layer components: children get the parent and the cluster's provider. */
export abstract class K8sComponent extends pulumi.ComponentResource {
    protected constructor(
        type: string,
        name: string,
        protected readonly ctx: K8sContext,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super(`mlplatform:k8s:${type}`, name, {}, opts);
    }

    protected child(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return { parent: this, provider: this.ctx.foundation.cluster.provider, ...extra };
    }
}

/** One value per environment: `ha` picks the production one. */
export function perEnvironment<T>(ctx: Pick<K8sContext, "ha">, values: { staging: T; production: T }): T {
    return ctx.ha ? values.production : values.staging;
}
