import { RULES } from "../../../policy/rules";
import type { Fixture } from "../harness";
import { urnOf } from "../harness";
import { patched, STAGING, type RuleCase } from "./types";

const rule = (name: string) => RULES.find((r) => r.name === name)!;

const firewall = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "gcp:compute/firewall:Firewall",
    props: patched({ direction: "INGRESS", allows: [{ protocol: "tcp", ports: ["8443", "9443"] }], sourceRanges: ["0.0.0.0/0"] }, patch),
});

const projectGrant = (role: string, member = "serviceAccount:mlflow@acme.iam.gserviceaccount.com"): Fixture => ({ type: "gcp:projects/iAMMember:IAMMember", props: { project: "acme", role, member } });

const BUCKET: Fixture = { type: "gcp:storage/bucket:Bucket", name: "artifacts", props: { name: "artifacts-1" } };
const bucketGrant = (linked: boolean): Fixture => ({
    type: "gcp:storage/bucketIAMMember:BucketIAMMember",
    props: { bucket: linked ? "artifacts-1" : "other-bucket", role: "roles/storage.objectViewer", member: "serviceAccount:m@acme.iam.gserviceaccount.com" },
    propertyDependencies: linked ? { bucket: [urnOf("gcp:storage/bucket:Bucket", "artifacts")] } : {},
});
const SA: Fixture = { type: "gcp:serviceaccount/account:Account", name: "mlflow", props: {} };
const saGrant = (member: string): Fixture => ({
    type: "gcp:serviceaccount/iAMMember:IAMMember",
    props: { serviceAccountId: "projects/acme/serviceAccounts/mlflow@acme.iam.gserviceaccount.com", role: "roles/iam.workloadIdentityUser", member },
    propertyDependencies: { serviceAccountId: [urnOf("gcp:serviceaccount/account:Account", "mlflow")] },
});

const gke = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "gcp:container/cluster:Cluster",
    props: patched(
        {
            privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false, masterIpv4CidrBlock: "172.16.0.0/28" },
            masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "203.0.113.0/28", displayName: "ci" }] },
            workloadIdentityConfig: { workloadPool: "proj.svc.id.goog" },
            databaseEncryption: { state: "ENCRYPTED", keyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k" },
            datapathProvider: "ADVANCED_DATAPATH",
            releaseChannel: { channel: "REGULAR" },
            deletionProtection: true,
        },
        patch,
    ),
});

const nodePool = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "gcp:container/nodePool:NodePool",
    props: patched(
        {
            management: { autoRepair: true, autoUpgrade: true },
            nodeConfig: {
                imageType: "COS_CONTAINERD",
                serviceAccount: "gke-nodes@proj.iam.gserviceaccount.com",
                shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                workloadMetadataConfig: { mode: "GKE_METADATA" },
            },
        },
        patch,
    ),
});

const sql = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "gcp:sql/databaseInstance:DatabaseInstance",
    props: patched(
        {
            deletionProtection: true,
            settings: {
                availabilityType: "REGIONAL",
                ipConfiguration: { ipv4Enabled: false, privateNetwork: "projects/p/global/networks/n", sslMode: "ENCRYPTED_ONLY" },
                backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, backupRetentionSettings: { retainedBackups: 30 } },
            },
        },
        patch,
    ),
});

const memorystore = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "gcp:redis/instance:Instance",
    props: patched({ authEnabled: true, transitEncryptionMode: "SERVER_AUTHENTICATION", tier: "STANDARD_HA" }, patch),
});

const bucket = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "gcp:storage/bucket:Bucket",
    props: patched({ publicAccessPrevention: "enforced", uniformBucketLevelAccess: true, versioning: { enabled: true } }, patch),
});

export const GCP_CASES: RuleCase[] = [
    {
        rule: rule("gcp-gke-private-cluster"),
        compliant: [
            { why: "private nodes, authorized networks", fixture: gke() },
            { why: "private endpoint", fixture: gke({ masterAuthorizedNetworksConfig: undefined, privateClusterConfig: { enablePrivateEndpoint: true } }) },
            { why: "authorized networks block with no entries", fixture: gke({ masterAuthorizedNetworksConfig: { cidrBlocks: [] } }) },
        ],
        violating: [
            { why: "public nodes", fixture: gke({ privateClusterConfig: { enablePrivateNodes: false } }), expect: /public IPs/ },
            { why: "open control plane", fixture: gke({ masterAuthorizedNetworksConfig: undefined }), expect: /any network/ },
            { why: "authorized 0.0.0.0/0", fixture: gke({ masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "0.0.0.0/0" }] } }), expect: /any network/ },
        ],
    },
    {
        rule: rule("gcp-gke-workload-identity"),
        compliant: [
            { why: "cluster with a workload pool", fixture: gke() },
            { why: "pool on the GKE metadata server", fixture: nodePool() },
        ],
        violating: [
            { why: "cluster without Workload Identity", fixture: gke({ workloadIdentityConfig: undefined }) },
            { why: "pool exposing node metadata", fixture: nodePool({ nodeConfig: { workloadMetadataConfig: { mode: "GCE_METADATA" } } }) },
        ],
    },
    {
        rule: rule("gcp-gke-secrets-encryption"),
        compliant: [{ why: "encrypted with KMS", fixture: gke() }],
        violating: [{ why: "decrypted", fixture: gke({ databaseEncryption: { state: "DECRYPTED", keyName: undefined } }) }],
    },
    {
        rule: rule("gcp-gke-network-policy"),
        compliant: [
            { why: "Dataplane V2", fixture: gke() },
            { why: "Calico add-on", fixture: gke({ datapathProvider: undefined, networkPolicy: { enabled: true } }) },
        ],
        violating: [{ why: "neither", fixture: gke({ datapathProvider: "LEGACY_DATAPATH" }) }],
    },
    {
        rule: rule("gcp-gke-auth-hardening"),
        compliant: [{ why: "defaults", fixture: gke() }],
        violating: [
            { why: "legacy ABAC", fixture: gke({ enableLegacyAbac: true }), expect: /ABAC/ },
            { why: "client certificate", fixture: gke({ masterAuth: { clientCertificateConfig: { issueClientCertificate: true } } }), expect: /client certificate/ },
            { why: "shielded nodes off", fixture: gke({ enableShieldedNodes: false }), expect: /Shielded/ },
        ],
    },
    {
        rule: rule("gcp-gke-release-channel"),
        compliant: [{ why: "REGULAR", fixture: gke() }],
        violating: [{ why: "no channel", fixture: gke({ releaseChannel: { channel: "UNSPECIFIED" } }) }],
    },
    {
        rule: rule("gcp-gke-deletion-protection"),
        compliant: [
            { why: "provider default (true)", fixture: gke({ deletionProtection: undefined }) },
            { why: "staging may turn it off", fixture: gke({ deletionProtection: false }), options: STAGING },
        ],
        violating: [{ why: "off in production", fixture: gke({ deletionProtection: false }) }],
    },
    {
        rule: rule("gcp-gke-node-pool-hardening"),
        compliant: [{ why: "hardened pool", fixture: nodePool() }],
        violating: [
            { why: "auto-repair off", fixture: nodePool({ management: { autoRepair: false } }), expect: /auto-repair/ },
            { why: "default compute service account", fixture: nodePool({ nodeConfig: { serviceAccount: "123-compute@developer.gserviceaccount.com" } }), expect: /default Compute/ },
            { why: "Ubuntu image", fixture: nodePool({ nodeConfig: { imageType: "UBUNTU_CONTAINERD" } }), expect: /UBUNTU/ },
            { why: "no Secure Boot", fixture: nodePool({ nodeConfig: { shieldedInstanceConfig: { enableSecureBoot: false } } }), expect: /Secure Boot/ },
        ],
    },
    {
        rule: rule("gcp-cloudsql-private-ip"),
        compliant: [{ why: "private IP only", fixture: sql() }],
        violating: [
            { why: "public IP by default", fixture: sql({ settings: { ipConfiguration: { ipv4Enabled: undefined } } }), expect: /public IPv4/ },
            { why: "authorized 0.0.0.0/0", fixture: sql({ settings: { ipConfiguration: { authorizedNetworks: [{ value: "0.0.0.0/0" }] } } }), expect: /0.0.0.0\/0/ },
        ],
    },
    {
        rule: rule("gcp-cloudsql-tls"),
        compliant: [{ why: "encrypted only", fixture: sql() }],
        violating: [{ why: "unencrypted allowed", fixture: sql({ settings: { ipConfiguration: { sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } } }) }],
    },
    {
        rule: rule("gcp-cloudsql-backups"),
        compliant: [{ why: "backups with PITR", fixture: sql() }],
        violating: [
            { why: "no PITR", fixture: sql({ settings: { backupConfiguration: { pointInTimeRecoveryEnabled: false } } }), expect: /Point-in-time/ },
            { why: "3 backups", fixture: sql({ settings: { backupConfiguration: { backupRetentionSettings: { retainedBackups: 3 } } } }), expect: /Only 3/ },
        ],
    },
    {
        rule: rule("gcp-cloudsql-high-availability"),
        compliant: [
            { why: "regional", fixture: sql() },
            { why: "staging zonal", fixture: sql({ settings: { availabilityType: "ZONAL" } }), options: STAGING },
        ],
        violating: [{ why: "production zonal", fixture: sql({ settings: { availabilityType: "ZONAL" } }), expect: /zonal/ }],
    },
    {
        rule: rule("gcp-memorystore-auth-tls"),
        compliant: [{ why: "AUTH and TLS", fixture: memorystore() }],
        violating: [
            { why: "no AUTH", fixture: memorystore({ authEnabled: false }), expect: /AUTH/ },
            { why: "no TLS", fixture: memorystore({ transitEncryptionMode: "DISABLED" }), expect: /TLS/ },
        ],
    },
    {
        rule: rule("gcp-memorystore-high-availability"),
        compliant: [
            { why: "Standard tier", fixture: memorystore() },
            { why: "staging Basic", fixture: memorystore({ tier: "BASIC" }), options: STAGING },
        ],
        violating: [{ why: "production Basic", fixture: memorystore({ tier: "BASIC" }) }],
    },
    {
        rule: rule("gcp-gcs-no-public-access"),
        compliant: [
            { why: "enforced prevention", fixture: bucket() },
            { why: "member is a service account", fixture: { type: "gcp:storage/bucketIAMMember:BucketIAMMember", props: { role: "roles/storage.objectViewer", member: "serviceAccount:a@p.iam.gserviceaccount.com" } } },
        ],
        violating: [
            { why: "prevention inherited", fixture: bucket({ publicAccessPrevention: "inherited" }), expect: /publicAccessPrevention/ },
            { why: "object ACLs", fixture: bucket({ uniformBucketLevelAccess: false }), expect: /Uniform/ },
            { why: "allUsers binding", fixture: { type: "gcp:storage/bucketIAMBinding:BucketIAMBinding", props: { role: "roles/storage.objectViewer", members: ["allUsers"] } }, expect: /allUsers/ },
        ],
    },
    {
        rule: rule("gcp-gcs-versioning"),
        compliant: [{ why: "versioned", fixture: bucket() }],
        violating: [{ why: "unversioned", fixture: bucket({ versioning: undefined }) }],
    },
    {
        rule: rule("gcp-kms-key-rotation"),
        compliant: [
            { why: "90 days", fixture: { type: "gcp:kms/cryptoKey:CryptoKey", props: { rotationPeriod: "7776000s" } } },
            { why: "asymmetric signing key", fixture: { type: "gcp:kms/cryptoKey:CryptoKey", props: { purpose: "ASYMMETRIC_SIGN" } } },
        ],
        violating: [
            { why: "never rotates", fixture: { type: "gcp:kms/cryptoKey:CryptoKey", props: {} }, expect: /unset/ },
            { why: "a year", fixture: { type: "gcp:kms/cryptoKey:CryptoKey", props: { rotationPeriod: "31536000s" } } },
        ],
    },
    {
        rule: rule("gcp-firewall-no-world-ingress"),
        compliant: [
            { why: "control plane range only", fixture: firewall({ sourceRanges: ["172.16.0.0/28"] }) },
            { why: "gateway listener the config allows", fixture: firewall({ allows: [{ protocol: "tcp", ports: ["80", "443"] }] }), options: { config: { publicPorts: [80, 443] } } },
            { why: "egress rule", fixture: firewall({ direction: "EGRESS", destinationRanges: ["0.0.0.0/0"] }) },
        ],
        violating: [
            { why: "internet to webhooks", fixture: firewall(), expect: /Admits the internet to tcp 8443,9443/ },
            { why: "all protocols from anywhere", fixture: firewall({ allows: [{ protocol: "all" }] }), options: { config: { publicPorts: [80, 443] } }, expect: /all every port/ },
            { why: "a port range next to the listener", fixture: firewall({ allows: [{ protocol: "tcp", ports: ["443", "1000-2000"] }] }), options: { config: { publicPorts: [80, 443] } } },
            { why: "IPv6 anywhere", fixture: firewall({ sourceRanges: ["::/0"], allows: [{ protocol: "tcp", ports: ["22"] }] }) },
        ],
    },
    {
        rule: rule("gcp-iam-no-broad-grants"),
        compliant: [
            { why: "node service account role", fixture: projectGrant("roles/container.defaultNodeServiceAccount") },
            { why: "cluster admins", fixture: projectGrant("roles/container.admin", "group:admins@acme.example") },
        ],
        violating: [
            { why: "storage admin on the project", fixture: projectGrant("roles/storage.admin"), expect: /roles\/storage.admin is granted .* project acme/ },
            { why: "editor", fixture: projectGrant("roles/editor") },
            { why: "secret accessor on the project", fixture: projectGrant("roles/secretmanager.secretAccessor") },
            { why: "impersonation on the project", fixture: { type: "gcp:projects/iAMBinding:IAMBinding", props: { project: "acme", role: "roles/iam.serviceAccountTokenCreator", members: ["serviceAccount:x@acme.iam.gserviceaccount.com"] } } },
        ],
    },
    {
        rule: rule("gcp-iam-workload-scoped"),
        compliant: [
            { why: "grant on the stack's bucket", fixture: [BUCKET, bucketGrant(true)] },
            { why: "Workload Identity for one service account", fixture: [SA, saGrant("serviceAccount:acme.svc.id.goog[mlflow/mlflow]")] },
        ],
        violating: [
            { why: "grant on a bucket the stack does not create", fixture: [BUCKET, bucketGrant(false)], expect: /bucket other-bucket is not a resource this stack creates/ },
            { why: "Workload Identity for a whole namespace", fixture: [SA, saGrant("principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/acme.svc.id.goog/namespace/mlflow")], expect: /not one Kubernetes service account/ },
        ],
    },
    {
        rule: rule("gcp-secretmanager-secret-cmek"),
        compliant: [
            { why: "user-managed replica with CMEK", fixture: { type: "gcp:secretmanager/secret:Secret", props: { replication: { userManaged: { replicas: [{ location: "europe-west4", customerManagedEncryption: { kmsKeyName: "k" } }] } } } } },
            { why: "automatic replication with CMEK", fixture: { type: "gcp:secretmanager/secret:Secret", props: { replication: { auto: { customerManagedEncryption: { kmsKeyName: "k" } } } } } },
        ],
        violating: [
            { why: "automatic replication, Google-managed keys", fixture: { type: "gcp:secretmanager/secret:Secret", props: { replication: { auto: {} } } }, expect: /Google-managed/ },
            {
                why: "one replica without a key",
                fixture: { type: "gcp:secretmanager/secret:Secret", props: { replication: { userManaged: { replicas: [{ location: "europe-west4", customerManagedEncryption: { kmsKeyName: "k" } }, { location: "europe-west1" }] } } } },
                expect: /europe-west1 has no customer-managed key/,
            },
        ],
    },
];
