/**
 * The GCP foundation: project APIs, Cloud KMS keys, a private VPC with Cloud NAT and private
 * services access, GKE with node pools, Cloud SQL for PostgreSQL, Memorystore for Redis, the GCS
 * artifact store and Workload Identity, returned as the Foundation.
 */
import * as pulumi from "@pulumi/pulumi";
import { getZonesOutput } from "@pulumi/gcp/compute";
import { getProjectOutput } from "@pulumi/gcp/organizations";
import { Provider } from "@pulumi/gcp/provider";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { secondRegionOf, type GcpPlatformSpec } from "../../components/config";
import { configuredTaints, routeIdentity, type Foundation } from "../../components/foundation";
import { BinaryAuthorizationPolicy } from "./binaryAuthorization";
import { Budget } from "./budget";
import { Cache } from "./cache";
import { ClusterBackups } from "./clusterBackups";
import { GkeCluster } from "./cluster";
import type { GcpContext } from "./context";
import { Database } from "./database";
import { DisasterRecovery } from "./disasterRecovery";
import { PublicDns } from "./dns";
import { WorkloadIdentity } from "./identity";
import { Keys } from "./kms";
import { Network } from "./network";
import { NodePools, NodeServiceAccount, TAINTS } from "./nodePools";
import { ObjectStore } from "./objectStore";
import { SecretStore } from "./secretStore";
import { ProjectServices } from "./services";

/** GKE's built-in StorageClass: pd-balanced through the Persistent Disk CSI driver, bound in the pod's zone. */
export const STORAGE_CLASS = "standard-rwo";

export function createGcpFoundation(spec: GcpPlatformSpec, opts: { parent: pulumi.Resource; provider?: Provider }): Foundation {
    const name = `${spec.project}-${spec.stack}`;
    const { project, region } = spec.gcp;
    const provider = opts.provider ?? new Provider(name, { project, region }, { parent: opts.parent });
    const child = { parent: opts.parent };
    const services = new ProjectServices(name, { project, provider }, child);
    const invoke = { parent: opts.parent, provider, dependsOn: services.services };
    const ctx: GcpContext = {
        spec,
        name,
        project,
        region,
        provider,
        projectNumber: getProjectOutput({ projectId: project }, invoke).apply((p) => p.number!),
        zones: nodeZones(spec, getZonesOutput({ project, region, status: "UP" }, invoke).names),
        regional: spec.network.zoneCount >= 3,
        apis: services.services,
    };

    const keys = new Keys(name, ctx, child);
    const nodeAccount = new NodeServiceAccount(name, ctx, child);
    const network = new Network(name, ctx, { nodeServiceAccountEmail: nodeAccount.email }, child);
    const binaryAuthorization = new BinaryAuthorizationPolicy(name, ctx, child);
    const gke = new GkeCluster(
        name,
        ctx,
        {
            vpc: network.vpc,
            subnet: network.subnet,
            secretsKey: keys.clusterSecrets,
            nodeServiceAccountEmail: nodeAccount.email,
            binaryAuthorizationPolicy: binaryAuthorization.policy,
        },
        child,
    );
    const nodePools = new NodePools(name, ctx, { cluster: gke.cluster, serviceAccountEmail: nodeAccount.email }, child);

    const privateServices = {
        vpc: network.vpc,
        privateServicesRange: network.privateServicesRange,
        privateServicesConnection: network.privateServicesConnection,
    };
    const database = new Database(`${name}-postgres`, ctx, { ...privateServices, key: keys.database }, child);
    const cache = new Cache(`${name}-redis`, ctx, { ...privateServices, key: keys.cache }, child);
    const objectStore = new ObjectStore(name, ctx, { key: keys.artifacts }, child);
    const secondRegion = secondRegionOf(spec);
    if (secondRegion) new DisasterRecovery(`${name}-dr`, ctx, { region: secondRegion, artifacts: objectStore.bucket }, child);
    new Budget(`${name}-budget`, ctx, child);
    const identity = new WorkloadIdentity(name, ctx, { cluster: gke.cluster, bucket: objectStore.bucket }, child);
    const clusterBackups = new ClusterBackups(name, ctx, { key: keys.artifacts, cluster: gke.cluster }, child);
    const dns = spec.platform.publicDns && spec.platform.domain ? new PublicDns(name, ctx, { domain: spec.platform.domain, cluster: gke.cluster }, child) : undefined;
    const secrets = new SecretStore(name, ctx, { keyRing: keys.keyRing, cluster: gke.cluster, database: database.facts, cache: cache.facts }, child);

    // Kubernetes objects wait for nodes to schedule on and for the admins' IAM grants.
    const k8sProvider = new K8sProvider(
        name,
        { kubeconfig: gke.kubeconfig },
        { parent: opts.parent, dependsOn: [...nodePools.pools, ...gke.adminAccess] },
    );

    return {
        cloud: "gcp",
        region,
        cluster: {
            name: gke.cluster.name,
            endpoint: gke.endpoint,
            kubeconfig: gke.kubeconfig,
            provider: k8sProvider,
            distribution: "gke",
            kubernetesVersion: spec.kubernetesVersion,
            oidcIssuer: gke.oidcIssuer,
            storageClassName: STORAGE_CLASS,
            nodeAutoscaling: { mode: "managed" },
            metricsServer: "provided",
            // GKE installs the driver (gpuDriverInstallationConfig) and runs the device plugin itself.
            nvidiaDevicePlugin: "provided",
            loadBalancerAnnotations: {
                internal: { "networking.gke.io/load-balancer-type": "Internal" },
                // Backend-service-based external passthrough load balancer, GKE's current default.
                external: { "cloud.google.com/l4-rbs": "enabled" },
            },
            taints: configuredTaints(spec.cluster.nodePools, TAINTS),
            // Dataplane V2 replaces kube-proxy; Workload Identity tokens come from the metadata server.
            network: { policyEngine: "gke-dataplane-v2", kubeProxy: false, clusterDns: "kube-dns", identityEndpoints: [{ cidr: "169.254.169.254/32", ports: [80] }], podAddressRanges: [spec.network.podCidr] },
        },
        database: database.facts,
        cache: cache.facts,
        objectStore: objectStore.facts,
        publicDns: dns?.facts,
        clusterBackups: clusterBackups.facts,
        secretStore: secrets.facts,
        workloadIdentity: (request) =>
            routeIdentity(request, {
                objectStore: (r) => identity.bind(r),
                dnsRecords: dns && ((r) => dns.bind(r)),
                clusterBackups: (r) => clusterBackups.bind(r),
                secretStoreRead: (r) => secrets.bindReader(r),
            }),

    };
}

/** The configured zones, or the region's first `zoneCount` zones in alphabetical order (stable across runs). */
function nodeZones(spec: GcpPlatformSpec, regionZones: pulumi.Output<string[]>): pulumi.Output<string[]> {
    const count = spec.network.zoneCount;
    const pinned = spec.gcp.zones;
    // The schema checks that pinned zones match zoneCount.
    if (pinned) return pulumi.output(pinned);
    return regionZones.apply((names) => {
        if (names.length < count) throw new Error(`region ${spec.gcp.region} has ${names.length} zone(s) up; network.zoneCount is ${count}`);
        return [...names].sort().slice(0, count);
    });
}
