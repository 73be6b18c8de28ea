/**
 * AKS: Entra ID with Azure RBAC and no local accounts, a user-assigned control-plane identity, a
 * private API server (or a public one restricted to the configured ranges), Azure CNI overlay with
 * Cilium network policy, OIDC issuer and workload identity, auto-upgrades, Container Insights to a
 * Log Analytics workspace and the Key Vault secrets provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { ManagedCluster } from "@pulumi/azure-native/containerservice";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import type { Subnet } from "@pulumi/azure-native/network";
import { Workspace } from "@pulumi/azure-native/operationalinsights";
import type { RoleAssignment } from "@pulumi/azure-native/authorization";
import { formatCidr, parseCidr } from "../../components/config/cidr";
import { AzureComponent, placement, tags, type AzureContext } from "./context";
import { aksKubeconfig } from "./kubeconfig";
import { systemPoolProfile } from "./nodePools";
import { assignRole } from "./roles";

export interface ClusterArgs {
    nodeSubnet: Subnet;
}

/** Log Analytics keeps data interactively for 30 to 730 days. */
function workspaceRetentionDays(days: number): number {
    return Math.min(Math.max(days, 30), 730);
}

export class AksCluster extends AzureComponent {
    readonly cluster: ManagedCluster;
    readonly kubeconfig: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly oidcIssuer: pulumi.Output<string>;
    /** Complete once the deployer is cluster-admin: Kubernetes objects wait for it. */
    readonly deployerAccess: RoleAssignment;

    constructor(name: string, ctx: AzureContext, args: ClusterArgs, opts: pulumi.ComponentResourceOptions) {
        super("Cluster", name, ctx, opts);
        const spec = ctx.spec;
        const identity = new UserAssignedIdentity(`${name}-control-plane`, { ...placement(ctx), tags: tags(ctx) }, this.child());
        // With a bring-your-own VNet the control plane manages node NICs and internal load balancers in the subnet.
        const subnetAccess = assignRole(
            ctx,
            `${name}-control-plane-network`,
            {
                role: "networkContributor",
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                scope: args.nodeSubnet.id,
                description: "AKS control plane manages NICs and internal load balancers in the node subnet",
            },
            this.child(),
        );
        const workspace = new Workspace(
            name,
            {
                ...placement(ctx),
                sku: { name: "PerGB2018" },
                retentionInDays: workspaceRetentionDays(spec.cluster.logRetentionDays),
                tags: tags(ctx),
            },
            this.child(),
        );

        const allowed = spec.cluster.apiAllowedCidrs;
        const privateApi = allowed.length === 0;
        this.cluster = new ManagedCluster(
            name,
            {
                ...placement(ctx),
                resourceName: name,
                dnsPrefix: name,
                kubernetesVersion: spec.kubernetesVersion,
                sku: { name: "Base", tier: spec.protect ? "Standard" : "Free" },
                identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
                aadProfile: {
                    managed: true,
                    enableAzureRBAC: true,
                    tenantID: spec.azure.tenantId,
                    adminGroupObjectIDs: spec.azure.clusterAdminGroupObjectIds,
                },
                enableRBAC: true,
                disableLocalAccounts: true,
                apiServerAccessProfile: privateApi
                    ? { enablePrivateCluster: true, privateDNSZone: "system" }
                    : { enablePrivateCluster: false, authorizedIPRanges: allowed },
                networkProfile: {
                    networkPlugin: "azure",
                    networkPluginMode: "overlay",
                    networkDataplane: "cilium",
                    networkPolicy: "cilium",
                    podCidr: spec.network.podCidr,
                    serviceCidr: spec.network.serviceCidr,
                    dnsServiceIP: dnsServiceIp(spec.network.serviceCidr),
                    outboundType: "userAssignedNATGateway",
                    loadBalancerSku: "standard",
                },
                agentPoolProfiles: [systemPoolProfile(ctx, args.nodeSubnet)],
                oidcIssuerProfile: { enabled: true },
                securityProfile: {
                    workloadIdentity: { enabled: true },
                    imageCleaner: { enabled: true, intervalHours: 168 },
                },
                autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
                addonProfiles: {
                    omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspace.id, useAADAuth: "true" } },
                    azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } },
                },
                storageProfile: { diskCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
                tags: tags(ctx),
            },
            // The autoscaler owns the system pool's node count once the cluster exists.
            this.stateful({ dependsOn: [subnetAccess], ignoreChanges: ["agentPoolProfiles[0].count"] }),
        );

        this.deployerAccess = assignRole(
            ctx,
            `${name}-deployer-cluster-admin`,
            { role: "aksRbacClusterAdmin", principalId: ctx.deployerObjectId, scope: this.cluster.id, description: "The deployer installs the platform layer" },
            this.child(),
        );
        this.endpoint = pulumi.interpolate`https://${privateApi ? this.cluster.privateFQDN : this.cluster.fqdn}`;
        this.oidcIssuer = this.cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
        this.kubeconfig = aksKubeconfig({ resourceGroupName: ctx.resourceGroupName, clusterName: this.cluster.name, provider: ctx.provider, parent: this });
        this.registerOutputs({ clusterName: this.cluster.name, endpoint: this.endpoint, oidcIssuer: this.oidcIssuer });
    }
}

/** The cluster DNS service takes the tenth address of the service range, as AKS's own default does. */
export function dnsServiceIp(serviceCidr: string): string {
    const range = parseCidr(serviceCidr);
    if (!range) throw new Error(`not a CIDR: ${serviceCidr}`);
    return formatCidr({ base: range.base + 10, prefix: 32 }).replace(/\/32$/, "");
}
