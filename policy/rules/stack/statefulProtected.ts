import { resourceRule } from "../../lib/rule";
import { platform } from "../../lib/references";

/** Resources whose loss loses data or keys; `pulumi destroy` must stop at them in production. */
export const STATEFUL_TYPES = [
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kms/key:Key",
    "gcp:sql/databaseInstance:DatabaseInstance",
    "gcp:redis/instance:Instance",
    "gcp:storage/bucket:Bucket",
    "gcp:kms/cryptoKey:CryptoKey",
    "azure-native:dbforpostgresql:Server",
    "azure-native:redis:Redis",
    "azure-native:redisenterprise:RedisEnterprise",
    "azure-native:storage:StorageAccount",
    "azure-native:keyvault:Vault",
    "azure-native:keyvault:Key",
] as const;

export default resourceRule({
    name: "stateful-resources-protected",
    description: "In production, databases, caches, buckets, storage accounts and keys are protected from deletion in Pulumi.",
    category: "availability",
    severity: "high",
    environmentAware: true,
    references: [platform("production-protection")],
    remediationSteps: "Create the resource with `protect: true` in production (the stack config's `protect` key); unprotect deliberately with `pulumi state unprotect`.",
    types: STATEFUL_TYPES,
    check: ({ protect, environment, report, type }) => {
        if (environment === "production" && !protect) report(`This ${type.split(":").pop()} is not protected (opts.protect) in production.`);
    },
});
