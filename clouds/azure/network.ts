/**
 * VNet over the configured range: AKS node subnets (pods get overlay addresses, so they hold node
 * IPs only), one subnet delegated to PostgreSQL flexible server and one for private endpoints, each
 * with its own NSG. Egress leaves through NAT gateways; no subnet gets Azure's default outbound access.
 *
 * A subnet takes exactly one NAT gateway and a Standard NAT gateway lives in one zone, so
 * `natGateways: perZone` means one node subnet per zone, each with its own zonal NAT gateway and
 * public IP, and zonal node pools in it (nodePools.ts). `single` keeps one subnet and one gateway.
 */
import * as pulumi from "@pulumi/pulumi";
import { NatGateway, NetworkSecurityGroup, PublicIPAddress, Subnet, VirtualNetwork, type SubnetArgs } from "@pulumi/azure-native/network";
import { subnet } from "../../components/config";
import { AzureComponent, placement, tags, zones, type AzureContext } from "./context";
import { endpointRules, nodeRules, postgresRules, type SecurityRule } from "./securityRules";

export interface NodeSubnetPlan {
    /** The zone the subnet's NAT gateway and pools live in; undefined for the single, regional subnet. */
    zone?: string;
    cidr: string;
}

/** Address plan: the first quarter for nodes (split per zone when NAT is per zone), then the data services. */
export function subnetRanges(vnetCidr: string, nodeZones: (string | undefined)[]): { nodes: NodeSubnetPlan[]; postgres: string; endpoints: string } {
    const nodes = nodeZones.length === 1 && nodeZones[0] === undefined
        ? [{ cidr: subnet(vnetCidr, 2, 0) }]
        : nodeZones.map((zone, i) => ({ zone, cidr: subnet(vnetCidr, 4, i) }));
    return { nodes, postgres: subnet(vnetCidr, 6, 16), endpoints: subnet(vnetCidr, 6, 17) };
}

/** The zones that get their own node subnet and NAT gateway, or [undefined] for one regional gateway. */
export function natZones(ctx: AzureContext): (string | undefined)[] {
    return ctx.spec.network.natGateways === "perZone" ? zones(ctx) : [undefined];
}

export interface NodeSubnet {
    zone?: string;
    subnet: Subnet;
    natIp: PublicIPAddress;
}

export class Network extends AzureComponent {
    readonly vnet: VirtualNetwork;
    readonly nodeSubnets: NodeSubnet[];
    readonly postgresSubnet: Subnet;
    readonly endpointSubnet: Subnet;

    constructor(name: string, ctx: AzureContext, opts: pulumi.ComponentResourceOptions) {
        super("Network", name, ctx, opts);
        const ranges = subnetRanges(ctx.spec.network.cidr, natZones(ctx));
        const nodeCidrs = ranges.nodes.map((n) => n.cidr);
        this.vnet = new VirtualNetwork(
            name,
            { ...placement(ctx), virtualNetworkName: name, addressSpace: { addressPrefixes: [ctx.spec.network.cidr] }, tags: tags(ctx) },
            // Subnets are separate resources below; the VNet must not try to own them.
            this.child({ ignoreChanges: ["subnets"] }),
        );

        // Subnets of one VNet are created one after another: ARM rejects concurrent subnet writes.
        let previous: pulumi.Resource[] = [];
        const nodeNsg = this.nsg(`${name}-nodes`, nodeRules(ctx, nodeCidrs));
        this.nodeSubnets = ranges.nodes.map((plan) => {
            const suffix = plan.zone ? `-${plan.zone}` : "";
            const egress = this.egress(`${name}${suffix}`, plan.zone);
            const created = this.subnet(`${name}-nodes${suffix}`, { addressPrefix: plan.cidr, natGateway: { id: egress.gateway.id } }, nodeNsg, previous);
            previous = [created];
            return { zone: plan.zone, subnet: created, natIp: egress.ip };
        });
        this.postgresSubnet = this.subnet(
            `${name}-postgres`,
            { addressPrefix: ranges.postgres, delegations: [{ name: "postgres-flexible-server", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }] },
            this.nsg(`${name}-postgres`, postgresRules(ranges.postgres, nodeCidrs)),
            previous,
        );
        this.endpointSubnet = this.subnet(
            `${name}-endpoints`,
            // NSGs apply to private endpoints only with network policies enabled on the subnet.
            { addressPrefix: ranges.endpoints, privateEndpointNetworkPolicies: "Enabled" },
            this.nsg(`${name}-endpoints`, endpointRules(nodeCidrs)),
            [this.postgresSubnet],
        );
        this.registerOutputs({ vnetId: this.vnet.id, nodeSubnetIds: this.nodeSubnets.map((n) => n.subnet.id) });
    }

    /** A NAT gateway with one static public IP, zonal when `zone` is set (outboundType userAssignedNATGateway). */
    private egress(name: string, zone: string | undefined): { gateway: NatGateway; ip: PublicIPAddress } {
        const zonal = zone ? { zones: [zone] } : {};
        const ip = new PublicIPAddress(
            `${name}-nat`,
            {
                ...placement(this.ctx),
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
                ...zonal,
                tags: tags(this.ctx),
            },
            this.child(),
        );
        const gateway = new NatGateway(
            name,
            { ...placement(this.ctx), sku: { name: "Standard" }, idleTimeoutInMinutes: 4, publicIpAddresses: [{ id: ip.id }], ...zonal, tags: tags(this.ctx) },
            this.child(),
        );
        return { gateway, ip };
    }

    private nsg(name: string, rules: SecurityRule[]): NetworkSecurityGroup {
        return new NetworkSecurityGroup(
            name,
            { ...placement(this.ctx), networkSecurityGroupName: name, securityRules: rules.map((r) => ({ ...r, direction: "Inbound" })), tags: tags(this.ctx) },
            this.child(),
        );
    }

    private subnet(
        name: string,
        args: Pick<SubnetArgs, "addressPrefix" | "natGateway" | "delegations" | "privateEndpointNetworkPolicies">,
        nsg: NetworkSecurityGroup,
        after: pulumi.Resource[],
    ): Subnet {
        return new Subnet(
            name,
            {
                resourceGroupName: this.ctx.resourceGroupName,
                virtualNetworkName: this.vnet.name,
                subnetName: name,
                defaultOutboundAccess: false,
                networkSecurityGroup: { id: nsg.id },
                ...args,
            },
            this.child({ dependsOn: after }),
        );
    }
}
