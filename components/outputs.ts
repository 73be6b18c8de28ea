/**
 * The stack output contract: the same keys on every cloud. Dependent teams read these through
 * StackReferences; keys marked secret are exported as secrets and stay secret downstream.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Foundation } from "./foundation";
import type { PlatformLayerOutputs } from "../k8s";

export interface PlatformOutputs {
    cloud: pulumi.Output<string>;
    environment: pulumi.Output<string>;
    region: pulumi.Output<string>;
    clusterName: pulumi.Output<string>;
    clusterEndpoint: pulumi.Output<string>;
    /** secret */
    kubeconfig: pulumi.Output<string>;
    oidcIssuer: pulumi.Output<string>;
    kubernetesVersion: pulumi.Output<string>;
    databaseHost: pulumi.Output<string>;
    databasePort: pulumi.Output<number>;
    databaseName: pulumi.Output<string>;
    /** secret */
    databaseUsername: pulumi.Output<string>;
    /** secret */
    databasePassword: pulumi.Output<string>;
    databaseSslMode: pulumi.Output<string>;
    cacheHost: pulumi.Output<string>;
    cachePort: pulumi.Output<number>;
    /** secret */
    cacheAuthToken: pulumi.Output<string>;
    artifactStoreKind: pulumi.Output<string>;
    artifactBucket: pulumi.Output<string>;
    artifactStoreUri: pulumi.Output<string>;
    /** https://mlflow.<domain>: tracking server and model registry behind the gateway. */
    mlflowUrl: pulumi.Output<string>;
    /** https://models.<domain>: InferenceServices under /v1/models/<name> and /v2/models/<name>. */
    modelsUrl: pulumi.Output<string>;
    /** Namespace for InferenceServices (mesh-injected, read-only artifact-store identity). */
    servingNamespace: pulumi.Output<string>;
    /** cert-manager ClusterIssuer for platform certificates (letsencrypt or platform-ca). */
    certificateIssuer: pulumi.Output<string>;
    /** The service account dependent teams' model servers run as (read-only artifact access). */
    servingServiceAccount: pulumi.Output<string>;
    /** Labels those pods must carry (Azure: azure.workload.identity/use). */
    servingPodLabels: pulumi.Output<Record<string, string>>;
    /** `<namespace>/<name>` of the gateway that model VirtualServices bind to. */
    gateway: pulumi.Output<string>;
}

/** Output keys that must be secret; tests and the stack-reference client rely on this list. */
export const SECRET_OUTPUT_KEYS = ["kubeconfig", "databaseUsername", "databasePassword", "cacheAuthToken"] as const satisfies readonly (keyof PlatformOutputs)[];

export function platformOutputs(foundation: Foundation, environment: string, kubernetesVersion: string, layer: PlatformLayerOutputs): PlatformOutputs {
    const { cluster, database, cache, objectStore } = foundation;
    return {
        cloud: pulumi.output(foundation.cloud),
        environment: pulumi.output(environment),
        region: pulumi.output(foundation.region),
        clusterName: cluster.name,
        clusterEndpoint: cluster.endpoint,
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        oidcIssuer: cluster.oidcIssuer,
        kubernetesVersion: pulumi.output(kubernetesVersion),
        databaseHost: database.host,
        databasePort: database.port,
        databaseName: pulumi.output(database.name),
        databaseUsername: pulumi.secret(database.username),
        databasePassword: pulumi.secret(database.password),
        databaseSslMode: pulumi.output(database.sslMode),
        cacheHost: cache.host,
        cachePort: cache.port,
        cacheAuthToken: pulumi.secret(cache.authToken),
        artifactStoreKind: pulumi.output(objectStore.kind),
        artifactBucket: objectStore.bucket,
        artifactStoreUri: objectStore.uri,
        mlflowUrl: layer.mlflowUrl,
        modelsUrl: layer.modelsUrl,
        servingNamespace: layer.servingNamespace,
        certificateIssuer: layer.certificateIssuer,
        servingServiceAccount: layer.servingServiceAccount,
        servingPodLabels: layer.servingPodLabels,
        gateway: layer.gateway,
    };
}
