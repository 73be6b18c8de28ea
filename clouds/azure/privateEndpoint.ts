import type * as pulumi from "@pulumi/pulumi";
import { PrivateDnsZoneGroup, PrivateEndpoint, type Subnet } from "@pulumi/azure-native/network";
import { placement, tags, type AzureContext } from "./context";
import type { PrivateDns, PrivateLinkGroup } from "./dns";

export interface PrivateEndpointArgs {
    /** The resource the endpoint connects to. */
    resourceId: pulumi.Input<string>;
    group: PrivateLinkGroup;
    subnet: Subnet;
    dns: PrivateDns;
}

/** A private endpoint in the endpoint subnet, registered in the matching private DNS zone. */
export function privateEndpoint(ctx: AzureContext, name: string, args: PrivateEndpointArgs, opts: pulumi.CustomResourceOptions): PrivateEndpoint {
    const endpoint = new PrivateEndpoint(
        name,
        {
            ...placement(ctx),
            subnet: { id: args.subnet.id },
            privateLinkServiceConnections: [{ name, privateLinkServiceId: args.resourceId, groupIds: [args.group] }],
            tags: tags(ctx),
        },
        opts,
    );
    new PrivateDnsZoneGroup(
        name,
        {
            resourceGroupName: ctx.resourceGroupName,
            privateEndpointName: endpoint.name,
            privateDnsZoneGroupName: "default",
            privateDnsZoneConfigs: [{ name: args.group, privateDnsZoneId: args.dns.zones[args.group].id }],
        },
        opts,
    );
    return endpoint;
}
