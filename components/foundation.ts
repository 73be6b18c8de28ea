/**
 * The Foundation contract: what every cloud module returns and all the Kubernetes layer sees.
 * Nothing here names a cloud SDK type; the k8s layer must not need to know which cloud it is on.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export type Distribution = "eks" | "gke" | "aks";

/** What a Kubernetes service account may do with the artifact store. */
export type ObjectStoreAccess = "objectStoreReadWrite" | "objectStoreRead";

export interface WorkloadIdentityRequest {
    namespace: string;
    serviceAccount: string;
    access: ObjectStoreAccess;
}

/** Create and delete records in the stack's public DNS zone (ACME DNS-01 TXT records, gateway A records). */
export interface DnsIdentityRequest {
    namespace: string;
    serviceAccount: string;
    access: "dnsRecords";
}

/**
 * Velero's server: read and write the stack's cluster-backup bucket, and take and restore the
 * cloud's disk snapshots of persistent volumes (EBS, Compute Engine persistent disks, Azure managed disks).
 */
export interface BackupIdentityRequest {
    namespace: string;
    serviceAccount: string;
    access: "clusterBackups";
}

/**
 * Read exactly the named entries of the cloud's secret store (External Secrets Operator's
 * per-namespace store identity): GetSecretValue + kms:Decrypt, secretAccessor, Key Vault Secrets User.
 */
export interface SecretStoreIdentityRequest {
    namespace: string;
    serviceAccount: string;
    access: "secretStoreRead";
    entries: SecretStoreEntry[];
}

export type IdentityRequest = WorkloadIdentityRequest | DnsIdentityRequest | BackupIdentityRequest | SecretStoreIdentityRequest;

/** What a pod and its service account need to act as the bound cloud identity. */
export interface IdentityBinding {
    /** Annotations for the Kubernetes ServiceAccount (e.g. eks.amazonaws.com/role-arn). */
    serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
    /** Labels the pods need (Azure workload identity requires azure.workload.identity/use). */
    podLabels: Record<string, string>;
    /**
     * The cloud identity's client ID, where a client must name it (cert-manager's azureDNS solver);
     * on GCP the Google service account's e-mail (Velero's BackupStorageLocation `serviceAccount`).
     */
    clientId?: pulumi.Output<string>;
}

/** Node autoscaling: built into the managed control plane, or a cluster-autoscaler to install. */
export type NodeAutoscaling =
    | { mode: "managed" }
    | {
          mode: "cluster-autoscaler";
          /** The chart's `cloudProvider` value. */
          cloudProvider: "aws";
          region: string;
          clusterName: pulumi.Output<string>;
          /** The service account the chart must use (kube-system/cluster-autoscaler). */
          serviceAccount: { namespace: string; name: string; binding: IdentityBinding };
      };

/**
 * Who enforces NetworkPolicies and what the dataplane replaces. The platform's policies use only
 * rules every engine reads the same way (ports without peers for control-plane, node and
 * load-balancer traffic; ipBlock only for addresses outside the cluster).
 */
export interface ClusterNetworkFacts {
    /**
     * vpc-cni: the EKS VPC CNI's network-policy agent (eBPF; only when the add-on enables it).
     * gke-dataplane-v2: GKE's Cilium; serves no namespaced CiliumNetworkPolicy.
     * azure-cilium: Azure CNI powered by Cilium; ipBlock never matches pod or node addresses.
     */
    policyEngine: "vpc-cni" | "gke-dataplane-v2" | "azure-cilium";
    /** Whether kube-proxy runs (Cilium dataplanes replace it, so nothing serves its metrics). */
    kubeProxy: boolean;
    /** The cluster DNS server: CoreDNS serves Prometheus metrics on 9153, GKE's kube-dns does not. */
    clusterDns: "coredns" | "kube-dns";
    /** Link-local endpoints pods must reach for workload identity tokens (GKE's metadata server). */
    identityEndpoints: { cidr: string; ports: number[] }[];
    /** Where pod IPs come from (the VPC on EKS's VPC CNI, the overlay range on GKE and AKS): a scraper's Host header is one of them. */
    podAddressRanges: string[];
}

export interface ClusterFacts {
    name: pulumi.Output<string>;
    endpoint: pulumi.Output<string>;
    /** Secret: a kubeconfig with an exec credential plugin, never a static token. */
    kubeconfig: pulumi.Output<string>;
    provider: k8s.Provider;
    distribution: Distribution;
    kubernetesVersion: string;
    oidcIssuer: pulumi.Output<string>;
    /** StorageClass for persistent volumes (encrypted, zone-aware). */
    storageClassName: string;
    nodeAutoscaling: NodeAutoscaling;
    /** Whether metrics-server ships with the managed cluster or the platform must install it. */
    metricsServer: "provided" | "install";
    /** Whether GPU nodes come with the NVIDIA device plugin or the platform must install it. */
    nvidiaDevicePlugin: "provided" | "install";
    /** Service annotations for a cloud load balancer, internal (private network) or internet-facing. */
    loadBalancerAnnotations: { internal: Record<string, string>; external: Record<string, string> };
    /** Taints carried by the optional node pools, so workloads can tolerate them. */
    taints: { gpu?: Taint; spot?: Taint; system?: Taint };
    network: ClusterNetworkFacts;
}

export interface Taint {
    key: string;
    value: string;
    effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** The taints of the pools a stack actually has, from a cloud's table of pool taints. */
export function configuredTaints(
    pools: { gpu?: unknown; spot?: unknown },
    taints: { system: Taint; gpu: Taint; spot: Taint },
): ClusterFacts["taints"] {
    return { system: taints.system, ...(pools.gpu ? { gpu: taints.gpu } : {}), ...(pools.spot ? { spot: taints.spot } : {}) };
}

export interface DatabaseFacts {
    host: pulumi.Output<string>;
    port: pulumi.Output<number>;
    name: string;
    username: pulumi.Output<string>;
    /** Secret. */
    password: pulumi.Output<string>;
    sslMode: "require" | "verify-ca" | "verify-full";
    /**
     * PEM of the CA that signs the server's TLS certificate, when that is not a public CA
     * (Cloud SQL uses a per-instance Google CA); clients that verify TLS need it.
     */
    caCertificate?: pulumi.Output<string>;
}

export interface CacheFacts {
    host: pulumi.Output<string>;
    port: pulumi.Output<number>;
    tls: true;
    /** Secret. */
    authToken: pulumi.Output<string>;
    /**
     * PEM of the CA that signs the server's TLS certificate, when that is not a public CA
     * (Memorystore uses a per-instance Google CA); clients that verify TLS need it.
     */
    caCertificate?: pulumi.Output<string>;
}

export interface ObjectStoreFacts {
    /** The protocol clients use; chart values such as MLflow's artifactRoot follow from it. */
    kind: "s3" | "gcs" | "azureBlob";
    /** Bucket (S3, GCS) or container (Azure Blob). */
    bucket: pulumi.Output<string>;
    /** s3://bucket, gs://bucket or wasbs://container@account.blob.core.windows.net */
    uri: pulumi.Output<string>;
    /** Environment variables clients need besides the identity (e.g. AWS_REGION, AZURE_STORAGE_ACCOUNT). */
    clientEnv: pulumi.Output<Record<string, string>>;
}

/** One entry of the cloud's secret store: a JSON object of string properties, written by the program. */
export interface SecretStoreEntry {
    /** The slug given to `put` ("database", "cache", ...): unique in the stack. */
    name: string;
    /** What an ExternalSecret's remoteRef.key names: the AWS secret name, GCP secret ID, Key Vault secret name. */
    key: pulumi.Output<string>;
    /** The cloud's ID of the entry, for grants scoped to it (secret ARN, secret resource name, secret resource ID). */
    id: pulumi.Output<string>;
    /** The JSON properties the value holds. */
    properties: readonly string[];
    /** Complete once the entry holds its value (the secret version exists): readers wait for it. */
    ready: pulumi.Resource;
}

/** How an External Secrets Operator store reaches the cloud's secret store (names and addresses only). */
export type SecretStoreProvider =
    | { kind: "awsSecretsManager"; region: string }
    | { kind: "gcpSecretManager"; projectId: string; clusterLocation: pulumi.Output<string>; clusterName: pulumi.Output<string> }
    | { kind: "azureKeyVault"; vaultUrl: pulumi.Output<string>; tenantId: string };

/** The cloud's secret store, encrypted with the platform's key; never carries a value to the k8s layer. */
export interface SecretStoreFacts {
    provider: SecretStoreProvider;
    /** The platform database's credentials: `username`, `password`. */
    database: SecretStoreEntry;
    /** The cache's credentials: `authToken`. */
    cache: SecretStoreEntry;
    /**
     * Writes one more entry (e.g. a component's own database user); values are made secret before
     * they reach state. `name` is a short slug, unique in the stack ([a-z0-9-]).
     */
    put(name: string, values: Record<string, pulumi.Input<string>>): SecretStoreEntry;
}

/** The platform's credentials each cloud module writes into its secret store. */
export interface PlatformCredentials {
    database: { username: pulumi.Output<string>; password: pulumi.Output<string> };
    cache: { authToken: pulumi.Output<string> };
}

/**
 * A cloud's store facts from its `put`: the platform's two entries, named and shaped alike on every
 * cloud, since the k8s layer's ExternalSecrets read these entry and property names.
 */
export function secretStoreFacts(provider: SecretStoreProvider, credentials: PlatformCredentials, put: SecretStoreFacts["put"]): SecretStoreFacts {
    return {
        provider,
        database: put("database", { username: credentials.database.username, password: credentials.database.password }),
        cache: put("cache", { authToken: credentials.cache.authToken }),
        put,
    };
}

/** The stack's public DNS zone for `platform.domain`, as the DNS-01 solver and external-dns name it. */
export type PublicDnsZone =
    | { provider: "route53"; zoneName: string; zoneId: pulumi.Output<string> }
    | { provider: "cloudDns"; zoneName: string; project: string; managedZone: pulumi.Output<string> }
    | { provider: "azureDns"; zoneName: string; tenantId: string; subscriptionId: pulumi.Output<string>; resourceGroupName: pulumi.Output<string> };

export type PublicDnsFacts = PublicDnsZone & {
    /** Delegate the domain to these from its parent zone. */
    nameServers: pulumi.Output<string[]>;
};

/**
 * Where Velero keeps cluster-state backups: a bucket (container on Azure) of its own, and how the
 * cloud's Velero plugin addresses it and the disk snapshots. The config maps are the plugin's
 * BackupStorageLocation and VolumeSnapshotLocation `config` keys (strings).
 */
export interface ClusterBackupFacts {
    /** The Velero plugin's provider name (velero-plugin-for-aws / -gcp / -microsoft-azure). */
    provider: "aws" | "gcp" | "azure";
    bucket: pulumi.Output<string>;
    backupLocationConfig: pulumi.Output<Record<string, string>>;
    snapshotLocationConfig: pulumi.Output<Record<string, string>>;
    /** Identifiers (no secret) a plugin reads only from a credentials file: the Azure plugin's subscription and disk resource group. */
    credentialsFile?: pulumi.Output<string>;
}

export interface Foundation {
    cloud: "aws" | "gcp" | "azure";
    region: string;
    cluster: ClusterFacts;
    database: DatabaseFacts;
    cache: CacheFacts;
    objectStore: ObjectStoreFacts;
    /** Present when `platform.publicDns` is on: the zone the stack created for `platform.domain`. */
    publicDns?: PublicDnsFacts;
    /** Velero's backup bucket and snapshot settings. */
    clusterBackups: ClusterBackupFacts;
    secretStore: SecretStoreFacts;
    /** Binds a Kubernetes service account to a cloud identity with the named access. */
    workloadIdentity(request: IdentityRequest): IdentityBinding;
}

/** Routes an identity request to the cloud's object-store or DNS binder; DNS access needs a zone. */
export function routeIdentity(
    request: IdentityRequest,
    binders: {
        objectStore: (r: WorkloadIdentityRequest) => IdentityBinding;
        dnsRecords?: (r: DnsIdentityRequest) => IdentityBinding;
        clusterBackups: (r: BackupIdentityRequest) => IdentityBinding;
        secretStoreRead: (r: SecretStoreIdentityRequest) => IdentityBinding;
    },
): IdentityBinding {
    if (request.access === "clusterBackups") return binders.clusterBackups(request);
    if (request.access === "secretStoreRead") return binders.secretStoreRead(request);
    if (request.access !== "dnsRecords") return binders.objectStore(request);
    if (!binders.dnsRecords) throw new Error(`${request.namespace}/${request.serviceAccount} asks for DNS access, but the stack has no public zone (platform.publicDns)`);
    return binders.dnsRecords(request);
}
