/**
 * The GKE control plane: private nodes, an API endpoint that is private or public only to listed
 * CIDRs, Workload Identity, a release channel, Dataplane V2, shielded nodes, Binary Authorization,
 * Kubernetes secrets encrypted with a Cloud KMS key, no client certificate and no default node
 * pool. The configured admins get roles/container.admin.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "@pulumi/gcp/container";
import type { Subnetwork, Network as Vpc } from "@pulumi/gcp/compute";
import { IAMMember } from "@pulumi/gcp/projects";
import { clusterLocation, GcpComponent, labels, type GcpContext } from "./context";
import type { GrantedKey } from "./kms";
import { gkeKubeconfig } from "./kubeconfig";
import { boundedName } from "./names";
import { SECONDARY_RANGES } from "./network";

export interface ClusterArgs {
    vpc: Vpc;
    subnet: Subnetwork;
    secretsKey: GrantedKey;
    /** Used by the short-lived default pool too, so no node ever runs as the Compute Engine default account. */
    nodeServiceAccountEmail: pulumi.Input<string>;
}

const CONTROL_PLANE_LOGS = ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"];

export class GkeCluster extends GcpComponent {
    readonly cluster: Cluster;
    readonly endpoint: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcIssuer: pulumi.Output<string>;
    /** Completed once every configured admin holds roles/container.admin: Kubernetes objects wait for it. */
    readonly adminAccess: IAMMember[];

    constructor(name: string, ctx: GcpContext, args: ClusterArgs, opts: pulumi.ComponentResourceOptions) {
        super("Cluster", name, ctx, opts);
        const spec = ctx.spec;
        const location = clusterLocation(ctx);
        const allowedCidrs = spec.cluster.apiAllowedCidrs;
        // No allow-list means no public endpoint at all: deploy from inside the VPC (or over VPN).
        const privateEndpoint = allowedCidrs.length === 0;
        this.cluster = new Cluster(
            name,
            {
                project: ctx.project,
                name: boundedName([ctx.name], 40),
                description: `${ctx.name} ML platform`,
                location,
                nodeLocations: ctx.zones,
                network: args.vpc.id,
                subnetwork: args.subnet.id,
                networkingMode: "VPC_NATIVE",
                ipAllocationPolicy: {
                    clusterSecondaryRangeName: SECONDARY_RANGES.pods,
                    servicesSecondaryRangeName: SECONDARY_RANGES.services,
                    stackType: "IPV4",
                },
                privateClusterConfig: {
                    enablePrivateNodes: true,
                    enablePrivateEndpoint: privateEndpoint,
                    masterIpv4CidrBlock: spec.gcp.masterCidr,
                    // Reach the private endpoint from other regions of the VPC (e.g. runners, VPN).
                    masterGlobalAccessConfig: { enabled: true },
                },
                masterAuthorizedNetworksConfig: {
                    // Authorized networks govern the private endpoint too, so in-network ranges are listed here.
                    cidrBlocks: [
                        ...allowedCidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `allowed-${i}` })),
                        ...spec.cluster.privateApiAllowedCidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `private-${i}` })),
                    ],
                    gcpPublicCidrsAccessEnabled: false,
                },
                masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
                workloadIdentityConfig: { workloadPool: `${ctx.project}.svc.id.goog` },
                releaseChannel: { channel: spec.gcp.releaseChannel },
                minMasterVersion: spec.kubernetesVersion,
                // Dataplane V2 (Cilium) enforces NetworkPolicies itself; the Calico add-on stays off.
                datapathProvider: "ADVANCED_DATAPATH",
                addonsConfig: {
                    networkPolicyConfig: { disabled: true },
                    dnsCacheConfig: { enabled: true },
                    gcePersistentDiskCsiDriverConfig: { enabled: true },
                    horizontalPodAutoscaling: { disabled: false },
                    httpLoadBalancing: { disabled: false },
                },
                enableShieldedNodes: true,
                enableLegacyAbac: false,
                binaryAuthorization: { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" },
                databaseEncryption: { state: "ENCRYPTED", keyName: args.secretsKey.key.id },
                securityPostureConfig: { mode: "BASIC" },
                loggingConfig: { enableComponents: CONTROL_PLANE_LOGS },
                monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"] },
                maintenancePolicy: {
                    recurringWindow: { startTime: "2024-01-06T02:00:00Z", endTime: "2024-01-06T08:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" },
                },
                nodePoolDefaults: { nodeConfigDefaults: { insecureKubeletReadonlyPortEnabled: "FALSE" } },
                // GKE always creates a default pool; it is removed right away in favour of the managed pools.
                removeDefaultNodePool: true,
                initialNodeCount: 1,
                nodeConfig: {
                    serviceAccount: args.nodeServiceAccountEmail,
                    oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
                    workloadMetadataConfig: { mode: "GKE_METADATA" },
                    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                },
                deletionProtection: spec.protect,
                resourceLabels: labels(ctx),
            },
            // nodeConfig and initialNodeCount describe the removed default pool only.
            this.stateful({ dependsOn: [args.secretsKey.grant], ignoreChanges: ["nodeConfig", "initialNodeCount"] }),
        );
        this.adminAccess = spec.gcp.clusterAdmins.map(
            (member) =>
                new IAMMember(
                    `${name}-admin-${member.replace(/[^a-zA-Z0-9]+/g, "-").toLowerCase()}`,
                    { project: ctx.project, role: "roles/container.admin", member },
                    this.child(),
                ),
        );
        this.endpoint = pulumi.interpolate`https://${this.cluster.endpoint}`;
        this.oidcIssuer = pulumi.interpolate`https://container.googleapis.com/v1/projects/${ctx.project}/locations/${this.cluster.location}/clusters/${this.cluster.name}`;
        this.kubeconfig = gkeKubeconfig({
            project: ctx.project,
            location: this.cluster.location,
            clusterName: this.cluster.name,
            endpoint: this.cluster.endpoint,
            clusterCaCertificate: this.cluster.masterAuth.clusterCaCertificate.apply((ca) => ca ?? ""),
        });
        this.registerOutputs({ clusterName: this.cluster.name, endpoint: this.endpoint, oidcIssuer: this.oidcIssuer });
    }
}
