/**
 * MlPlatform: the cloud-agnostic component. It validates its arguments (the stack config's shape),
 * dispatches on the cloud to build the Foundation (cluster, database, cache, object store,
 * identity), then the platform layer, and exposes the output contract as its outputs.
 *
 * Every property declared on the class is an output of the published component schema (Pulumi's
 * component provider infers it from this file), so internal state lives in a WeakMap and is read
 * through getters, which the schema does not see.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider as AwsProvider } from "@pulumi/aws/provider";
import type { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import type { Provider as GcpProvider } from "@pulumi/gcp/provider";
import { installPlatformLayer } from "../k8s";
import { parsePlatformConfig, rawConfigOf, type MlPlatformArgs, type PlatformSpec } from "./config";
import type { Foundation } from "./foundation";
import type { PlatformOutputs } from "./outputs";
import type { ModelReleasePolicy } from "./modelRelease";
import { platformOutputs } from "./platformOutputs";

export type { MlPlatformArgs } from "./config";

export const ML_PLATFORM_TYPE = "mlplatform:index:MlPlatform";

interface Internals {
    spec: PlatformSpec;
    foundation: Foundation;
    outputs: PlatformOutputs;
}
const internals = new WeakMap<MlPlatform, Internals>();

export class MlPlatform extends pulumi.ComponentResource {
    /** "aws", "gcp" or "azure". */
    declare readonly cloud: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string>;
    declare readonly region: pulumi.Output<string>;
    declare readonly clusterName: pulumi.Output<string>;
    declare readonly clusterEndpoint: pulumi.Output<string>;
    /** Secret: an exec-plugin kubeconfig (no static credential). */
    declare readonly kubeconfig: pulumi.Output<string>;
    declare readonly oidcIssuer: pulumi.Output<string>;
    declare readonly kubernetesVersion: pulumi.Output<string>;
    declare readonly databaseHost: pulumi.Output<string>;
    declare readonly databasePort: pulumi.Output<number>;
    declare readonly databaseName: pulumi.Output<string>;
    /** Secret. */
    declare readonly databaseUsername: pulumi.Output<string>;
    /** Secret. */
    declare readonly databasePassword: pulumi.Output<string>;
    declare readonly databaseSslMode: pulumi.Output<string>;
    declare readonly cacheHost: pulumi.Output<string>;
    declare readonly cachePort: pulumi.Output<number>;
    /** Secret. */
    declare readonly cacheAuthToken: pulumi.Output<string>;
    declare readonly artifactStoreKind: pulumi.Output<string>;
    declare readonly artifactBucket: pulumi.Output<string>;
    declare readonly artifactStoreUri: pulumi.Output<string>;
    /** https://mlflow.<domain>: tracking server and model registry behind the gateway. */
    declare readonly mlflowUrl: pulumi.Output<string>;
    /** https://models.<domain>: InferenceServices under /v1/models/<name> and /v2/models/<name>. */
    declare readonly modelsUrl: pulumi.Output<string>;
    /** Namespace for InferenceServices (mesh-injected, read-only artifact-store identity). */
    declare readonly servingNamespace: pulumi.Output<string>;
    /** cert-manager ClusterIssuer for platform certificates. */
    declare readonly certificateIssuer: pulumi.Output<string>;
    /** The service account dependent teams' model servers run as (read-only artifact access). */
    declare readonly servingServiceAccount: pulumi.Output<string>;
    /** Labels those pods must carry (Azure: azure.workload.identity/use). */
    declare readonly servingPodLabels: pulumi.Output<Record<string, string>>;
    /** `<namespace>/<name>` of the gateway that model VirtualServices bind to. */
    declare readonly gateway: pulumi.Output<string>;
    /** Flagger's metric templates and the rollback limits a model release is held to. */
    declare readonly modelRelease: pulumi.Output<ModelReleasePolicy>;

    /**
     * @param args the platform's configuration, keyed as in the stack config; invalid input throws one
     *   ConfigError listing every problem before any resource is registered.
     * @param opts explicit cloud providers go in `providers` (e.g. `{ providers: { aws } }`); without
     *   one, the cloud module builds a provider for the configured region.
     */
    constructor(name: string, args: MlPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        const spec = parsePlatformConfig(rawConfigOf(args, pulumi.getStack()), pulumi.getProject(), pulumi.getStack());
        super(ML_PLATFORM_TYPE, name, {}, opts);
        const foundation = buildFoundation(spec, this);
        const layer = installPlatformLayer(foundation, spec, { parent: this });
        const outputs = platformOutputs(foundation, spec.environment, spec.kubernetesVersion, layer);
        internals.set(this, { spec, foundation, outputs });
        Object.assign(this, outputs);
        this.registerOutputs({ ...outputs });
    }

    /** The validated, defaulted configuration the platform was built from. */
    get spec(): PlatformSpec {
        return internals.get(this)!.spec;
    }

    /** The cloud foundation (cluster, data services, workload identity) the platform layer runs on. */
    get foundation(): Foundation {
        return internals.get(this)!.foundation;
    }

    /** The stack output contract (components/outputs.ts), the same keys on every cloud. */
    get outputs(): PlatformOutputs {
        return internals.get(this)!.outputs;
    }
}

/** Only the selected cloud's module (and so its SDK) is loaded. */
function buildFoundation(spec: PlatformSpec, parent: MlPlatform): Foundation {
    switch (spec.cloud) {
        case "aws": {
            const { createAwsFoundation } = require("../clouds/aws") as typeof import("../clouds/aws");
            return createAwsFoundation(spec, { parent, provider: parent.getProvider("aws::") as AwsProvider | undefined });
        }
        case "gcp": {
            const { createGcpFoundation } = require("../clouds/gcp") as typeof import("../clouds/gcp");
            return createGcpFoundation(spec, { parent, provider: parent.getProvider("gcp::") as GcpProvider | undefined });
        }
        case "azure": {
            const { createAzureFoundation } = require("../clouds/azure") as typeof import("../clouds/azure");
            return createAzureFoundation(spec, { parent, provider: parent.getProvider("azure-native::") as AzureProvider | undefined });
        }
        default:
            return assertNever(spec);
    }
}

function assertNever(value: never): never {
    throw new Error(`unsupported cloud: ${JSON.stringify(value)}`);
}
