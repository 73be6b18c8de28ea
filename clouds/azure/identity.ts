/**
 * Workload identity on AKS: each Kubernetes service account that needs the artifact store gets its
 * own user-assigned identity, federated with the cluster's OIDC issuer for exactly that service
 * account, and a data-plane role on the artifact container only. No keys or secrets anywhere.
 */
import * as pulumi from "@pulumi/pulumi";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import type { BlobContainer } from "@pulumi/azure-native/storage";
import type { IdentityBinding, ObjectStoreAccess, WorkloadIdentityRequest } from "../../components/foundation";
import { AzureComponent, placement, tags, type AzureContext } from "./context";
import { afterPropagation, assignRole, type BuiltinRole } from "./roles";

export interface WorkloadIdentityArgs {
    oidcIssuer: pulumi.Output<string>;
    container: BlobContainer;
}

/** Experiment tracking writes artifacts; serving only reads models. */
export const CONTAINER_ROLES: Record<ObjectStoreAccess, BuiltinRole> = {
    objectStoreReadWrite: "storageBlobDataContributor",
    objectStoreRead: "storageBlobDataReader",
};

/** The audience AKS workload identity tokens carry for Entra ID token exchange. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export class WorkloadIdentity extends AzureComponent {
    constructor(
        name: string,
        ctx: AzureContext,
        private readonly args: WorkloadIdentityArgs,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super("WorkloadIdentity", name, ctx, opts);
        this.registerOutputs({});
    }

    bind(request: WorkloadIdentityRequest): IdentityBinding {
        const opts = { parent: this, provider: this.ctx.provider };
        const { name, identity, federation } = federatedIdentity(this.ctx, request, this.args.oidcIssuer, opts);
        const grant = assignRole(
            this.ctx,
            `${name}-artifacts`,
            {
                role: CONTAINER_ROLES[request.access],
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                scope: this.args.container.id,
                description: `${request.namespace}/${request.serviceAccount}: ${request.access} on the artifact container`,
            },
            opts,
        );
        return {
            // After the federation and the role have propagated: a pod started earlier gets
            // AADSTS70021 or 403 at start, and a chart that waits for readiness can time out.
            serviceAccountAnnotations: pulumi
                .all([identity.clientId, federation.id, afterPropagation(this.ctx, `${name}-artifacts`, grant, this).id])
                .apply(([clientId]): Record<string, string> => ({ "azure.workload.identity/client-id": clientId })),
            podLabels: { "azure.workload.identity/use": "true" },
        };
    }
}

/**
 * A user-assigned identity for one Kubernetes service account, federated with the cluster's OIDC
 * issuer for exactly that account (the resource name every binder here uses).
 */
export function federatedIdentity(
    ctx: AzureContext,
    k8s: { namespace: string; serviceAccount: string },
    oidcIssuer: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): { name: string; identity: UserAssignedIdentity; federation: FederatedIdentityCredential } {
    const name = `${ctx.name}-${k8s.namespace}-${k8s.serviceAccount}`;
    const identity = new UserAssignedIdentity(name, { ...placement(ctx), tags: tags(ctx) }, opts);
    const federation = new FederatedIdentityCredential(
        name,
        {
            resourceGroupName: ctx.resourceGroupName,
            resourceName: identity.name,
            issuer: oidcIssuer,
            subject: `system:serviceaccount:${k8s.namespace}:${k8s.serviceAccount}`,
            audiences: [TOKEN_EXCHANGE_AUDIENCE],
        },
        opts,
    );
    return { name, identity, federation };
}
