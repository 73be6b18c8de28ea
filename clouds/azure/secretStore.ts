/**
 * The platform's credentials in its Key Vault, one JSON secret per entry; and the user-assigned
 * identities External Secrets Operator reads them as, each federated with one Kubernetes service
 * account and holding "Key Vault Secrets User" on exactly the secrets its namespace syncs.
 *
 * Secrets are written through ARM (Microsoft.KeyVault/vaults/secrets), as the vault's keys are, so
 * the deployer needs no path to the vault's private data plane; ESO reads them from inside the VNet
 * through the vault's private endpoint. Key Vault encrypts secrets with its own HSM-protected keys:
 * the vault is the platform's key store, and it cannot take another customer-managed key.
 * The value is written once: an operator rotates it with a new secret version
 * (docs/runbooks/rotate-database-password.md), and `ignoreChanges` keeps the program from writing
 * the stack's original value back.
 */
import * as pulumi from "@pulumi/pulumi";
import { Secret, type Vault } from "@pulumi/azure-native/keyvault";
import { secretStoreFacts, type IdentityBinding, type SecretStoreEntry, type SecretStoreFacts, type SecretStoreIdentityRequest, type PlatformCredentials } from "../../components/foundation";
import { AzureComponent, tags, type AzureContext } from "./context";
import { federatedIdentity } from "./identity";
import { afterPropagation, assignRole } from "./roles";

export interface SecretStoreArgs extends PlatformCredentials {
    vault: Vault;
    oidcIssuer: pulumi.Output<string>;
}

export class SecretStore extends AzureComponent {
    readonly facts: SecretStoreFacts;

    constructor(name: string, ctx: AzureContext, private readonly args: SecretStoreArgs, opts: pulumi.ComponentResourceOptions) {
        super("SecretStore", name, ctx, opts);
        const provider = { kind: "azureKeyVault" as const, vaultUrl: args.vault.properties.vaultUri.apply((u) => u!), tenantId: ctx.spec.azure.tenantId };
        this.facts = secretStoreFacts(provider, args, (entry, values) => this.put(entry, values));
        this.registerOutputs({ database: this.facts.database.id, cache: this.facts.cache.id });
    }

    put(entry: string, values: Record<string, pulumi.Input<string>>): SecretStoreEntry {
        const secret = new Secret(
            `${this.ctx.name}-${entry}`,
            {
                resourceGroupName: this.ctx.resourceGroupName,
                vaultName: this.args.vault.name,
                // Key Vault secret names: letters, digits and dashes.
                secretName: entry,
                properties: { value: pulumi.secret(pulumi.jsonStringify(values)), contentType: "application/json", attributes: { enabled: true } },
                tags: tags(this.ctx),
            },
            // Tags live on each version in Key Vault: a rotation's new version has none, and a refresh that
            // restored them would write the stack's original value as a new current version.
            this.stateful({ ignoreChanges: ["properties", "tags"] }),
        );
        return { name: entry, key: pulumi.output(entry), id: secret.id, properties: Object.keys(values), ready: secret };
    }

    /** A federated identity with "Key Vault Secrets User" on exactly the requested secrets, usable once the grants have propagated. */
    bindReader(request: SecretStoreIdentityRequest): IdentityBinding {
        const opts = this.child();
        const { name, identity, federation } = federatedIdentity(this.ctx, request, this.args.oidcIssuer, opts);
        const waits = request.entries.map((entry) => {
            const grantName = `${name}-${entry.name}`;
            const grant = assignRole(
                this.ctx,
                grantName,
                {
                    role: "keyVaultSecretsUser",
                    principalId: identity.principalId,
                    principalType: "ServicePrincipal",
                    scope: entry.id,
                    description: `${request.namespace}/${request.serviceAccount}: External Secrets Operator reads ${entry.name}`,
                },
                opts,
            );
            return afterPropagation(this.ctx, grantName, grant, this);
        });
        const clientId = pulumi.all([identity.clientId, federation.id, ...waits.map((w) => w.id)]).apply(([id]) => id as string);
        return {
            serviceAccountAnnotations: clientId.apply((id): Record<string, string> => ({
                "azure.workload.identity/client-id": id,
                "azure.workload.identity/tenant-id": this.ctx.spec.azure.tenantId,
            })),
            podLabels: {},
            clientId,
        };
    }
}
