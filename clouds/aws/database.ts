/**
 * PostgreSQL on RDS: private subnets only, KMS-encrypted, Multi-AZ in production, SSL forced,
 * IAM authentication, backups, deletion protection and a final snapshot in production.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Subnet } from "@pulumi/aws/ec2";
import { Role, RolePolicyAttachment } from "@pulumi/aws/iam";
import type { Key } from "@pulumi/aws/kms";
import { Instance, ParameterGroup, SubnetGroup } from "@pulumi/aws/rds";
import { RandomPassword } from "@pulumi/random";
import type { DatabaseFacts } from "../../components/foundation";
import { AwsComponent, tags, type AwsContext } from "./context";
import { encryptedLogGroup } from "./logs";
import { clusterOnlySecurityGroup } from "./securityGroups";
import { DATABASE_INSTANCE_CLASSES } from "./sizes";

export interface DatabaseArgs {
    vpcId: pulumi.Input<string>;
    subnets: Subnet[];
    clusterSecurityGroupId: pulumi.Input<string>;
    key: Key;
}

const PORT = 5432;
/** Logs RDS exports to CloudWatch: `/aws/rds/instance/<identifier>/<log>`. */
const LOG_EXPORTS = ["postgresql", "upgrade"] as const;
/** Every engine major the config accepts (database.engineVersion). */
const ENGINE_MAJORS = ["16", "17"] as const;
type EngineMajor = (typeof ENGINE_MAJORS)[number];
export const DATABASE_NAME = "mlplatform";
const USERNAME = "mlplatform_admin";

export class Database extends AwsComponent {
    readonly instance: Instance;
    readonly facts: DatabaseFacts;

    constructor(name: string, ctx: AwsContext, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions) {
        super("Database", name, ctx, opts);
        const db = ctx.spec.database;
        const production = ctx.spec.environment === "production";
        // The username is part of the credentials: secret from birth, like the password.
        const username = pulumi.secret(USERNAME);
        const password = new RandomPassword(name, { length: 32, special: true, overrideSpecial: "-_=+.~" }, this.child());
        const subnetGroup = new SubnetGroup(name, { subnetIds: args.subnets.map((s) => s.id), tags: tags(ctx) }, this.child());
        const securityGroup = clusterOnlySecurityGroup(
            ctx,
            name,
            { vpcId: args.vpcId, port: PORT, clusterSecurityGroupId: args.clusterSecurityGroupId, description: `PostgreSQL for ${ctx.name}` },
            this.child(),
        );
        const parameterGroups = parameterGroupsByFamily(name, ctx, this.child());
        const logGroups = LOG_EXPORTS.map((log) =>
            encryptedLogGroup(
                ctx,
                `${name}-${log}`,
                { name: `/aws/rds/instance/${name}/${log}`, retentionInDays: ctx.spec.cluster.logRetentionDays, kmsKeyArn: args.key.arn },
                this.child(),
            ),
        );
        const monitoring = production ? this.monitoringRole(name) : undefined;
        this.instance = new Instance(
            name,
            {
                identifier: name,
                engine: "postgres",
                engineVersion: db.engineVersion,
                // RDS refuses a major engine change (16 -> 17) unless this is set.
                allowMajorVersionUpgrade: true,
                autoMinorVersionUpgrade: true,
                instanceClass: DATABASE_INSTANCE_CLASSES[db.size],
                allocatedStorage: db.storageGb,
                maxAllocatedStorage: db.maxStorageGb,
                storageType: "gp3",
                storageEncrypted: true,
                kmsKeyId: args.key.arn,
                dbName: DATABASE_NAME,
                username,
                password: password.result,
                port: PORT,
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [securityGroup.id],
                parameterGroupName: parameterGroups[db.engineVersion].name,
                publiclyAccessible: false,
                multiAz: db.highAvailability,
                iamDatabaseAuthenticationEnabled: true,
                caCertIdentifier: "rds-ca-rsa2048-g1",
                backupRetentionPeriod: db.backupRetentionDays,
                backupWindow: "02:00-03:00",
                maintenanceWindow: "sun:03:30-sun:04:30",
                copyTagsToSnapshot: true,
                deleteAutomatedBackups: !ctx.spec.protect,
                deletionProtection: ctx.spec.protect,
                skipFinalSnapshot: !ctx.spec.protect,
                finalSnapshotIdentifier: ctx.spec.protect ? `${name}-final` : undefined,
                enabledCloudwatchLogsExports: [...LOG_EXPORTS],
                performanceInsightsEnabled: true,
                performanceInsightsKmsKeyId: args.key.arn,
                performanceInsightsRetentionPeriod: 7,
                monitoringInterval: production ? 30 : 0,
                monitoringRoleArn: monitoring?.arn,
                applyImmediately: !production,
                tags: tags(ctx),
            },
            // Log groups first, or RDS creates them unencrypted and kept forever; the monitoring
            // role must hold its policy before RDS validates it.
            this.stateful({ dependsOn: [...logGroups, ...(monitoring ? [monitoring.attachment] : [])] }),
        );
        this.facts = {
            host: this.instance.address,
            port: this.instance.port,
            name: DATABASE_NAME,
            username,
            password: password.result,
            sslMode: "require",
        };
        this.registerOutputs({ endpoint: this.instance.endpoint });
    }

    /** Enhanced monitoring (OS metrics) in production. */
    private monitoringRole(name: string): { arn: pulumi.Output<string>; attachment: RolePolicyAttachment } {
        const role = new Role(
            `${name}-monitoring`,
            {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags: tags(this.ctx),
            },
            this.child(),
        );
        const attachment = new RolePolicyAttachment(
            `${name}-monitoring`,
            { role: role.name, policyArn: pulumi.interpolate`arn:${this.ctx.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole` },
            this.child(),
        );
        return { arn: role.arn, attachment };
    }
}

/**
 * One parameter group per accepted engine family, all kept: a major upgrade switches the instance
 * to a group that already exists, and the old family's group is never deleted while the instance
 * may still use it (production applies the upgrade in the maintenance window, after the `up`).
 * The group of the running family keeps its original URN through the alias.
 */
function parameterGroupsByFamily(name: string, ctx: AwsContext, opts: pulumi.CustomResourceOptions): Record<EngineMajor, ParameterGroup> {
    const current = ctx.spec.database.engineVersion;
    const entries = ENGINE_MAJORS.map((major) => {
        const group = new ParameterGroup(
            `${name}-postgres${major}`,
            {
                family: `postgres${major}`,
                description: `${ctx.name}: TLS required, connections logged`,
                parameters: [
                    { name: "rds.force_ssl", value: "1" },
                    { name: "log_connections", value: "1" },
                    { name: "log_disconnections", value: "1" },
                    { name: "log_min_duration_statement", value: "1000" },
                ],
                tags: tags(ctx),
            },
            { ...opts, aliases: major === current ? [{ name }] : [] },
        );
        return [major, group] as const;
    });
    return Object.fromEntries(entries) as Record<EngineMajor, ParameterGroup>;
}
