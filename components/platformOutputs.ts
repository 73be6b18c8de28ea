/** Builds the output contract from the foundation and the platform layer. */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformLayerOutputs } from "../k8s";
import type { Foundation } from "./foundation";
import type { PlatformOutputs } from "./outputs";

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
        modelRelease: layer.modelRelease,
    };
}
