/**
 * The GKE control plane: private nodes, a private IP endpoint (authorized networks enforced on
 * it) plus, by default, the IAM-authorized DNS endpoint, Workload Identity, a release channel,
 * Dataplane V2, shielded nodes, Binary Authorization against the project's managed policy,
 * Kubernetes secrets encrypted with a Cloud KMS key, no client certificate and no default node
 * pool. The configured admins get roles/container.admin on this cluster only.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "@pulumi/gcp/container";
import type { Subnetwork, Network as Vpc } from "@pulumi/gcp/compute";
import { IAMMember } from "@pulumi/gcp/projects";
import { clusterLocation, GcpComponent, labels, type GcpContext } from "./context";
import type { GrantedKey } from "./kms";
import { gkeKubeconfig, type GkeApiEndpoint } from "./kubeconfig";
import { boundedName } from "./names";
import { principalNames } from "../../components/principalNames";
import { SECONDARY_RANGES } from "./network";

export interface ClusterArgs {
    vpc: Vpc;
    subnet: Subnetwork;
    secretsKey: GrantedKey;
    /** Used by the short-lived default pool too, so no node ever runs as the Compute Engine default account. */
    nodeServiceAccountEmail: pulumi.Input<string>;
    /** The project's Binary Authorization policy, which PROJECT_SINGLETON_POLICY_ENFORCE evaluates. */
    binaryAuthorizationPolicy: pulumi.Resource;
}

const CONTROL_PLANE_LOGS = ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"];

export class GkeCluster extends GcpComponent {
    readonly cluster: Cluster;
    readonly endpoint: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcIssuer: pulumi.Output<string>;
    /** Completed once every configured admin holds roles/container.admin on this cluster: Kubernetes objects wait for it. */
    readonly adminAccess: IAMMember[];

    constructor(name: string, ctx: GcpContext, args: ClusterArgs, opts: pulumi.ComponentResourceOptions) {
        super("Cluster", name, ctx, opts);
        const spec = ctx.spec;
        const location = clusterLocation(ctx);
        const dnsEndpoint = spec.gcp.apiAccess === "dnsEndpoint";
        this.cluster = new Cluster(
            name,
            {
                project: ctx.project,
                name: boundedName([ctx.name], 40),
                description: `${ctx.name} ML platform`,
                location,
                nodeLocations: clusterNodeLocations(ctx, location),
                network: args.vpc.id,
                subnetwork: args.subnet.id,
                networkingMode: "VPC_NATIVE",
                // GKE cost allocation: billing data broken down by namespace and Kubernetes labels.
                costManagementConfig: { enabled: true },
                ipAllocationPolicy: {
                    clusterSecondaryRangeName: SECONDARY_RANGES.pods,
                    servicesSecondaryRangeName: SECONDARY_RANGES.services,
                    stackType: "IPV4",
                },
                // The IP endpoint is always private; callers outside the network use the DNS endpoint.
                privateClusterConfig: {
                    enablePrivateNodes: true,
                    enablePrivateEndpoint: true,
                    masterIpv4CidrBlock: spec.gcp.masterCidr,
                    // Reach the private endpoint from other regions of the VPC (e.g. runners, VPN).
                    masterGlobalAccessConfig: { enabled: true },
                },
                controlPlaneEndpointsConfig: {
                    // IAM-authorized, no public IP; authorized networks do not apply to it.
                    dnsEndpointConfig: { allowExternalTraffic: dnsEndpoint },
                    ipEndpointsConfig: { enabled: true },
                },
                masterAuthorizedNetworksConfig: {
                    cidrBlocks: spec.cluster.privateApiAllowedCidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `private-${i}` })),
                    gcpPublicCidrsAccessEnabled: false,
                    // Without it the private endpoint admits the whole VPC, whatever is listed above.
                    privateEndpointEnforcementEnabled: true,
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
                // Evaluates the project policy managed in binaryAuthorization.ts, which exists first.
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
            this.stateful({ dependsOn: [args.secretsKey.grant, args.binaryAuthorizationPolicy], ignoreChanges: ["nodeConfig", "initialNodeCount"] }),
        );
        this.adminAccess = this.clusterAdmins(name, location);
        const dnsHost = this.cluster.controlPlaneEndpointsConfig.apply((c) => c?.dnsEndpointConfig?.endpoint ?? "");
        const endpoint: GkeApiEndpoint = dnsEndpoint
            ? { kind: "dns", host: dnsHost }
            : { kind: "ip", host: this.cluster.endpoint, clusterCaCertificate: this.cluster.masterAuth.clusterCaCertificate.apply((ca) => ca ?? "") };
        this.endpoint = pulumi.interpolate`https://${endpoint.host}`;
        this.oidcIssuer = pulumi.interpolate`https://container.googleapis.com/v1/projects/${ctx.project}/locations/${this.cluster.location}/clusters/${this.cluster.name}`;
        this.kubeconfig = gkeKubeconfig({ project: ctx.project, location: this.cluster.location, clusterName: this.cluster.name, endpoint });
        this.registerOutputs({ clusterName: this.cluster.name, endpoint: this.endpoint, oidcIssuer: this.oidcIssuer });
    }

    /**
     * roles/container.admin conditioned on this cluster's resource name (GKE honours IAM Conditions on
     * resource.name), so an admin of this platform administers no other cluster in the project.
     */
    private clusterAdmins(name: string, location: pulumi.Output<string>): IAMMember[] {
        const clusterName = this.cluster.name;
        const expression = pulumi
            .all([location, clusterName])
            .apply(([loc, cluster]) => clusterCondition(this.ctx.project, loc, cluster, this.ctx.regional));
        // The readable part folds punctuation, so user:a.b@ and user:a-b@ differ only in the hash.
        const admins = principalNames(`${name}-admin`, this.ctx.spec.gcp.clusterAdmins, (m) => m.replace(/[^a-zA-Z0-9]+/g, "-").toLowerCase());
        return admins.map(
            ({ name: adminName, principal: member, aliases }) =>
                new IAMMember(
                    adminName,
                    {
                        project: this.ctx.project,
                        role: "roles/container.admin",
                        member,
                        condition: { title: `only-${this.ctx.name}`.slice(0, 100), description: "Administers this platform's GKE cluster only", expression },
                    },
                    this.child({ aliases }),
                ),
        );
    }
}

/** For a zonal cluster the provider wants only the additional zones (its own zone is implied). */
export function clusterNodeLocations(ctx: GcpContext, location: pulumi.Output<string>): pulumi.Output<string[]> {
    return pulumi.all([ctx.zones, location]).apply(([zones, loc]) => (ctx.regional ? zones : zones.filter((z) => z !== loc)));
}

/**
 * The CEL condition that limits a grant to one cluster and what lies under it. IAM names zonal
 * clusters under zones/ and regional ones under locations/
 * (https://cloud.google.com/iam/docs/conditions-resource-attributes#resource-name).
 */
export function clusterCondition(project: string, location: string, cluster: string, regional: boolean): string {
    const names = [`projects/${project}/locations/${location}/clusters/${cluster}`];
    if (!regional) names.unshift(`projects/${project}/zones/${location}/clusters/${cluster}`);
    return names.map((n) => `resource.name == "${n}" || resource.name.startsWith("${n}/")`).join(" || ");
}
