/**
 * Cloud SQL for PostgreSQL: a private IP through private services access and no public IPv4,
 * encrypted connections only, CMEK, regional (synchronous standby in another zone) when highly
 * available, automated backups with point-in-time recovery, IAM authentication enabled,
 * deletion protection when protected.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GlobalAddress, Network as Vpc } from "@pulumi/gcp/compute";
import { Database as SqlDatabase, DatabaseInstance, User } from "@pulumi/gcp/sql";
import { RandomPassword } from "@pulumi/random";
import { parseCidr, secondRegionOf } from "../../components/config";
import type { DatabaseFacts } from "../../components/foundation";
import { GcpComponent, labels, type GcpContext } from "./context";
import type { GrantedKey } from "./kms";
import { DATABASE_TIERS } from "./sizes";

export interface DatabaseArgs {
    vpc: Vpc;
    privateServicesRange: GlobalAddress;
    /** The private services peering the instance's IP comes through. */
    privateServicesConnection: pulumi.Resource;
    key: GrantedKey;
}

const PORT = 5432;
export const DATABASE_NAME = "mlplatform";
const USERNAME = "mlplatform_admin";
/** Enterprise edition keeps write-ahead logs for point-in-time recovery at most 7 days. */
const MAX_TRANSACTION_LOG_DAYS = 7;

/** Cloud SQL requires more retained backups than days of transaction logs. */
export function transactionLogRetentionDays(backupRetentionDays: number): number {
    return Math.max(1, Math.min(MAX_TRANSACTION_LOG_DAYS, backupRetentionDays - 1));
}

export class Database extends GcpComponent {
    readonly instance: DatabaseInstance;
    readonly facts: DatabaseFacts;

    constructor(name: string, ctx: GcpContext, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions) {
        super("Database", name, ctx, opts);
        const db = ctx.spec.database;
        const protect = ctx.spec.protect;
        const secondRegion = secondRegionOf(ctx.spec);
        const username = pulumi.secret(USERNAME);
        const password = new RandomPassword(name, { length: 32, special: true, overrideSpecial: "-_=+.~" }, { parent: this });
        this.instance = new DatabaseInstance(
            name,
            {
                project: ctx.project,
                region: ctx.region,
                databaseVersion: `POSTGRES_${db.engineVersion}`,
                encryptionKeyName: args.key.key.id,
                deletionProtection: protect,
                settings: {
                    // PostgreSQL 16+ defaults to Enterprise Plus, which takes other tiers.
                    edition: "ENTERPRISE",
                    tier: DATABASE_TIERS[db.size],
                    availabilityType: db.highAvailability ? "REGIONAL" : "ZONAL",
                    diskType: "PD_SSD",
                    diskSize: db.storageGb,
                    diskAutoresize: true,
                    diskAutoresizeLimit: db.maxStorageGb,
                    deletionProtectionEnabled: protect,
                    retainBackupsOnDelete: protect,
                    ipConfiguration: {
                        ipv4Enabled: false,
                        privateNetwork: args.vpc.id,
                        allocatedIpRange: args.privateServicesRange.name,
                        sslMode: "ENCRYPTED_ONLY",
                        // A per-instance CA: clients pin it and verify the chain (verify-ca).
                        serverCaMode: "GOOGLE_MANAGED_INTERNAL_CA",
                        enablePrivatePathForGoogleCloudServices: false,
                        authorizedNetworks: podClientNetworks(ctx.spec.network.podCidr),
                    },
                    backupConfiguration: {
                        enabled: true,
                        startTime: "02:00",
                        pointInTimeRecoveryEnabled: true,
                        transactionLogRetentionDays: transactionLogRetentionDays(db.backupRetentionDays),
                        backupRetentionSettings: { retainedBackups: db.backupRetentionDays, retentionUnit: "COUNT" },
                        // Backups stored in the second region survive the primary's loss (cross-region restore).
                        ...(secondRegion ? { location: secondRegion } : {}),
                    },
                    databaseFlags: [
                        { name: "cloudsql.iam_authentication", value: "on" },
                        { name: "log_connections", value: "on" },
                        { name: "log_disconnections", value: "on" },
                        { name: "log_min_duration_statement", value: "1000" },
                    ],
                    insightsConfig: { queryInsightsEnabled: true, recordClientAddress: false, recordApplicationTags: true },
                    maintenanceWindow: { day: 7, hour: 3, updateTrack: "stable" },
                    userLabels: labels(ctx),
                },
            },
            this.stateful({ dependsOn: [args.privateServicesConnection, args.key.grant] }),
        );
        // Deleting a PostgreSQL database or user with live objects fails: leave them to the instance.
        const database = new SqlDatabase(
            name,
            { project: ctx.project, instance: this.instance.name, name: DATABASE_NAME, deletionPolicy: "ABANDON" },
            this.stateful(),
        );
        new User(
            name,
            { project: ctx.project, instance: this.instance.name, name: username, password: password.result, type: "BUILT_IN", deletionPolicy: "ABANDON" },
            this.child({ dependsOn: [database] }),
        );
        this.facts = {
            host: this.instance.privateIpAddress,
            port: pulumi.output(PORT),
            name: DATABASE_NAME,
            username,
            password: password.result,
            // The per-instance CA's server certificate names the instance (project:instance), not
            // its private IP, so hostname verification (verify-full) against the IP cannot pass.
            sslMode: "verify-ca",
            // The provider marks serverCaCerts secret; a CA certificate is public and goes in a ConfigMap.
            caCertificate: pulumi.unsecret(this.instance.serverCaCerts.apply((certs) => certs.map((c) => c.cert).join("\n"))),
        };
        this.registerOutputs({ connectionName: this.instance.connectionName, privateIp: this.instance.privateIpAddress });
    }
}

const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c)!);

export function isRfc1918(cidr: string): boolean {
    const range = parseCidr(cidr);
    if (!range) return false;
    const end = range.base + 2 ** (32 - range.prefix);
    return RFC1918.some((r) => range.base >= r.base && end <= r.base + 2 ** (32 - r.prefix));
}

/**
 * Pods connect from their own IPs (VPC-native, not masqueraded inside the VPC). Cloud SQL refuses
 * private-IP clients outside RFC 1918 unless they are authorized networks, so a pod range such as
 * 100.64.0.0/14 is listed (https://cloud.google.com/sql/docs/postgres/authorize-networks).
 */
export function podClientNetworks(podCidr: string): { name: string; value: string }[] {
    return isRfc1918(podCidr) ? [] : [{ name: "gke-pods", value: podCidr }];
}
