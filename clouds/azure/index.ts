/**
 * The Azure foundation: resource group, VNet with NAT egress and private DNS, Key Vault with the
 * customer-managed key, AKS with node pools, PostgreSQL flexible server, Azure Managed Redis, the
 * Blob artifact store and workload identity, returned as the Foundation.
 */
import * as pulumi from "@pulumi/pulumi";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { Provider } from "@pulumi/azure-native/provider";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { RandomId } from "@pulumi/random";
import { Provider as TimeProvider } from "@pulumiverse/time";
import type { AzurePlatformSpec } from "../../components/config";
import { configuredTaints, routeIdentity, type Foundation } from "../../components/foundation";
import { Budget } from "./budget";
import { Cache } from "./cache";
import { ClusterBackups } from "./clusterBackups";
import { AksCluster } from "./cluster";
import type { AzureContext } from "./context";
import { Database } from "./database";
import { PrivateDns } from "./dns";
import { WorkloadIdentity } from "./identity";
import { KeyVault } from "./keyVault";
import { Network } from "./network";
import { NodePools, TAINTS } from "./nodePools";
import { PublicDns } from "./publicDns";
import { PlatformResourceGroup } from "./resourceGroup";
import { SecretStore } from "./secretStore";
import { ArtifactStore } from "./storage";

/** AKS's built-in CSI StorageClass on Premium SSD (encrypted at rest by the platform, zone-redundant where available). */
export const STORAGE_CLASS = "managed-csi-premium";

export function createAzureFoundation(spec: AzurePlatformSpec, opts: { parent: pulumi.Resource; provider?: Provider }): Foundation {
    const name = `${spec.project}-${spec.stack}`;
    // The subscription comes from the environment (ARM_SUBSCRIPTION_ID or the Azure CLI login).
    const provider = opts.provider ?? new Provider(name, { location: spec.azure.location }, { parent: opts.parent });
    const child = { parent: opts.parent };
    const client = getClientConfigOutput({ parent: opts.parent, provider });
    const group = new PlatformResourceGroup(name, spec, provider, child);
    const suffix = new RandomId(`${name}-suffix`, { byteLength: 4 }, { parent: group, protect: spec.protect });
    const ctx: AzureContext = {
        spec,
        name,
        location: spec.azure.location,
        provider,
        timeProvider: new TimeProvider(name, {}, { parent: opts.parent }),
        resourceGroupName: group.resourceGroup.name,
        subscriptionId: client.subscriptionId,
        deployerObjectId: spec.azure.deployerObjectId ? pulumi.output(spec.azure.deployerObjectId) : client.objectId,
        uniqueSuffix: suffix.hex,
    };

    const network = new Network(name, ctx, child);
    const dns = new PrivateDns(name, ctx, { vnet: network.vnet }, child);
    const keyVault = new KeyVault(name, ctx, { endpointSubnet: network.endpointSubnet, dns }, child);
    const aks = new AksCluster(name, ctx, { nodeSubnets: network.nodeSubnets }, child);
    new NodePools(name, ctx, { cluster: aks.cluster, subnets: network.nodeSubnets }, child);
    new Budget(`${name}-budget`, ctx, { cluster: aks.cluster }, child);
    const database = new Database(
        `${name}-postgres`,
        ctx,
        { subnet: network.postgresSubnet, privateDnsZone: dns.postgres, privateDnsZoneLink: dns.postgresLink },
        child,
    );
    const dataPlacement = { endpointSubnet: network.endpointSubnet, dns, keyVault };
    const cache = new Cache(`${name}-redis`, ctx, dataPlacement, child);
    const artifacts = new ArtifactStore(name, ctx, dataPlacement, child);
    const identity = new WorkloadIdentity(name, ctx, { oidcIssuer: aks.oidcIssuer, container: artifacts.container }, child);
    const clusterBackups = new ClusterBackups(
        name,
        ctx,
        { account: artifacts.account, after: [artifacts.blobService], cluster: aks.cluster, oidcIssuer: aks.oidcIssuer },
        child,
    );
    const secrets = new SecretStore(name, ctx, { vault: keyVault.vault, oidcIssuer: aks.oidcIssuer, database: database.facts, cache: cache.facts }, child);
    const publicDns = spec.platform.publicDns && spec.platform.domain
        ? new PublicDns(name, ctx, { domain: spec.platform.domain, tenantId: spec.azure.tenantId, oidcIssuer: aks.oidcIssuer }, child)
        : undefined;

    // Kubernetes objects wait until the deployer is cluster-admin through Azure RBAC.
    const k8sProvider = new K8sProvider(name, { kubeconfig: aks.kubeconfig }, { parent: opts.parent, dependsOn: [aks.deployerAccess] });

    return {
        cloud: "azure",
        region: spec.azure.location,
        cluster: {
            name: aks.cluster.name,
            endpoint: aks.endpoint,
            kubeconfig: aks.kubeconfig,
            provider: k8sProvider,
            distribution: "aks",
            kubernetesVersion: spec.kubernetesVersion,
            oidcIssuer: aks.oidcIssuer,
            storageClassName: STORAGE_CLASS,
            nodeAutoscaling: { mode: "managed" },
            metricsServer: "provided",
            // AKS installs the NVIDIA driver on GPU pools but not the device plugin.
            nvidiaDevicePlugin: "install",
            loadBalancerAnnotations: {
                internal: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
                external: {},
            },
            taints: configuredTaints(spec.cluster.nodePools, TAINTS),
            // Azure CNI powered by Cilium enforces policies and replaces kube-proxy.
            network: { policyEngine: "azure-cilium", kubeProxy: false, clusterDns: "coredns", identityEndpoints: [], podAddressRanges: [spec.network.podCidr] },
        },
        database: database.facts,
        cache: cache.facts,
        objectStore: artifacts.facts,
        publicDns: publicDns?.facts,
        clusterBackups: clusterBackups.facts,
        secretStore: secrets.facts,
        workloadIdentity: (request) =>
            routeIdentity(request, {
                objectStore: (r) => identity.bind(r),
                dnsRecords: publicDns && ((r) => publicDns.bind(r)),
                clusterBackups: (r) => clusterBackups.bind(r),
                secretStoreRead: (r) => secrets.bindReader(r),
            }),
    };
}
