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
import { clusterOnlySecurityGroup } from "./securityGroups";
import { DATABASE_INSTANCE_CLASSES } from "./sizes";

export interface DatabaseArgs {
    vpcId: pulumi.Input<string>;
    subnets: Subnet[];
    clusterSecurityGroupId: pulumi.Input<string>;
    key: Key;
}

const PORT = 5432;
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
        const parameters = new ParameterGroup(
            name,
            {
                family: `postgres${db.engineVersion}`,
                description: `${ctx.name}: TLS required, connections logged`,
                parameters: [
                    { name: "rds.force_ssl", value: "1" },
                    { name: "log_connections", value: "1" },
                    { name: "log_disconnections", value: "1" },
                    { name: "log_min_duration_statement", value: "1000" },
                ],
                tags: tags(ctx),
            },
            this.child(),
        );
        this.instance = new Instance(
            name,
            {
                identifier: name,
                engine: "postgres",
                engineVersion: db.engineVersion,
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
                parameterGroupName: parameters.name,
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
                enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
                performanceInsightsEnabled: true,
                performanceInsightsKmsKeyId: args.key.arn,
                performanceInsightsRetentionPeriod: 7,
                monitoringInterval: production ? 30 : 0,
                monitoringRoleArn: production ? this.monitoringRole(name).arn : undefined,
                applyImmediately: !production,
                tags: tags(ctx),
            },
            this.stateful(),
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
    private monitoringRole(name: string): Role {
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
        new RolePolicyAttachment(
            `${name}-monitoring`,
            { role: role.name, policyArn: pulumi.interpolate`arn:${this.ctx.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole` },
            this.child(),
        );
        return role;
    }
}
