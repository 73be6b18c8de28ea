/**
 * The AWS foundation: KMS keys, VPC, EKS with node groups and add-ons, RDS PostgreSQL,
 * ElastiCache Redis, the S3 artifact store and IRSA workload identity, returned as the Foundation.
 */
import * as pulumi from "@pulumi/pulumi";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { Provider } from "@pulumi/aws/provider";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { secondRegionOf, type AwsPlatformSpec } from "../../components/config";
import { configuredTaints, routeIdentity, type Foundation } from "../../components/foundation";
import { clusterAutoscaler } from "./autoscaler";
import { Budget } from "./budget";
import { Cache } from "./cache";
import { ClusterBackups } from "./clusterBackups";
import { EksCluster } from "./cluster";
import type { AwsContext } from "./context";
import { Database } from "./database";
import { DisasterRecovery } from "./disasterRecovery";
import { PublicDns } from "./dns";
import { EksAddons } from "./eksAddons";
import { WorkloadIdentity } from "./identity";
import { Keys } from "./kms";
import { Network } from "./network";
import { NodeGroups, TAINTS } from "./nodeGroups";
import { ObjectStore } from "./objectStore";
import { SecretStore } from "./secretStore";
import { defaultStorageClass, STORAGE_CLASS } from "./storage";

/**
 * Availability-zone IDs where EKS refuses control-plane subnets (UnsupportedAvailabilityZoneException).
 * Zone names map to IDs per account, so they are excluded by ID, not by name.
 */
export const EKS_UNSUPPORTED_ZONE_IDS = ["use1-az3", "usw1-az2", "cac1-az3"] as const;

export function createAwsFoundation(spec: AwsPlatformSpec, opts: { parent: pulumi.Resource; provider?: Provider }): Foundation {
    const name = `${spec.project}-${spec.stack}`;
    const provider = opts.provider ?? new Provider(name, { region: spec.aws.region }, { parent: opts.parent });
    const invoke = { parent: opts.parent, provider };
    const ctx: AwsContext = {
        spec,
        name,
        region: spec.aws.region,
        provider,
        accountId: getCallerIdentityOutput({}, invoke).accountId,
        partition: getPartitionOutput({}, invoke).partition,
    };
    const child = { parent: opts.parent };

    const keys = new Keys(name, ctx, child);
    const network = new Network(
        name,
        ctx,
        {
            availabilityZones: getAvailabilityZonesOutput(
                { state: "available", excludeZoneIds: [...EKS_UNSUPPORTED_ZONE_IDS], filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
                invoke,
            ).names,
            logsKeyArn: keys.data.arn,
            clusterName: name,
        },
        child,
    );
    const eks = new EksCluster(name, ctx, { clusterName: name, subnets: network.privateSubnets, secretsKey: keys.clusterSecrets, logsKey: keys.data }, child);
    const addons = new EksAddons(name, ctx, { cluster: eks.cluster, oidc: eks.oidc }, child);
    const nodes = new NodeGroups(name, ctx, { cluster: eks.cluster, subnets: network.privateSubnets, dependsOn: addons.beforeNodes }, child);
    const { coredns, csi } = addons.afterNodes(nodes.groups);

    const clusterSecurityGroupId = eks.cluster.vpcConfig.apply((c) => c.clusterSecurityGroupId!);
    const dataPlacement = { vpcId: network.vpc.id, subnets: network.privateSubnets, clusterSecurityGroupId, key: keys.data };
    const database = new Database(`${name}-postgres`, ctx, dataPlacement, child);
    const cache = new Cache(`${name}-redis`, ctx, dataPlacement, child);
    const objectStore = new ObjectStore(name, ctx, { key: keys.data }, child);
    const secondRegion = secondRegionOf(spec);
    if (secondRegion) {
        const artifacts = { bucket: objectStore.bucket, versioning: objectStore.versioning, key: keys.data };
        new DisasterRecovery(`${name}-dr`, ctx, { region: secondRegion, database: database.instance, artifacts }, child);
    }
    new Budget(`${name}-budget`, ctx, child);
    const identity = new WorkloadIdentity(name, ctx, { oidc: eks.oidc, bucket: objectStore.bucket, key: keys.data }, child);
    const clusterBackups = new ClusterBackups(name, ctx, { key: keys.data, oidc: eks.oidc, accessLogs: objectStore.accessLogs }, child);
    const dns = spec.platform.publicDns && spec.platform.domain ? new PublicDns(name, ctx, { domain: spec.platform.domain, identity }, child) : undefined;
    const secrets = new SecretStore(name, ctx, { key: keys.data, identity, database: database.facts, cache: cache.facts }, child);

    // Kubernetes objects wait until the deployer has cluster-admin through its access entry and the
    // runner's range is admitted, and until there are nodes with cluster DNS: the platform's Helm
    // releases wait for their pods, which cannot start on a cluster without nodes.
    const clusterReady = [...eks.adminAccess, ...eks.privateApiRules, ...nodes.groups, coredns, csi];
    const k8sProvider = new K8sProvider(name, { kubeconfig: eks.kubeconfig }, { parent: opts.parent, dependsOn: clusterReady });
    defaultStorageClass(name, k8sProvider, eks, [csi]);

    return {
        cloud: "aws",
        region: spec.aws.region,
        cluster: {
            name: eks.cluster.name,
            endpoint: eks.cluster.endpoint,
            kubeconfig: eks.kubeconfig,
            provider: k8sProvider,
            distribution: "eks",
            kubernetesVersion: spec.kubernetesVersion,
            oidcIssuer: eks.oidc.issuerHostPath.apply((host) => `https://${host}`),
            storageClassName: STORAGE_CLASS,
            nodeAutoscaling: clusterAutoscaler(ctx, eks.cluster, identity),
            metricsServer: "install",
            nvidiaDevicePlugin: "install",
            loadBalancerAnnotations: {
                internal: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb", "service.beta.kubernetes.io/aws-load-balancer-internal": "true" },
                external: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
            },
            taints: configuredTaints(spec.cluster.nodePools, TAINTS),
            // The vpc-cni add-on runs with enableNetworkPolicy; IRSA needs no link-local endpoint.
            network: { policyEngine: "vpc-cni", kubeProxy: true, clusterDns: "coredns", identityEndpoints: [], podAddressRanges: [spec.network.cidr] },
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
