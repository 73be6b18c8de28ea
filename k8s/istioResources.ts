/** Typed constructors for the Istio and cert-manager custom resources the layer creates. */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";

export interface CustomResourceArgs {
    apiVersion: string;
    kind: string;
    name: string;
    namespace?: pulumi.Input<string>;
    labels: Record<string, string>;
    spec: pulumi.Input<Record<string, unknown>>;
}

export function customResource(resourceName: string, args: CustomResourceArgs, opts: pulumi.CustomResourceOptions): CustomResource {
    return new CustomResource(
        resourceName,
        {
            apiVersion: args.apiVersion,
            kind: args.kind,
            metadata: { name: args.name, ...(args.namespace ? { namespace: args.namespace } : {}), labels: args.labels },
            spec: args.spec,
        },
        opts,
    );
}

export const ISTIO_SECURITY = "security.istio.io/v1";
export const ISTIO_NETWORKING = "networking.istio.io/v1";

/** SPIFFE-style principal of a service account, as AuthorizationPolicies name it. */
export function principal(namespace: string, serviceAccount: string): string {
    return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}
