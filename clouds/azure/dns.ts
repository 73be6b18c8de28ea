/**
 * Private DNS zones linked to the VNet, so names of the private endpoints (blob, Managed Redis, Key Vault) and
 * of the VNet-integrated PostgreSQL server resolve to private addresses inside the VNet.
 */
import * as pulumi from "@pulumi/pulumi";
import { PrivateZone, VirtualNetworkLink } from "@pulumi/azure-native/privatedns";
import type { VirtualNetwork } from "@pulumi/azure-native/network";
import { AzureComponent, tags, type AzureContext } from "./context";

/** Zone names Azure expects for each private endpoint group. */
export const PRIVATE_LINK_ZONES = {
    blob: "privatelink.blob.core.windows.net",
    redisEnterprise: "privatelink.redis.azure.net",
    vault: "privatelink.vaultcore.azure.net",
} as const;

export type PrivateLinkGroup = keyof typeof PRIVATE_LINK_ZONES;

export class PrivateDns extends AzureComponent {
    readonly zones: Record<PrivateLinkGroup, PrivateZone>;
    /** The zone the PostgreSQL flexible server registers its name in (must end in postgres.database.azure.com). */
    readonly postgres: PrivateZone;
    /** The server can only be created once its zone is linked to the VNet. */
    readonly postgresLink: VirtualNetworkLink;

    constructor(name: string, ctx: AzureContext, args: { vnet: VirtualNetwork }, opts: pulumi.ComponentResourceOptions) {
        super("PrivateDns", name, ctx, opts);
        this.zones = {
            blob: this.linkedZone(`${name}-blob`, PRIVATE_LINK_ZONES.blob, args.vnet).zone,
            redisEnterprise: this.linkedZone(`${name}-redis`, PRIVATE_LINK_ZONES.redisEnterprise, args.vnet).zone,
            vault: this.linkedZone(`${name}-vault`, PRIVATE_LINK_ZONES.vault, args.vnet).zone,
        };
        const postgres = this.linkedZone(`${name}-postgres`, `${name}.private.postgres.database.azure.com`, args.vnet);
        this.postgres = postgres.zone;
        this.postgresLink = postgres.link;
        this.registerOutputs({ zones: Object.values(this.zones).map((z) => z.name) });
    }

    private linkedZone(name: string, zoneName: string, vnet: VirtualNetwork): { zone: PrivateZone; link: VirtualNetworkLink } {
        const zone = new PrivateZone(
            name,
            { resourceGroupName: this.ctx.resourceGroupName, privateZoneName: zoneName, location: "Global", tags: tags(this.ctx) },
            this.child(),
        );
        const link = new VirtualNetworkLink(
            name,
            {
                resourceGroupName: this.ctx.resourceGroupName,
                privateZoneName: zone.name,
                location: "Global",
                virtualNetwork: { id: vnet.id },
                registrationEnabled: false,
                tags: tags(this.ctx),
            },
            this.child(),
        );
        return { zone, link };
    }
}
