/** What every Azure component needs: the spec, a name prefix, the resource group, tags and the provider. */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/azure-native/provider";
import type { Provider as TimeProvider } from "@pulumiverse/time";
import type { AzurePlatformSpec } from "../../components/config";

export interface AzureContext {
    spec: AzurePlatformSpec;
    /** Prefix of every name, e.g. ml-platform-production. */
    name: string;
    location: string;
    provider: Provider;
    /** For the waits after role assignments. */
    timeProvider: TimeProvider;
    /** The resource group every resource lives in. */
    resourceGroupName: pulumi.Output<string>;
    subscriptionId: pulumi.Output<string>;
    /** The principal running `pulumi up`: it needs cluster-admin and key management. */
    deployerObjectId: pulumi.Output<string>;
    /**
     * Random hex shared by the globally unique names (storage account, Key Vault), fixed at creation,
     * so the names stay stable and two stacks with the same project and stack name never collide.
     */
    uniqueSuffix: pulumi.Output<string>;
}

export function tags(ctx: AzureContext, extra: Record<string, string> = {}): Record<string, string> {
    return { ...ctx.spec.tags, ...extra };
}

/** Resource group and location, which almost every azure-native resource takes. */
export function placement(ctx: AzureContext): { resourceGroupName: pulumi.Output<string>; location: string } {
    return { resourceGroupName: ctx.resourceGroupName, location: ctx.location };
}

/** Base for the Azure components: children get the parent and the explicit provider. */
export abstract class AzureComponent extends pulumi.ComponentResource {
    protected constructor(
        type: string,
        name: string,
        protected readonly ctx: AzureContext,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super(`mlplatform:azure:${type}`, name, {}, opts);
    }

    protected child(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return { parent: this, provider: this.ctx.provider, ...extra };
    }

    /** Options for stateful resources: protected from deletion when the spec says so (production). */
    protected stateful(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return this.child({ protect: this.ctx.spec.protect, ...extra });
    }
}

/** Availability zones "1".."n" for the configured zone count. */
export function zones(ctx: AzureContext): string[] {
    return ["1", "2", "3"].slice(0, ctx.spec.network.zoneCount);
}

/** Lowercase letters and digits of the project and stack, for names that allow nothing else. */
export function compactName(ctx: AzureContext, max: number): string {
    return `${ctx.spec.project}${ctx.spec.stack}`.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, max);
}
