/**
 * AKS: Entra ID with Azure RBAC and no local accounts, a user-assigned control-plane identity, a
 * private API server (or a public one restricted to the configured ranges plus the NAT egress),
 * Azure CNI overlay with Cilium network policy, OIDC issuer and workload identity, auto-upgrades,
 * Defender, the Azure Policy add-on, Container Insights and kube-audit logs to a Log Analytics
 * workspace, and the Key Vault secrets provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { ManagedCluster } from "@pulumi/azure-native/containerservice";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import { Workspace } from "@pulumi/azure-native/operationalinsights";
import { formatCidr, parseCidr } from "../../components/config/cidr";
import { aksVersionStatus, AKS_KUBERNETES_VERSIONS } from "../../components/config/clouds/azure";
import { AzureComponent, placement, tags, type AzureContext } from "./context";
import { aksKubeconfig } from "./kubeconfig";
import type { NodeSubnet } from "./network";
import { systemPoolProfile } from "./nodePools";
import { afterPropagation, assignRole } from "./roles";

export interface ClusterArgs {
    nodeSubnets: NodeSubnet[];
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
    /** Complete once the deployer's cluster-admin grant has propagated: Kubernetes objects wait for it. */
    readonly deployerAccess: pulumi.Resource;

    constructor(name: string, ctx: AzureContext, args: ClusterArgs, opts: pulumi.ComponentResourceOptions) {
        super("Cluster", name, ctx, opts);
        const spec = ctx.spec;
        const identity = new UserAssignedIdentity(`${name}-control-plane`, { ...placement(ctx), tags: tags(ctx) }, this.child());
        // With a bring-your-own VNet the control plane manages node NICs and internal load balancers in the subnets.
        const subnetAccess = args.nodeSubnets.map((n) =>
            assignRole(
                ctx,
                `${name}-control-plane-network${n.zone ? `-${n.zone}` : ""}`,
                {
                    role: "networkContributor",
                    principalId: identity.principalId,
                    principalType: "ServicePrincipal",
                    scope: n.subnet.id,
                    description: "AKS control plane manages NICs and internal load balancers in the node subnet",
                },
                this.child(),
            ),
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

        const privateApi = spec.azure.apiAccess === "private";
        warnOutsideStandardSupport(spec.kubernetesVersion, spec.azure.longTermSupport);
        this.cluster = new ManagedCluster(
            name,
            {
                ...placement(ctx),
                resourceName: name,
                dnsPrefix: name,
                kubernetesVersion: spec.kubernetesVersion,
                // Long-term support needs the Premium tier.
                sku: { name: "Base", tier: spec.azure.longTermSupport ? "Premium" : spec.protect ? "Standard" : "Free" },
                supportPlan: spec.azure.longTermSupport ? "AKSLongTermSupport" : "KubernetesOfficial",
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
                    ? // The system zone resolves the API inside the cluster VNet only; the public FQDN (an A record
                      // to the private IP) lets a runner in a peered or VPN-connected network resolve it too.
                      { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: true }
                    : { enablePrivateCluster: false, authorizedIPRanges: authorizedRanges(spec.cluster.apiAllowedCidrs, args.nodeSubnets) },
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
                agentPoolProfiles: [systemPoolProfile(ctx, args.nodeSubnets)],
                // Zonal pools of one kind (one per NAT zone) scale together, so capacity stays spread over the zones.
                ...(args.nodeSubnets.length > 1 ? { autoScalerProfile: { balanceSimilarNodeGroups: "true" } } : {}),
                oidcIssuerProfile: { enabled: true },
                securityProfile: {
                    workloadIdentity: { enabled: true },
                    imageCleaner: { enabled: true, intervalHours: 168 },
                    defender: { logAnalyticsWorkspaceResourceId: workspace.id, securityMonitoring: { enabled: true } },
                },
                autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
                addonProfiles: {
                    omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspace.id, useAADAuth: "true" } },
                    azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } },
                    azurepolicy: { enabled: true },
                },
                storageProfile: { diskCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
                tags: tags(ctx),
            },
            // The autoscaler owns the system pool's node count once the cluster exists.
            this.stateful({ dependsOn: subnetAccess, ignoreChanges: ["agentPoolProfiles[0].count"] }),
        );
        // The API server's full audit log (reads of Secrets included: the events an incident needs) and the other control-plane logs.
        new DiagnosticSetting(
            `${name}-control-plane-logs`,
            {
                name: "control-plane-logs",
                resourceUri: this.cluster.id,
                workspaceId: workspace.id,
                logAnalyticsDestinationType: "Dedicated",
                logs: CONTROL_PLANE_LOGS.map((category) => ({ category, enabled: true })),
            },
            this.child(),
        );

        const deployerGrant = assignRole(
            ctx,
            `${name}-deployer-cluster-admin`,
            { role: "aksRbacClusterAdmin", principalId: ctx.deployerObjectId, scope: this.cluster.id, description: "The deployer installs the platform layer" },
            this.child(),
        );
        // The API server's Azure RBAC webhook answers 403 until the grant has propagated.
        this.deployerAccess = afterPropagation(ctx, `${name}-deployer-cluster-admin`, deployerGrant, this);
        // A private cluster's public FQDN resolves to the private IP; it is also the kubeconfig's server.
        this.endpoint = pulumi.interpolate`https://${this.cluster.fqdn}`;
        this.oidcIssuer = this.cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
        this.kubeconfig = aksKubeconfig({
            resourceGroupName: ctx.resourceGroupName,
            clusterName: this.cluster.name,
            privateCluster: privateApi,
            provider: ctx.provider,
            parent: this,
        });
        this.registerOutputs({ clusterName: this.cluster.name, endpoint: this.endpoint, oidcIssuer: this.oidcIssuer });
    }
}

/** Control-plane log categories sent to Log Analytics. */
export const CONTROL_PLANE_LOGS = ["kube-audit", "kube-controller-manager", "cluster-autoscaler", "guard"] as const;

/** Authorized ranges of a public API server: the configured ranges and every NAT gateway IP, so nodes can register. */
export function authorizedRanges(configured: string[], nodeSubnets: NodeSubnet[]): pulumi.Output<string[]> {
    return pulumi.all(nodeSubnets.map((n) => n.natIp.ipAddress)).apply((ips) => [
        ...configured,
        ...ips.map((ip) => {
            if (!ip) throw new Error("a NAT gateway public IP has no address");
            return `${ip}/32`;
        }),
    ]);
}

/** AKS creates no cluster on a minor past its standard support unless long-term support is on. */
function warnOutsideStandardSupport(version: string, longTermSupport: boolean): void {
    if (aksVersionStatus(version, new Date(), longTermSupport) === "needsLongTermSupport") {
        pulumi.log.warn(
            `AKS standard support for Kubernetes ${version} ended on ${AKS_KUBERNETES_VERSIONS[version].endOfSupport}: AKS creates new clusters on it only with ml-platform:azure.longTermSupport; move ml-platform:kubernetesVersion to a supported minor`,
        );
    }
}

/** The cluster DNS service takes the tenth address of the service range, as AKS's own default does. */
export function dnsServiceIp(serviceCidr: string): string {
    const range = parseCidr(serviceCidr);
    if (!range) throw new Error(`not a CIDR: ${serviceCidr}`);
    return formatCidr({ base: range.base + 10, prefix: 32 }).replace(/\/32$/, "");
}
