/**
 * Inbound NSG rules per subnet. Azure's default rules stay underneath (VNet and load-balancer
 * inbound allowed, internet inbound denied). The node rules are the ones AKS documents for custom
 * NSGs with Azure CNI overlay: pod traffic is not encapsulated and the overlay pod range is not part
 * of the VNet, so node-to-node, node-to-pod and pod-to-pod traffic is allowed explicitly.
 */
import type { AzureContext } from "./context";

export interface SecurityRule {
    name: string;
    priority: number;
    access: "Allow" | "Deny";
    protocol: "*" | "Tcp" | "Udp";
    sourceAddressPrefixes?: string[];
    sourceAddressPrefix?: string;
    sourcePortRange: "*";
    destinationAddressPrefixes?: string[];
    destinationAddressPrefix?: string;
    destinationPortRanges?: string[];
    destinationPortRange?: string;
    description: string;
}

function allow(name: string, priority: number, from: string[] | string, to: string[] | string, ports: string[] | "*", protocol: SecurityRule["protocol"], description: string): SecurityRule {
    return {
        name,
        priority,
        access: "Allow",
        protocol,
        ...(Array.isArray(from) ? { sourceAddressPrefixes: from } : { sourceAddressPrefix: from }),
        sourcePortRange: "*",
        ...(Array.isArray(to) ? { destinationAddressPrefixes: to } : { destinationAddressPrefix: to }),
        ...(ports === "*" ? { destinationPortRange: "*" } : { destinationPortRanges: ports }),
        description,
    };
}

function denyRest(description: string): SecurityRule {
    return {
        name: "deny-vnet-inbound",
        priority: 4000,
        access: "Deny",
        protocol: "*",
        sourceAddressPrefix: "VirtualNetwork",
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        destinationPortRange: "*",
        description,
    };
}

export function nodeRules(ctx: AzureContext, nodeCidrs: string[]): SecurityRule[] {
    const pods = ctx.spec.network.podCidr;
    const rules = [
        allow("allow-node-to-node", 100, nodeCidrs, nodeCidrs, "*", "*", "AKS: node-to-node communication"),
        allow("allow-node-to-pod", 110, nodeCidrs, pods, "*", "*", "AKS CNI overlay: service traffic routing"),
        allow("allow-pod-to-pod", 120, pods, pods, "*", "*", "AKS CNI overlay: pod-to-pod and pod-to-service traffic, including DNS"),
        allow("allow-load-balancer", 130, "AzureLoadBalancer", "*", "*", "*", "Azure Load Balancer health probes"),
    ];
    const runners = ctx.spec.cluster.privateApiAllowedCidrs;
    if (runners.length > 0) {
        // The private API server's endpoint sits in the node subnet. Peered and VPN-connected ranges are
        // also inside the VirtualNetwork tag that Azure's default rule admits; this rule names the runner.
        rules.push(allow("allow-runner-api", 140, runners, nodeCidrs, ["443"], "Tcp", "Deploying runners reach the private API server"));
    }
    if (ctx.spec.platform.gatewayExposure === "external") {
        // Floating-IP load balancing keeps the public frontend as destination.
        rules.push(allow("allow-gateway-https", 150, "Internet", "*", ["80", "443"], "Tcp", "The internet-facing gateway (HTTP-01 and HTTPS)"));
    }
    return rules;
}

export function postgresRules(postgresCidr: string, nodeCidrs: string[]): SecurityRule[] {
    return [
        allow("allow-nodes-postgres", 100, nodeCidrs, postgresCidr, ["5432"], "Tcp", "Cluster nodes (pods are SNATed to node IPs) reach PostgreSQL"),
        allow("allow-subnet-internal", 110, postgresCidr, postgresCidr, "*", "*", "Flexible server high-availability replication inside the delegated subnet"),
        denyRest("Nothing else in the VNet reaches the database subnet"),
    ];
}

export function endpointRules(nodeCidrs: string[]): SecurityRule[] {
    return [
        // 443: Blob and Key Vault; 10000: Managed Redis.
        allow("allow-nodes-endpoints", 100, nodeCidrs, "*", ["443", "10000"], "Tcp", "Cluster nodes reach the private endpoints"),
        denyRest("Nothing else in the VNet reaches the private endpoints"),
    ];
}
