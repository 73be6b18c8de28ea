/**
 * The stack's public Azure DNS zone for `platform.domain`, and federated managed identities that may
 * change records in that zone only (cert-manager's DNS-01 TXT records, external-dns's records).
 */
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment, RoleDefinition } from "@pulumi/azure-native/authorization";
import { Zone } from "@pulumi/azure-native/dns";
import type { DnsIdentityRequest, IdentityBinding, PublicDnsFacts } from "../../components/foundation";
import { AzureComponent, tags, type AzureContext } from "./context";
import { federatedIdentity } from "./identity";

/** Built-in "DNS Zone Contributor": manage zones and record sets, nothing else. */
const DNS_ZONE_CONTRIBUTOR = "befefa01-2a29-4197-83a8-272ff33ce314";


export class PublicDns extends AzureComponent {
    readonly zone: Zone;
    readonly facts: PublicDnsFacts;
    private readonly oidcIssuer: pulumi.Output<string>;
    private zoneLister?: RoleDefinition;

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
        const { name, identity, federation } = federatedIdentity(this.ctx, request, this.oidcIssuer, this.child());
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
        // external-dns finds its zones by listing the resource group's zones, which needs a read at
        // that scope (its Azure tutorial: "reader to the resource group containing the zone").
        const lister = new RoleAssignment(
            `${name}-dns-list`,
            {
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                scope: this.resourceGroupScope(),
                roleDefinitionId: this.zoneListerRole().id,
                description: `${request.namespace}/${request.serviceAccount}: list the resource group's DNS zones`,
            },
            this.child(),
        );
        // The client ID resolves once the federation and the grants exist, so pods never start without them.
        const clientId = pulumi.all([identity.clientId, federation.id, grant.id, lister.id]).apply(([id]) => id);
        return {
            serviceAccountAnnotations: clientId.apply((id): Record<string, string> => ({ "azure.workload.identity/client-id": id })),
            podLabels: { "azure.workload.identity/use": "true" },
            clientId,
        };
    }
    private resourceGroupScope(): pulumi.Output<string> {
        return pulumi.interpolate`/subscriptions/${this.ctx.subscriptionId}/resourceGroups/${this.ctx.resourceGroupName}`;
    }

    /** A custom role that may only read DNS zones: narrower than the built-in Reader on the group. */
    private zoneListerRole(): RoleDefinition {
        this.zoneLister ??= new RoleDefinition(
            `${this.ctx.name}-dns-zone-lister`,
            {
                scope: this.resourceGroupScope(),
                assignableScopes: [this.resourceGroupScope()],
                roleName: `${this.ctx.name} DNS zone lister`,
                roleType: "CustomRole",
                description: "List and read the resource group's DNS zones (external-dns discovers its zones this way).",
                permissions: [{ actions: ["Microsoft.Network/dnszones/read"], notActions: [], dataActions: [], notDataActions: [] }],
            },
            this.child(),
        );
        return this.zoneLister;
    }
}
