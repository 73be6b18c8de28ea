/**
 * Built-in Azure role definitions by their well-known IDs (identical in every tenant), and a helper
 * that assigns one at a scope.
 */
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { Sleep } from "@pulumiverse/time";
import type { AzureContext } from "./context";

/**
 * How long a new role assignment is given to be honoured before anything uses it: Azure RBAC
 * changes take a while to reach the services that check them (Key Vault's data plane, the AKS API
 * server's Azure RBAC webhook). Microsoft's Azure Verified Modules wait 30-60 s after Key Vault
 * grants before key operations (wait_for_rbac_before_key_operations).
 */
export const ROLE_PROPAGATION = "60s";

export const BUILTIN_ROLES = {
    /** Read, write and delete blobs (data plane). */
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    /** Get a user-delegation key (storage account scope only): signed download URLs without account keys. */
    storageBlobDelegator: "db58b8e5-c6ad-4a2a-8342-4190687cbf4a",
    /** Read and list blobs (data plane); the control-plane "Reader" role grants no data access. */
    storageBlobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    /** cluster-admin through Azure RBAC for Kubernetes. */
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    /** Create and manage keys in an RBAC-authorized Key Vault. */
    keyVaultCryptoOfficer: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
    /** Wrap and unwrap with a key: what a service needs for customer-managed-key encryption. */
    keyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    /** Read secret contents (data plane): External Secrets Operator's readers, scoped to single secrets. */
    keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
    /** Join and read subnets: the AKS control-plane identity needs it on a bring-your-own VNet. */
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
} as const;

export type BuiltinRole = keyof typeof BUILTIN_ROLES;

export interface RoleGrant {
    role: BuiltinRole;
    principalId: pulumi.Input<string>;
    scope: pulumi.Input<string>;
    /** Managed identities are service principals; leave unset for the deployer (user or service principal). */
    principalType?: "ServicePrincipal";
    description: string;
}

export function assignRole(ctx: AzureContext, name: string, grant: RoleGrant, opts: pulumi.CustomResourceOptions): RoleAssignment {
    return new RoleAssignment(
        name,
        {
            principalId: grant.principalId,
            principalType: grant.principalType,
            scope: grant.scope,
            roleDefinitionId: pulumi.interpolate`/subscriptions/${ctx.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILTIN_ROLES[grant.role]}`,
            description: grant.description,
        },
        opts,
    );
}

/** A wait that completes ROLE_PROPAGATION after the grant exists: depend on it, not on the grant. */
export function afterPropagation(ctx: AzureContext, name: string, grant: RoleAssignment, parent: pulumi.Resource): Sleep {
    return new Sleep(`${name}-propagation`, { createDuration: ROLE_PROPAGATION }, { parent, provider: ctx.timeProvider, dependsOn: [grant] });
}
