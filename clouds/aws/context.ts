/** What every AWS component needs: the spec, a name prefix, the tags and the provider. */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/aws/provider";
import type { AwsPlatformSpec } from "../../components/config";

export interface AwsContext {
    spec: AwsPlatformSpec;
    /** Prefix of every name, e.g. ml-platform-production. */
    name: string;
    region: string;
    provider: Provider;
    accountId: pulumi.Output<string>;
    partition: pulumi.Output<string>;
}

export function tags(ctx: AwsContext, extra: Record<string, string> = {}): Record<string, string> {
    return { ...ctx.spec.tags, ...extra };
}

/** Base for the AWS components: children get the parent and the explicit provider. */
export abstract class AwsComponent extends pulumi.ComponentResource {
    protected constructor(
        type: string,
        name: string,
        protected readonly ctx: AwsContext,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super(`mlplatform:aws:${type}`, name, {}, opts);
    }

    protected child(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return { parent: this, provider: this.ctx.provider, ...extra };
    }

    /** Options for stateful resources: protected from deletion in production. */
    protected stateful(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return this.child({ protect: this.ctx.spec.protect, ...extra });
    }
}
