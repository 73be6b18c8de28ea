/**
 * VNet over the configured range with three subnets: AKS nodes (pods get overlay addresses, so it
 * holds node IPs only), one delegated to PostgreSQL flexible server, and one for private endpoints.
 * Egress leaves through one NAT gateway; no subnet gets Azure's default outbound access.
 */
import * as pulumi from "@pulumi/pulumi";
import { NatGateway, PublicIPAddress, Subnet, VirtualNetwork, type SubnetArgs } from "@pulumi/azure-native/network";
import { subnet } from "../../components/config";
import { AzureComponent, placement, tags, type AzureContext } from "./context";

/** Address plan: the first quarter for nodes, then two /22-equivalents (for a /16) for the data services. */
export function subnetRanges(vnetCidr: string): { nodes: string; postgres: string; endpoints: string } {
    return {
        nodes: subnet(vnetCidr, 2, 0),
        postgres: subnet(vnetCidr, 6, 16),
        endpoints: subnet(vnetCidr, 6, 17),
    };
}

export class Network extends AzureComponent {
    readonly vnet: VirtualNetwork;
    readonly nodeSubnet: Subnet;
    readonly postgresSubnet: Subnet;
    readonly endpointSubnet: Subnet;
    readonly natGateway: NatGateway;

    constructor(name: string, ctx: AzureContext, opts: pulumi.ComponentResourceOptions) {
        super("Network", name, ctx, opts);
        const ranges = subnetRanges(ctx.spec.network.cidr);
        this.vnet = new VirtualNetwork(
            name,
            { ...placement(ctx), virtualNetworkName: name, addressSpace: { addressPrefixes: [ctx.spec.network.cidr] }, tags: tags(ctx) },
            // Subnets are separate resources below; the VNet must not try to own them.
            this.child({ ignoreChanges: ["subnets"] }),
        );
        this.natGateway = this.egress(name);

        // Subnets of one VNet are created one after another: ARM rejects concurrent subnet writes.
        this.nodeSubnet = this.subnet(`${name}-nodes`, { addressPrefix: ranges.nodes, natGateway: { id: this.natGateway.id } });
        this.postgresSubnet = this.subnet(
            `${name}-postgres`,
            { addressPrefix: ranges.postgres, delegations: [{ name: "postgres-flexible-server", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }] },
            [this.nodeSubnet],
        );
        this.endpointSubnet = this.subnet(
            `${name}-endpoints`,
            { addressPrefix: ranges.endpoints, privateEndpointNetworkPolicies: "Enabled" },
            [this.postgresSubnet],
        );
        this.registerOutputs({ vnetId: this.vnet.id, nodeSubnetId: this.nodeSubnet.id });
    }

    /** A NAT gateway with one static public IP: the cluster's only way out (outboundType userAssignedNATGateway). */
    private egress(name: string): NatGateway {
        const ip = new PublicIPAddress(
            `${name}-nat`,
            {
                ...placement(this.ctx),
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
                tags: tags(this.ctx),
            },
            this.child(),
        );
        return new NatGateway(
            name,
            { ...placement(this.ctx), sku: { name: "Standard" }, idleTimeoutInMinutes: 4, publicIpAddresses: [{ id: ip.id }], tags: tags(this.ctx) },
            this.child(),
        );
    }

    private subnet(
        name: string,
        args: Pick<SubnetArgs, "addressPrefix" | "natGateway" | "delegations" | "privateEndpointNetworkPolicies">,
        after: pulumi.Resource[] = [],
    ): Subnet {
        return new Subnet(
            name,
            {
                resourceGroupName: this.ctx.resourceGroupName,
                virtualNetworkName: this.vnet.name,
                subnetName: name,
                defaultOutboundAccess: false,
                ...args,
            },
            this.child({ dependsOn: after }),
        );
    }
}
