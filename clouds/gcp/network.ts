/**
 * A custom-mode VPC: one regional subnet for the nodes with secondary ranges for pods and
 * services, flow logs on, egress through Cloud NAT (no node has a public IP), and private
 * services access, a peered range through which Cloud SQL and Memorystore get private IPs.
 */
import * as pulumi from "@pulumi/pulumi";
import { Firewall, GlobalAddress, Network as Vpc, Router, RouterNat, Subnetwork } from "@pulumi/gcp/compute";
import { Connection } from "@pulumi/gcp/servicenetworking";
import { parseCidr, subnet } from "../../components/config";
import { GcpComponent, labels, type GcpContext } from "./context";

export const SECONDARY_RANGES = { pods: "pods", services: "services" } as const;

/**
 * Pod ports the control plane calls on nodes: admission webhooks and aggregated APIs of the
 * platform layer (k8s/networkPolicyBuilder.ts, from the components' declarations). GKE's own rule for private clusters opens only 443 and 10250;
 * 10250 is repeated so the platform does not depend on that rule's contents.
 * istiod 15017, cert-manager and prometheus-operator 10250, KServe and KEDA webhooks 9443,
 * KEDA's external metrics API server 6443.
 */
export const CONTROL_PLANE_PORTS = ["6443", "9443", "10250", "15017"];

export interface NetworkArgs {
    /** The nodes' service account: the firewall rule for webhooks targets it. */
    nodeServiceAccountEmail: pulumi.Input<string>;
}

export class Network extends GcpComponent {
    readonly vpc: Vpc;
    readonly subnet: Subnetwork;
    /** The private services access range: Cloud SQL and Memorystore take their IPs from it. */
    readonly privateServicesRange: GlobalAddress;
    /** Cloud SQL and Memorystore wait for the peering. */
    readonly privateServicesConnection: Connection;

    constructor(name: string, ctx: GcpContext, args: NetworkArgs, opts: pulumi.ComponentResourceOptions) {
        super("Network", name, ctx, opts);
        const net = ctx.spec.network;
        this.vpc = new Vpc(
            name,
            {
                project: ctx.project,
                name,
                description: `${ctx.name} platform network`,
                autoCreateSubnetworks: false,
                routingMode: "REGIONAL",
            },
            this.child(),
        );
        // Nodes only: pods and services live in the secondary ranges, so a /20 of a /16 is ample.
        this.subnet = new Subnetwork(
            `${name}-nodes`,
            {
                project: ctx.project,
                name: `${name}-nodes`,
                region: ctx.region,
                network: this.vpc.id,
                ipCidrRange: subnet(net.cidr, 4, 0),
                secondaryIpRanges: [
                    { rangeName: SECONDARY_RANGES.pods, ipCidrRange: net.podCidr },
                    { rangeName: SECONDARY_RANGES.services, ipCidrRange: net.serviceCidr },
                ],
                privateIpGoogleAccess: true,
                stackType: "IPV4_ONLY",
                logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
            },
            this.child(),
        );
        this.cloudNat(name);
        this.allowControlPlaneWebhooks(name, args.nodeServiceAccountEmail);
        const { range, connection } = this.privateServicesAccess(name);
        this.privateServicesRange = range;
        this.privateServicesConnection = connection;
        this.registerOutputs({ network: this.vpc.id, subnet: this.subnet.id });
    }

    /** Cloud NAT is regional and zone-redundant by itself: `natGateways` has no GCP counterpart. */
    private cloudNat(name: string): void {
        const router = new Router(
            name,
            { project: this.ctx.project, name, region: this.ctx.region, network: this.vpc.id, description: `${this.ctx.name} egress` },
            this.child(),
        );
        new RouterNat(
            name,
            {
                project: this.ctx.project,
                name,
                region: this.ctx.region,
                router: router.name,
                natIpAllocateOption: "AUTO_ONLY",
                sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
                subnetworks: [{ name: this.subnet.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
                enableEndpointIndependentMapping: false,
                enableDynamicPortAllocation: true,
                minPortsPerVm: 64,
                maxPortsPerVm: 4096,
                logConfig: { enable: true, filter: "ERRORS_ONLY" },
            },
            this.child(),
        );
    }

    private allowControlPlaneWebhooks(name: string, nodeServiceAccountEmail: pulumi.Input<string>): void {
        new Firewall(
            `${name}-control-plane-webhooks`,
            {
                project: this.ctx.project,
                name: `${name}-control-plane-webhooks`,
                description: "Webhooks and aggregated APIs: GKE control plane to node pods",
                network: this.vpc.id,
                direction: "INGRESS",
                priority: 1000,
                sourceRanges: [this.ctx.spec.gcp.masterCidr],
                targetServiceAccounts: [nodeServiceAccountEmail],
                allows: [{ protocol: "tcp", ports: CONTROL_PLANE_PORTS }],
                logConfig: { metadata: "INCLUDE_ALL_METADATA" },
            },
            this.child(),
        );
    }

    private privateServicesAccess(name: string): { range: GlobalAddress; connection: Connection } {
        const cidr = parseCidr(this.ctx.spec.gcp.privateServicesCidr)!;
        const [address] = this.ctx.spec.gcp.privateServicesCidr.split("/");
        const range = new GlobalAddress(
            `${name}-private-services`,
            {
                project: this.ctx.project,
                name: `${name}-private-services`,
                description: "Private services access (Cloud SQL, Memorystore)",
                network: this.vpc.id,
                purpose: "VPC_PEERING",
                addressType: "INTERNAL",
                address,
                prefixLength: cidr.prefix,
                labels: labels(this.ctx),
            },
            this.child(),
        );
        const connection = new Connection(
            `${name}-private-services`,
            {
                network: this.vpc.id,
                service: "servicenetworking.googleapis.com",
                reservedPeeringRanges: [range.name],
                // Google keeps the producer network for days after the last instance is gone, and
                // deleting the peering before then fails: abandon it and let the VPC's deletion remove it.
                deletionPolicy: "ABANDON",
            },
            this.child(),
        );
        return { range, connection };
    }
}
