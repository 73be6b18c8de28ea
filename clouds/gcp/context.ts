/** What every GCP component needs: the spec, a name prefix, labels, placement and the provider. */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/gcp/provider";
import type { GcpPlatformSpec } from "../../components/config";

export interface GcpContext {
    spec: GcpPlatformSpec;
    /** Prefix of every name, e.g. ml-platform-production. */
    name: string;
    project: string;
    region: string;
    provider: Provider;
    /** The project number, which names Google's service agents. */
    projectNumber: pulumi.Output<string>;
    /** Zones the nodes run in (network.zoneCount of them). */
    zones: pulumi.Output<string[]>;
    /**
     * A regional control plane is replicated over three zones, so it follows a three-zone
     * network; with fewer zones the control plane is zonal (in the first zone).
     */
    regional: boolean;
    /** The project APIs (services) every resource waits for. */
    apis: pulumi.Resource[];
}

/** The labels every labelable resource carries (values are already GCP-label-safe). */
export function labels(ctx: GcpContext, extra: Record<string, string> = {}): Record<string, string> {
    return { ...ctx.spec.tags, ...extra };
}

/** Region for a regional cluster, the first zone for a zonal one. */
export function clusterLocation(ctx: GcpContext): pulumi.Output<string> {
    return ctx.regional ? pulumi.output(ctx.region) : ctx.zones.apply((zones) => zones[0]);
}

/** Base for the GCP components: children get the parent, the explicit provider and wait for the APIs. */
export abstract class GcpComponent extends pulumi.ComponentResource {
    protected constructor(
        type: string,
        name: string,
        protected readonly ctx: GcpContext,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super(`mlplatform:gcp:${type}`, name, {}, opts);
    }

    protected child(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        const dependsOn = [...this.ctx.apis, ...toArray(extra.dependsOn)];
        return { parent: this, provider: this.ctx.provider, ...extra, dependsOn };
    }

    /** Options for stateful resources: protected from deletion when the spec says so (production). */
    protected stateful(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return this.child({ protect: this.ctx.spec.protect, ...extra });
    }
}

function toArray(deps: pulumi.CustomResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    if (deps === undefined) return [];
    return Array.isArray(deps) ? deps : [deps as pulumi.Input<pulumi.Resource>];
}
