import { RULES } from "../../../policy/rules";
import { urnOf, type Fixture } from "../harness";
import { STAGING, type RuleCase } from "./types";

const rule = (name: string) => RULES.find((r) => r.name === name)!;
const TAGS = { project: "ml-platform", stack: "production", environment: "production", owner: "ml", "cost-center": "cc-1" };
const PART_OF = { "app.kubernetes.io/part-of": "ml-platform" };

const ns = (name: string, labels: Record<string, string> = PART_OF): Fixture => ({ type: "kubernetes:core/v1:Namespace", name, props: { metadata: { name, labels } } });

/** A NetworkPolicy linked to its namespace the way the program does: metadata.namespace from the Namespace. */
function netpol(namespace: string, name: string, spec: Record<string, unknown>, linked = true): Fixture {
    return {
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        name: `${namespace}-${name}`,
        props: { metadata: { name, namespace: linked ? namespace : "[unknown]" }, spec },
        propertyDependencies: linked ? { metadata: [urnOf("kubernetes:core/v1:Namespace", namespace)] } : {},
    };
}

const DENY_ALL = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
const ALLOW_DNS = { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: {} }] }] };

export const STACK_CASES: RuleCase[] = [
    {
        rule: rule("required-tags"),
        compliant: [
            { why: "AWS tags", fixture: { type: "aws:rds/instance:Instance", props: { tags: TAGS } } },
            { why: "GKE resourceLabels", fixture: { type: "gcp:container/cluster:Cluster", props: { resourceLabels: TAGS } } },
            { why: "Cloud SQL userLabels", fixture: { type: "gcp:sql/databaseInstance:DatabaseInstance", props: { settings: { userLabels: TAGS } } } },
            { why: "untaggable type", fixture: { type: "aws:ec2/route:Route", props: {} } },
        ],
        violating: [
            { why: "no tags", fixture: { type: "azure-native:storage:StorageAccount", props: {} }, expect: /Missing tags project, stack, environment, owner, cost-center/ },
            { why: "cost-center missing", fixture: { type: "gcp:storage/bucket:Bucket", props: { labels: { ...TAGS, "cost-center": undefined } } }, expect: /labels cost-center/ },
            { why: "configured extra tag", fixture: { type: "aws:kms/key:Key", props: { tags: TAGS } }, options: { config: { requiredTags: ["data-classification"] } } },
        ],
    },
    {
        rule: rule("stateful-resources-protected"),
        compliant: [
            { why: "protected in production", fixture: { type: "aws:rds/instance:Instance", props: {}, protect: true } },
            { why: "staging unprotected", fixture: { type: "gcp:sql/databaseInstance:DatabaseInstance", props: {} }, options: STAGING },
        ],
        violating: [
            { why: "unprotected Key Vault in production", fixture: { type: "azure-native:keyvault:Vault", props: {} }, expect: /Vault is not protected/ },
            { why: "unprotected bucket in production", fixture: { type: "gcp:storage/bucket:Bucket", props: {} } },
        ],
    },
    {
        rule: rule("k8s-namespace-network-policy"),
        compliant: [
            { why: "default deny plus allows", fixture: [ns("mlflow"), netpol("mlflow", "default-deny", DENY_ALL), netpol("mlflow", "allow-dns", ALLOW_DNS)] },
            { why: "namespaces outside the platform are not checked", fixture: [ns("team-a", {})] },
        ],
        violating: [
            { why: "namespace without policies", fixture: [ns("mlflow"), ns("serving"), netpol("mlflow", "default-deny", DENY_ALL)], expect: /serving has no NetworkPolicy/ },
            { why: "only allow policies", fixture: [ns("mlflow"), netpol("mlflow", "allow-dns", ALLOW_DNS)], expect: /no default-deny/ },
            { why: "policy not linked to the namespace", fixture: [ns("mlflow"), netpol("mlflow", "default-deny", DENY_ALL, false)], expect: /mlflow has no NetworkPolicy/ },
        ],
    },
    {
        rule: rule("production-cross-region-backups"),
        compliant: [
            {
                why: "RDS with backup replication under a key and S3 replication with a replica key",
                fixture: [
                    { type: "aws:rds/instance:Instance", name: "db", props: {} },
                    {
                        type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
                        name: "db-dr",
                        props: { region: "us-west-2", kmsKeyId: "arn:aws:kms:us-west-2:123456789012:key/k" },
                        propertyDependencies: { sourceDbInstanceArn: [urnOf("aws:rds/instance:Instance", "db")] },
                    },
                    { type: "aws:s3/bucket:Bucket", name: "artifacts", props: {} },
                    {
                        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                        name: "artifacts",
                        props: { rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::replica", encryptionConfiguration: { replicaKmsKeyId: "k" } } }] },
                    },
                ],
            },
            {
                why: "Cloud SQL backups in another region and a transfer job",
                fixture: [
                    { type: "gcp:sql/databaseInstance:DatabaseInstance", props: { region: "europe-west4", settings: { backupConfiguration: { location: "europe-west1" } } } },
                    { type: "gcp:storage/bucket:Bucket", props: { location: "EUROPE-WEST4" } },
                    { type: "gcp:storage/transferJob:TransferJob", props: {} },
                ],
            },
            {
                why: "Azure geo-redundant backup and a GZRS account",
                fixture: [
                    { type: "azure-native:dbforpostgresql:Server", props: { backup: { geoRedundantBackup: "Enabled" } } },
                    { type: "azure-native:storage:StorageAccount", props: { sku: { name: "Standard_GZRS" } } },
                ],
            },
            { why: "staging without copies", fixture: [{ type: "azure-native:dbforpostgresql:Server", props: { backup: { geoRedundantBackup: "Disabled" } } }], options: STAGING },
        ],
        violating: [
            { why: "RDS without backup replication", fixture: [{ type: "aws:rds/instance:Instance", name: "db", props: {} }], expect: /db has no automated backup replication/ },
            {
                why: "S3 replication that does not re-encrypt",
                fixture: [
                    { type: "aws:s3/bucket:Bucket", props: {} },
                    { type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", props: { rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::replica" } }] } },
                ],
                expect: /No S3 bucket replicates/,
            },
            {
                why: "Cloud SQL backups in the primary region",
                fixture: [{ type: "gcp:sql/databaseInstance:DatabaseInstance", name: "sql", props: { region: "europe-west4", settings: { backupConfiguration: { location: "europe-west4" } } } }],
                expect: /sql keeps its backups in its own region/,
            },
            { why: "a regional GCS bucket with no copy", fixture: [{ type: "gcp:storage/bucket:Bucket", props: { location: "EUROPE-WEST4" } }], expect: /No GCS bucket is copied/ },
            { why: "Azure server without geo-redundant backup", fixture: [{ type: "azure-native:dbforpostgresql:Server", name: "pg", props: { backup: { geoRedundantBackup: "Disabled" } } }], expect: /pg has no geo-redundant backup/ },
            { why: "a zone-redundant account only", fixture: [{ type: "azure-native:storage:StorageAccount", props: { sku: { name: "Standard_ZRS" } } }], expect: /paired region/ },
        ],
    },
    {
        rule: rule("stack-budget"),
        compliant: [
            {
                why: "an EKS stack with an e-mailing budget",
                fixture: [
                    { type: "aws:eks/cluster:Cluster", props: {} },
                    { type: "aws:budgets/budget:Budget", props: { notifications: [{ threshold: 80, subscriberEmailAddresses: ["a@b.example"] }] } },
                ],
            },
            {
                why: "a GKE stack with a budget on a notification channel",
                fixture: [
                    { type: "gcp:container/cluster:Cluster", props: {} },
                    { type: "gcp:billing/budget:Budget", props: { thresholdRules: [{ thresholdPercent: 0.8 }], allUpdatesRule: { monitoringNotificationChannels: ["projects/p/notificationChannels/1"] } } },
                ],
                options: STAGING,
            },
            {
                why: "an AKS stack with a consumption budget",
                fixture: [
                    { type: "azure-native:containerservice:ManagedCluster", props: {} },
                    { type: "azure-native:consumption:Budget", props: { notifications: { a: { enabled: true, contactEmails: ["a@b.example"] } } } },
                ],
            },
            { why: "no cluster: not a platform stack", fixture: [{ type: "aws:s3/bucket:Bucket", props: {} }] },
        ],
        violating: [
            { why: "a cluster and no budget", fixture: [{ type: "gcp:container/cluster:Cluster", props: {} }], expect: /no cost budget/ },
            { why: "no budget in staging either", fixture: [{ type: "aws:eks/cluster:Cluster", props: {} }], options: STAGING, expect: /no cost budget/ },
            {
                why: "a budget that notifies nobody",
                fixture: [
                    { type: "azure-native:containerservice:ManagedCluster", props: {} },
                    { type: "azure-native:consumption:Budget", name: "b", props: { notifications: { a: { enabled: false, contactEmails: ["a@b.example"] } } } },
                ],
                expect: /Budget b notifies nobody/,
            },
        ],
    },
];
