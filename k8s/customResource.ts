/** One constructor for the custom resources components create (Istio, cert-manager, Prometheus Operator). */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";

export interface CustomResourceArgs {
    apiVersion: string;
    kind: string;
    name: string;
    namespace?: pulumi.Input<string>;
    labels: Record<string, string>;
    /** e.g. `pulumi.com/waitFor` for a kind Pulumi has no readiness logic for. */
    annotations?: Record<string, string>;
    spec: pulumi.Input<Record<string, unknown>>;
}

export function customResource(resourceName: string, args: CustomResourceArgs, opts: pulumi.CustomResourceOptions): CustomResource {
    return new CustomResource(
        resourceName,
        {
            apiVersion: args.apiVersion,
            kind: args.kind,
            metadata: { name: args.name, ...(args.namespace ? { namespace: args.namespace } : {}), labels: args.labels, ...(args.annotations ? { annotations: args.annotations } : {}) },
            spec: args.spec,
        },
        opts,
    );
}
