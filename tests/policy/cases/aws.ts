import { RULES } from "../../../policy/rules";
import type { Fixture } from "../harness";
import { urnOf } from "../harness";
import { patched, STAGING, type RuleCase } from "./types";

const rule = (name: string) => RULES.find((r) => r.name === name)!;
const TAGS = { project: "ml-platform", stack: "production", environment: "production", owner: "ml", "cost-center": "cc-1" };

const doc = (Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });

/** A role trusting a service account (or `principal`), its policy, and the bucket and key the policy is built from. */
function workloadPolicy(statements: unknown[], principal: Record<string, unknown> = { Federated: "arn:aws:iam::1:oidc-provider/x" }): Fixture[] {
    const trust = { Effect: "Allow", Principal: principal, Action: principal.Federated ? "sts:AssumeRoleWithWebIdentity" : "sts:AssumeRole" };
    return [
        { type: "aws:iam/role:Role", name: "wl", props: { name: "wl", assumeRolePolicy: doc([trust]) } },
        { type: "aws:s3/bucket:Bucket", name: "artifacts", props: { bucket: "artifacts-1" } },
        { type: "aws:kms/key:Key", name: "data", props: {} },
        {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "wl-policy",
            props: { role: "wl", policy: doc(statements) },
            propertyDependencies: { role: [urnOf("aws:iam/role:Role", "wl")], policy: [urnOf("aws:s3/bucket:Bucket", "artifacts"), urnOf("aws:kms/key:Key", "data")] },
        },
    ];
}

const eks = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "aws:eks/cluster:Cluster",
    props: patched(
        {
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            deletionProtection: true,
            enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            encryptionConfig: { provider: { keyArn: "arn:aws:kms:us-east-1:1:key/k" }, resources: ["secrets"] },
            vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/28"] },
            tags: TAGS,
        },
        patch,
    ),
});

const launchTemplate = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    props: patched(
        {
            blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 50 } }],
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        },
        patch,
    ),
});

const rds = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "aws:rds/instance:Instance",
    props: patched(
        {
            publiclyAccessible: false,
            storageEncrypted: true,
            kmsKeyId: "arn:aws:kms:us-east-1:1:key/data",
            backupRetentionPeriod: 30,
            deletionProtection: true,
            skipFinalSnapshot: false,
            multiAz: true,
            iamDatabaseAuthenticationEnabled: true,
            autoMinorVersionUpgrade: true,
        },
        patch,
    ),
});

const redis = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    props: patched(
        {
            atRestEncryptionEnabled: true,
            transitEncryptionEnabled: true,
            transitEncryptionMode: "required",
            authToken: "[secret]",
            automaticFailoverEnabled: true,
            multiAzEnabled: true,
            snapshotRetentionLimit: 7,
        },
        patch,
    ),
});

const policyDoc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const DENY_HTTP = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };

/** A bucket with every companion the stack rules expect, linked through propertyDependencies. */
function bucketStack(name: string, options: { sse?: string; omit?: string[]; pab?: Record<string, unknown>; logsTo?: string; versioning?: string } = {}): Fixture[] {
    const bucketUrn = urnOf("aws:s3/bucket:Bucket", name);
    const link = { bucket: [bucketUrn] };
    const all: Record<string, Fixture> = {
        bucket: { type: "aws:s3/bucket:Bucket", name, props: { tags: TAGS } },
        pab: {
            type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            name: `${name}-pab`,
            props: { bucket: `${name}-id`, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...(options.pab ?? {}) },
            propertyDependencies: link,
        },
        sse: {
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            name: `${name}-sse`,
            props: { bucket: `${name}-id`, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: options.sse ?? "aws:kms", kmsMasterKeyId: "k" } }] },
            propertyDependencies: link,
        },
        versioning: {
            type: "aws:s3/bucketVersioning:BucketVersioning",
            name: `${name}-versioning`,
            props: { bucket: `${name}-id`, versioningConfiguration: { status: options.versioning ?? "Enabled" } },
            propertyDependencies: link,
        },
        policy: { type: "aws:s3/bucketPolicy:BucketPolicy", name: `${name}-policy`, props: { bucket: `${name}-id`, policy: policyDoc(DENY_HTTP) }, propertyDependencies: link },
        logging: {
            type: "aws:s3/bucketLogging:BucketLogging",
            name: `${name}-logging`,
            props: { bucket: `${name}-id`, targetBucket: `${options.logsTo ?? "logs"}-id`, targetPrefix: `${name}/` },
            propertyDependencies: { ...link, targetBucket: [urnOf("aws:s3/bucket:Bucket", options.logsTo ?? "logs")] },
        },
    };
    if (!options.logsTo) delete all.logging;
    for (const key of options.omit ?? []) delete all[key];
    return Object.values(all);
}

/** The platform's layout: an artifacts bucket (SSE-KMS) logging to an SSE-S3 log bucket. */
const platformBuckets = (artifacts: Parameters<typeof bucketStack>[1] = {}) => [...bucketStack("logs", { sse: "AES256" }), ...bucketStack("artifacts", { logsTo: "logs", ...artifacts })];

export const AWS_CASES: RuleCase[] = [
    {
        rule: rule("aws-eks-endpoint-restricted"),
        compliant: [
            { why: "public endpoint limited to an allow-list", fixture: eks() },
            { why: "private endpoint only", fixture: eks({ vpcConfig: { endpointPublicAccess: false, publicAccessCidrs: undefined } }) },
        ],
        violating: [
            { why: "public with no allow-list (AWS default 0.0.0.0/0)", fixture: eks({ vpcConfig: { publicAccessCidrs: undefined } }), expect: /whole internet/ },
            { why: "allow-list contains 0.0.0.0/0", fixture: eks({ vpcConfig: { publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"] } }) },
        ],
    },
    {
        rule: rule("aws-eks-secrets-encryption"),
        compliant: [{ why: "secrets encrypted with a key", fixture: eks() }],
        violating: [
            { why: "no encryptionConfig", fixture: eks({ encryptionConfig: undefined }), expect: /not envelope-encrypted/ },
            { why: "no key", fixture: eks({ encryptionConfig: { resources: ["secrets"], provider: { keyArn: undefined } } }) },
        ],
    },
    {
        rule: rule("aws-eks-control-plane-logging"),
        compliant: [{ why: "all log types", fixture: eks() }],
        violating: [{ why: "audit missing", fixture: eks({ enabledClusterLogTypes: ["api"] }), expect: /audit, authenticator/ }],
    },
    {
        rule: rule("aws-eks-access-entries"),
        compliant: [{ why: "API mode without creator admin", fixture: eks() }],
        violating: [
            { why: "aws-auth ConfigMap mode", fixture: eks({ accessConfig: { authenticationMode: "CONFIG_MAP" } }), expect: /CONFIG_MAP/ },
            { why: "creator gets admin", fixture: eks({ accessConfig: { bootstrapClusterCreatorAdminPermissions: true } }), expect: /implicit cluster-admin/ },
        ],
    },
    {
        rule: rule("aws-eks-deletion-protection"),
        compliant: [
            { why: "protected in production", fixture: eks() },
            { why: "staging may go without", fixture: eks({ deletionProtection: false }), options: STAGING },
        ],
        violating: [{ why: "unprotected in production", fixture: eks({ deletionProtection: false }) }],
    },
    {
        rule: rule("aws-eks-node-group-no-open-ssh"),
        compliant: [
            { why: "no remote access", fixture: { type: "aws:eks/nodeGroup:NodeGroup", props: { clusterName: "c" } } },
            { why: "SSH from a security group", fixture: { type: "aws:eks/nodeGroup:NodeGroup", props: { remoteAccess: { ec2SshKey: "k", sourceSecurityGroupIds: ["sg-1"] } } } },
        ],
        violating: [{ why: "SSH key without source groups", fixture: { type: "aws:eks/nodeGroup:NodeGroup", props: { remoteAccess: { ec2SshKey: "k" } } } }],
    },
    {
        rule: rule("aws-launch-template-imdsv2"),
        compliant: [{ why: "IMDSv2, hop limit 1", fixture: launchTemplate() }],
        violating: [
            { why: "IMDSv1 allowed", fixture: launchTemplate({ metadataOptions: { httpTokens: "optional" } }), expect: /IMDSv1/ },
            { why: "pods can reach IMDS", fixture: launchTemplate({ metadataOptions: { httpPutResponseHopLimit: 2 } }), expect: /HopLimit is 2/ },
        ],
    },
    {
        rule: rule("aws-launch-template-ebs-encrypted"),
        compliant: [{ why: "encrypted root volume", fixture: launchTemplate() }],
        violating: [{ why: "unencrypted volume", fixture: launchTemplate({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }), expect: /xvda/ }],
    },
    {
        rule: rule("aws-security-group-no-world-admin-ports"),
        compliant: [
            { why: "database port from a security group", fixture: { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", props: { fromPort: 5432, toPort: 5432, ipProtocol: "tcp", referencedSecurityGroupId: "sg-1" } } },
            { why: "HTTPS from anywhere", fixture: { type: "aws:ec2/securityGroup:SecurityGroup", props: { ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] } } },
        ],
        violating: [
            { why: "SSH from anywhere inline", fixture: { type: "aws:ec2/securityGroup:SecurityGroup", props: { ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] } }, expect: /port\(s\) 22/ },
            { why: "PostgreSQL from ::/0", fixture: { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", props: { fromPort: 5432, toPort: 5432, ipProtocol: "tcp", cidrIpv6: "::/0" } } },
            { why: "all traffic from anywhere", fixture: { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", props: { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" } } },
        ],
    },
    {
        rule: rule("aws-default-security-group-closed"),
        compliant: [{ why: "no rules", fixture: { type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", props: { vpcId: "vpc-1" } } }],
        violating: [{ why: "allow-all egress kept", fixture: { type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", props: { egress: [{ protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] } } }],
    },
    {
        rule: rule("aws-rds-no-public-access"),
        compliant: [{ why: "private", fixture: rds() }],
        violating: [{ why: "publicly accessible", fixture: rds({ publiclyAccessible: true }) }],
    },
    {
        rule: rule("aws-rds-storage-encrypted"),
        compliant: [
            { why: "encrypted with a CMK", fixture: rds() },
            { why: "staging may use the AWS-managed key", fixture: rds({ kmsKeyId: undefined }), options: STAGING },
        ],
        violating: [
            { why: "unencrypted", fixture: rds({ storageEncrypted: false }), expect: /not encrypted/ },
            { why: "production without a CMK", fixture: rds({ kmsKeyId: undefined }), expect: /kmsKeyId/ },
        ],
    },
    {
        rule: rule("aws-rds-backup-retention"),
        compliant: [{ why: "30 days", fixture: rds() }],
        violating: [
            { why: "backups off", fixture: rds({ backupRetentionPeriod: 0 }), expect: /is 0 day/ },
            { why: "below a configured 14 days", fixture: rds({ backupRetentionPeriod: 7 }), options: { config: { minBackupRetentionDays: 14 } }, expect: /at least 14/ },
        ],
    },
    {
        rule: rule("aws-rds-deletion-protection"),
        compliant: [
            { why: "protected", fixture: rds() },
            { why: "staging", fixture: rds({ deletionProtection: false, skipFinalSnapshot: true }), options: STAGING },
        ],
        violating: [
            { why: "no deletion protection", fixture: rds({ deletionProtection: false }), expect: /deletion protection/ },
            { why: "skips final snapshot", fixture: rds({ skipFinalSnapshot: true }), expect: /final snapshot/ },
        ],
    },
    {
        rule: rule("aws-rds-multi-az"),
        compliant: [
            { why: "Multi-AZ", fixture: rds() },
            { why: "staging single-AZ", fixture: rds({ multiAz: false }), options: STAGING },
        ],
        violating: [{ why: "production single-AZ", fixture: rds({ multiAz: false }) }],
    },
    {
        rule: rule("aws-rds-iam-auth-and-patching"),
        compliant: [{ why: "IAM auth and patching", fixture: rds() }],
        violating: [
            { why: "no IAM auth", fixture: rds({ iamDatabaseAuthenticationEnabled: false }), expect: /IAM database/ },
            { why: "no minor upgrades", fixture: rds({ autoMinorVersionUpgrade: false }), expect: /minor-version/ },
        ],
    },
    {
        rule: rule("aws-rds-postgres-force-tls"),
        compliant: [
            { why: "force_ssl on", fixture: { type: "aws:rds/parameterGroup:ParameterGroup", props: { family: "postgres17", parameters: [{ name: "rds.force_ssl", value: "1" }] } } },
            { why: "not PostgreSQL", fixture: { type: "aws:rds/parameterGroup:ParameterGroup", props: { family: "mysql8.0", parameters: [] } } },
        ],
        violating: [{ why: "force_ssl off", fixture: { type: "aws:rds/parameterGroup:ParameterGroup", props: { family: "postgres17", parameters: [{ name: "rds.force_ssl", value: "0" }] } } }],
    },
    {
        rule: rule("aws-elasticache-encryption-auth"),
        compliant: [{ why: "encrypted with a token", fixture: redis() }],
        violating: [
            { why: "no at-rest encryption", fixture: redis({ atRestEncryptionEnabled: false }), expect: /at rest/ },
            { why: "TLS preferred only", fixture: redis({ transitEncryptionMode: "preferred" }), expect: /preferred/ },
            { why: "no auth", fixture: redis({ authToken: undefined }), expect: /without authentication/ },
        ],
    },
    {
        rule: rule("aws-elasticache-high-availability"),
        compliant: [
            { why: "replicated with snapshots", fixture: redis() },
            { why: "staging single node with a snapshot", fixture: redis({ automaticFailoverEnabled: false, multiAzEnabled: false, snapshotRetentionLimit: 1 }), options: STAGING },
        ],
        violating: [
            { why: "production without failover", fixture: redis({ automaticFailoverEnabled: false }), expect: /failover/ },
            { why: "no snapshots", fixture: redis({ snapshotRetentionLimit: 0 }), options: STAGING, expect: /snapshotRetentionLimit is 0/ },
        ],
    },
    {
        rule: rule("aws-s3-public-access-block"),
        compliant: [{ why: "every bucket blocked", fixture: platformBuckets() }],
        violating: [
            { why: "bucket without a block", fixture: platformBuckets({ omit: ["pab"] }), expect: /artifacts has no public access block/ },
            { why: "one flag off", fixture: platformBuckets({ pab: { restrictPublicBuckets: false } }), expect: /restrictPublicBuckets/ },
        ],
    },
    {
        rule: rule("aws-s3-default-encryption"),
        compliant: [{ why: "KMS for data, SSE-S3 for the log target", fixture: platformBuckets() }],
        violating: [
            { why: "no encryption configuration", fixture: platformBuckets({ omit: ["sse"] }), expect: /no default encryption/ },
            { why: "data bucket on SSE-S3", fixture: platformBuckets({ sse: "AES256" }), expect: /artifacts is encrypted with AES256/ },
        ],
    },
    {
        rule: rule("aws-s3-versioning"),
        compliant: [{ why: "versioned", fixture: platformBuckets() }],
        violating: [{ why: "suspended", fixture: platformBuckets({ versioning: "Suspended" }), expect: /artifacts does not have versioning/ }],
    },
    {
        rule: rule("aws-s3-access-logging"),
        compliant: [{ why: "artifacts log to the log bucket (which is exempt)", fixture: platformBuckets() }],
        violating: [{ why: "a bucket that logs nowhere", fixture: [...platformBuckets(), ...bucketStack("scratch")], expect: /scratch has no access logging/ }],
    },
    {
        rule: rule("aws-s3-tls-only"),
        compliant: [{ why: "DenyInsecureTransport everywhere", fixture: platformBuckets() }],
        violating: [{ why: "no bucket policy", fixture: platformBuckets({ omit: ["policy"] }), expect: /artifacts accepts requests without TLS/ }],
    },
    {
        rule: rule("aws-s3-bucket-policy-not-public"),
        compliant: [
            { why: "service principal with a condition", fixture: { type: "aws:s3/bucketPolicy:BucketPolicy", props: { policy: policyDoc(DENY_HTTP, { Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "*" }) } } },
        ],
        violating: [{ why: "public read", fixture: { type: "aws:s3/bucketPolicy:BucketPolicy", props: { policy: policyDoc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }) } } }],
    },
    {
        rule: rule("aws-s3-no-public-acl"),
        compliant: [{ why: "no ACL", fixture: { type: "aws:s3/bucket:Bucket", props: {} } }],
        violating: [{ why: "public-read ACL", fixture: { type: "aws:s3/bucketAclV2:BucketAclV2", props: { acl: "public-read" } } }],
    },
    {
        rule: rule("aws-kms-key-rotation"),
        compliant: [
            { why: "rotating", fixture: { type: "aws:kms/key:Key", props: { enableKeyRotation: true } } },
            { why: "asymmetric keys cannot rotate", fixture: { type: "aws:kms/key:Key", props: { customerMasterKeySpec: "RSA_4096" } } },
        ],
        violating: [{ why: "rotation off", fixture: { type: "aws:kms/key:Key", props: { enableKeyRotation: false } } }],
    },
    {
        rule: rule("aws-iam-no-admin-policies"),
        compliant: [{ why: "scoped actions on *", fixture: { type: "aws:iam/rolePolicy:RolePolicy", props: { policy: policyDoc({ Effect: "Allow", Action: ["ec2:Describe*"], Resource: "*" }) } } }],
        violating: [{ why: "*:* on *", fixture: { type: "aws:iam/policy:Policy", props: { policy: policyDoc({ Effect: "Allow", Action: "*", Resource: "*" }) } } }],
    },
    {
        rule: rule("aws-iam-role-trust-scoped"),
        compliant: [
            { why: "service principal", fixture: { type: "aws:iam/role:Role", props: { assumeRolePolicy: policyDoc({ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: "sts:AssumeRole" }) } } },
            {
                why: "IRSA pinned to a service account",
                fixture: {
                    type: "aws:iam/role:Role",
                    props: { assumeRolePolicy: policyDoc({ Effect: "Allow", Principal: { Federated: "arn:oidc" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "oidc/id/X:sub": "system:serviceaccount:a:b" } } }) },
                },
            },
        ],
        violating: [
            { why: "anyone", fixture: { type: "aws:iam/role:Role", props: { assumeRolePolicy: policyDoc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) } }, expect: /any principal/ },
            {
                why: "IRSA without :sub",
                fixture: { type: "aws:iam/role:Role", props: { assumeRolePolicy: policyDoc({ Effect: "Allow", Principal: { Federated: "arn:oidc" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "oidc/id/X:aud": "sts.amazonaws.com" } } }) } },
                expect: /:sub/,
            },
        ],
    },
    {
        rule: rule("aws-log-group-retention-encryption"),
        compliant: [{ why: "encrypted, kept a year", fixture: { type: "aws:cloudwatch/logGroup:LogGroup", props: { kmsKeyId: "k", retentionInDays: 365 } } }],
        violating: [
            { why: "not encrypted", fixture: { type: "aws:cloudwatch/logGroup:LogGroup", props: { retentionInDays: 365 } }, expect: /not encrypted/ },
            { why: "kept 7 days", fixture: { type: "aws:cloudwatch/logGroup:LogGroup", props: { kmsKeyId: "k", retentionInDays: 7 } }, expect: /7 day/ },
        ],
    },
    {
        rule: rule("aws-ecr-scan-immutable"),
        compliant: [{ why: "scanned, immutable", fixture: { type: "aws:ecr/repository:Repository", props: { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" } } }],
        violating: [{ why: "mutable tags", fixture: { type: "aws:ecr/repository:Repository", props: { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "MUTABLE" } } }],
    },
    {
        rule: rule("aws-iam-no-service-wildcards"),
        compliant: [
            { why: "named actions on a named bucket", fixture: { type: "aws:iam/rolePolicy:RolePolicy", props: { policy: doc([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" }]) } } },
            { why: "describe calls on every resource", fixture: { type: "aws:iam/rolePolicy:RolePolicy", props: { policy: doc([{ Effect: "Allow", Action: ["ec2:DescribeInstances"], Resource: "*" }]) } } },
            { why: "a scoped AWS managed policy", fixture: { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: { policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" } } },
        ],
        violating: [
            { why: "s3:* on *", fixture: { type: "aws:iam/rolePolicy:RolePolicy", props: { policy: doc([{ Effect: "Allow", Action: "s3:*", Resource: "*" }]) } }, expect: /s3:\* on every resource/ },
            { why: "kms:* with NotResource", fixture: { type: "aws:iam/policy:Policy", props: { policy: doc([{ Effect: "Allow", Action: ["kms:*"], NotResource: "arn:aws:kms:::key/x" }]) } } },
            { why: "AmazonS3FullAccess attached", fixture: { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: { policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" } }, expect: /AmazonS3FullAccess/ },
        ],
    },
    {
        rule: rule("aws-iam-workload-scoped"),
        compliant: [
            { why: "the platform's bucket and key", fixture: workloadPolicy([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::artifacts-1/*"] }, { Effect: "Allow", Action: ["kms:Decrypt"], Resource: "arn:aws:kms:us-east-1:1:key/k" }]) },
            { why: "not a workload role", fixture: workloadPolicy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }], { Service: "ec2.amazonaws.com" }) },
            { why: "non-data actions on *", fixture: workloadPolicy([{ Effect: "Allow", Action: "autoscaling:DescribeTags", Resource: "*" }]) },
        ],
        violating: [
            { why: "s3 on every resource", fixture: workloadPolicy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]), expect: /s3 actions on every resource/ },
            { why: "a wildcard bucket", fixture: workloadPolicy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*/*" }]), expect: /wildcard/ },
            { why: "another bucket by name", fixture: workloadPolicy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::someone-elses/*" }]), expect: /not one of the platform's buckets/ },
            { why: "a secret the stack does not create", fixture: workloadPolicy([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:us-east-1:1:secret:prod-db-AbCdEf" }]), expect: /secretsmanager actions on resources this stack does not create/ },
        ],
    },
    {
        rule: rule("aws-secretsmanager-secret-cmk"),
        compliant: [{ why: "the platform's key", fixture: { type: "aws:secretsmanager/secret:Secret", props: { name: "p/database", kmsKeyId: "arn:aws:kms:us-east-1:1:key/data" } } }],
        violating: [
            { why: "no key: aws/secretsmanager", fixture: { type: "aws:secretsmanager/secret:Secret", props: { name: "p/database" } }, expect: /AWS-managed/ },
            { why: "the AWS-managed alias named", fixture: { type: "aws:secretsmanager/secret:Secret", props: { name: "p/database", kmsKeyId: "alias/aws/secretsmanager" } }, expect: /AWS-managed/ },
        ],
    },
];
