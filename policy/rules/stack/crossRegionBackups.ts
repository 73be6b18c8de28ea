import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../lib/rule";
import { known } from "../../lib/unknown";
import { platform } from "../../lib/references";

const RDS = "aws:rds/instance:Instance";
const RDS_BACKUP_REPLICATION = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const S3_BUCKET = "aws:s3/bucket:Bucket";
const S3_REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const CLOUD_SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const GCS_BUCKET = "gcp:storage/bucket:Bucket";
const TRANSFER_JOB = "gcp:storage/transferJob:TransferJob";
const AZURE_PG = "azure-native:dbforpostgresql:Server";
const STORAGE_ACCOUNT = "azure-native:storage:StorageAccount";
const OBJECT_REPLICATION = "azure-native:storage:ObjectReplicationPolicy";

/** Storage SKUs that keep a copy in the paired region. */
const GEO_SKUS = ["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"];

const ofType = (resources: PolicyResource[], type: string) => resources.filter((r) => r.type === type);

/** A replication configured against this instance (its sourceDbInstanceArn comes from the instance), under a key. */
function rdsReplicated(instance: PolicyResource, replications: PolicyResource[]): boolean {
    return replications.some((r) => (r.propertyDependencies.sourceDbInstanceArn ?? []).some((d) => d.urn === instance.urn) && known(() => r.props.kmsKeyId) !== undefined);
}

/** An S3 replication rule that re-encrypts replicas with a destination key. */
function s3Replicates(config: PolicyResource): boolean {
    const rules = (known(() => config.props.rules) ?? []) as { status?: string; destination?: { encryptionConfiguration?: { replicaKmsKeyId?: string } } }[];
    return rules.some((r) => r.status === "Enabled" && r.destination?.encryptionConfiguration?.replicaKmsKeyId !== undefined);
}

export default stackRule({
    name: "production-cross-region-backups",
    description: "In production, database backups and the object store have copies in a second region (RDS backup replication, Cloud SQL backup location, Azure geo-redundant backup; S3 replication, a Storage Transfer copy or a geo-redundant storage account).",
    category: "availability",
    severity: "high",
    environmentAware: true,
    references: [platform("disaster-recovery")],
    remediationSteps: "Set the second region in the stack config (aws.drRegion, gcp.drRegion, azure.drLocation; see docs/disaster-recovery.md).",
    types: [RDS, RDS_BACKUP_REPLICATION, S3_BUCKET, S3_REPLICATION, CLOUD_SQL, GCS_BUCKET, TRANSFER_JOB, AZURE_PG, STORAGE_ACCOUNT, OBJECT_REPLICATION],
    check: (args, { environment, report }) => {
        if (environment !== "production") return;
        const all = args.resources;
        for (const db of ofType(all, RDS)) {
            if (!rdsReplicated(db, ofType(all, RDS_BACKUP_REPLICATION))) report(`RDS instance ${db.name} has no automated backup replication to a second region.`, db.urn);
        }
        const buckets = ofType(all, S3_BUCKET);
        if (buckets.length > 0 && !ofType(all, S3_REPLICATION).some(s3Replicates)) report("No S3 bucket replicates to a second region (a BucketReplicationConfig with a replica KMS key).", buckets[0].urn);
        for (const db of ofType(all, CLOUD_SQL)) {
            const location = known(() => db.props.settings?.backupConfiguration?.location) as string | undefined;
            if (!location || location === known(() => db.props.region)) report(`Cloud SQL instance ${db.name} keeps its backups in its own region: set settings.backupConfiguration.location.`, db.urn);
        }
        const gcs = ofType(all, GCS_BUCKET);
        if (gcs.length > 0 && ofType(all, TRANSFER_JOB).length === 0 && !gcs.some((b) => /^(EU|US|ASIA|NAM4|EUR4|EUR5|EUR7|EUR8|ASIA1)$/.test(String(known(() => b.props.location) ?? "")))) {
            report("No GCS bucket is copied to a second region (a Storage Transfer job or a dual/multi-region bucket).", gcs[0].urn);
        }
        for (const db of ofType(all, AZURE_PG)) {
            if (known(() => db.props.backup?.geoRedundantBackup) !== "Enabled") report(`PostgreSQL server ${db.name} has no geo-redundant backup.`, db.urn);
        }
        const accounts = ofType(all, STORAGE_ACCOUNT);
        if (accounts.length > 0 && ofType(all, OBJECT_REPLICATION).length === 0 && !accounts.some((a) => GEO_SKUS.includes(String(known(() => a.props.sku?.name))))) {
            report("No storage account keeps a copy in the paired region (GRS/GZRS or object replication).", accounts[0].urn);
        }
    },
});
