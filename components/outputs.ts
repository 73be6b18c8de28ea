/**
 * The stack output contract: the same keys on every cloud. Dependent teams read these through
 * StackReferences; keys marked secret are exported as secrets and stay secret downstream.
 * This file is part of the light client entry point: it imports nothing but @pulumi/pulumi.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ModelReleasePolicy } from "./modelRelease";

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
    /** Flagger's metric templates and the rollback limits from `platform.delivery` (components/modelRelease.ts builds the Canary). */
    modelRelease: pulumi.Output<ModelReleasePolicy>;
}

/** Output keys that must be secret; tests and the stack-reference client rely on this list. */
export const SECRET_OUTPUT_KEYS = ["kubeconfig", "databaseUsername", "databasePassword", "cacheAuthToken"] as const satisfies readonly (keyof PlatformOutputs)[];
