/**
 * MlPlatform: the cloud-agnostic component. It dispatches on the spec's cloud to build the
 * Foundation (cluster, database, cache, object store, identity), then the platform layer.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider as AwsProvider } from "@pulumi/aws/provider";
import type { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import type { Provider as GcpProvider } from "@pulumi/gcp/provider";
import { createAwsFoundation } from "../clouds/aws";
import { createAzureFoundation } from "../clouds/azure";
import { createGcpFoundation } from "../clouds/gcp";
import { installPlatformLayer } from "../k8s";
import type { PlatformSpec } from "./config";
import type { Foundation } from "./foundation";
import { platformOutputs, type PlatformOutputs } from "./outputs";

export interface MlPlatformArgs {
    spec: PlatformSpec;
    /** Explicit cloud providers; when absent each cloud module builds one from the spec's region. */
    providers?: { aws?: AwsProvider; gcp?: GcpProvider; azure?: AzureProvider };
}

export class MlPlatform extends pulumi.ComponentResource {
    readonly foundation: Foundation;
    readonly outputs: PlatformOutputs;

    constructor(name: string, args: MlPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlplatform:index:MlPlatform", name, {}, opts);
        const { spec } = args;
        this.foundation = buildFoundation(spec, args.providers ?? {}, this);
        const layer = installPlatformLayer(this.foundation, spec, { parent: this });
        this.outputs = platformOutputs(this.foundation, spec.environment, spec.kubernetesVersion, layer);
        this.registerOutputs({ ...this.outputs });
    }
}

function buildFoundation(spec: PlatformSpec, providers: NonNullable<MlPlatformArgs["providers"]>, parent: pulumi.Resource): Foundation {
    switch (spec.cloud) {
        case "aws":
            return createAwsFoundation(spec, { parent, provider: providers.aws });
        case "gcp":
            return createGcpFoundation(spec, { parent, provider: providers.gcp });
        case "azure":
            return createAzureFoundation(spec, { parent, provider: providers.azure });
        default:
            return assertNever(spec);
    }
}

function assertNever(value: never): never {
    throw new Error(`unsupported cloud: ${JSON.stringify(value)}`);
}
