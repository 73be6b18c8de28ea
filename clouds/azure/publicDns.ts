/**
 * The stack's public Azure DNS zone for `platform.domain`, and federated managed identities that may
 * change records in that zone only (cert-manager's DNS-01 TXT records, external-dns's records).
 */
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { Zone } from "@pulumi/azure-native/dns";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import type { DnsIdentityRequest, IdentityBinding, PublicDnsFacts } from "../../components/foundation";
import { AzureComponent, placement, tags, type AzureContext } from "./context";
import { TOKEN_EXCHANGE_AUDIENCE } from "./identity";

/** Built-in "DNS Zone Contributor": manage zones and record sets, nothing else. */
const DNS_ZONE_CONTRIBUTOR = "befefa01-2a29-4197-83a8-272ff33ce314";

export class PublicDns extends AzureComponent {
    readonly zone: Zone;
    readonly facts: PublicDnsFacts;
    private readonly oidcIssuer: pulumi.Output<string>;

    constructor(name: string, ctx: AzureContext, args: { domain: string; tenantId: string; oidcIssuer: pulumi.Output<string> }, opts: pulumi.ComponentResourceOptions) {
        super("PublicDns", name, ctx, opts);
        this.oidcIssuer = args.oidcIssuer;
        this.zone = new Zone(
            name,
            { resourceGroupName: ctx.resourceGroupName, zoneName: args.domain, location: "global", zoneType: "Public", tags: tags(ctx) },
            this.stateful(),
        );
        this.facts = {
            provider: "azureDns",
            zoneName: args.domain,
            tenantId: args.tenantId,
            subscriptionId: ctx.subscriptionId,
            resourceGroupName: ctx.resourceGroupName,
            nameServers: this.zone.nameServers,
        };
        this.registerOutputs({ nameServers: this.zone.nameServers });
    }

    bind(request: DnsIdentityRequest): IdentityBinding {
        const name = `${this.ctx.name}-${request.namespace}-${request.serviceAccount}`;
        const identity = new UserAssignedIdentity(name, { ...placement(this.ctx), tags: tags(this.ctx) }, this.child());
        const federation = new FederatedIdentityCredential(
            name,
            {
                resourceGroupName: this.ctx.resourceGroupName,
                resourceName: identity.name,
                issuer: this.oidcIssuer,
                subject: `system:serviceaccount:${request.namespace}:${request.serviceAccount}`,
                audiences: [TOKEN_EXCHANGE_AUDIENCE],
            },
            this.child(),
        );
        const grant = new RoleAssignment(
            `${name}-dns`,
            {
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                scope: this.zone.id,
                roleDefinitionId: pulumi.interpolate`/subscriptions/${this.ctx.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${DNS_ZONE_CONTRIBUTOR}`,
                description: `${request.namespace}/${request.serviceAccount}: records in the public zone`,
            },
            this.child(),
        );
        // The client ID resolves once the federation and the grant exist, so pods never start without them.
        const clientId = pulumi.all([identity.clientId, federation.id, grant.id]).apply(([id]) => id);
        return {
            serviceAccountAnnotations: clientId.apply((id): Record<string, string> => ({ "azure.workload.identity/client-id": id })),
            podLabels: { "azure.workload.identity/use": "true" },
            clientId,
        };
    }
}
