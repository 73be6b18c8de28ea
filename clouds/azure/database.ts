/**
 * PostgreSQL flexible server, VNet-integrated (delegated subnet, private DNS zone, no public
 * access): zone-redundant HA when the spec asks for high availability, geo-redundant backups when
 * the stack names a second (paired) region, Entra ID authentication alongside the admin password with an Entra ID
 * administrator, TLS required. The server takes one operation at a time (a parameter write in
 * parallel with creation fails with ServerIsBusy), so the database, the administrator and then the
 * TLS parameter follow one another. require_secure_transport is on by default; it is written anyway
 * so that a change made outside Pulumi shows as drift and the policy pack sees the setting.
 */
import * as pulumi from "@pulumi/pulumi";
import { AdministratorsMicrosoftEntra, Configuration, Database as PgDatabase, Server } from "@pulumi/azure-native/dbforpostgresql";
import type { Subnet } from "@pulumi/azure-native/network";
import type { PrivateZone, VirtualNetworkLink } from "@pulumi/azure-native/privatedns";
import { RandomPassword } from "@pulumi/random";
import { secondRegionOf } from "../../components/config";
import type { DatabaseFacts } from "../../components/foundation";
import { AzureComponent, placement, tags, zones, type AzureContext } from "./context";
import { POSTGRES_SKUS, postgresStorageGb } from "./sizes";

export interface DatabaseArgs {
    subnet: Subnet;
    privateDnsZone: PrivateZone;
    privateDnsZoneLink: VirtualNetworkLink;
}

const PORT = 5432;
export const DATABASE_NAME = "mlplatform";
const USERNAME = "mlplatform_admin";

export class Database extends AzureComponent {
    readonly server: Server;
    readonly facts: DatabaseFacts;

    constructor(name: string, ctx: AzureContext, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions) {
        super("Database", name, ctx, opts);
        const db = ctx.spec.database;
        const sku = POSTGRES_SKUS[db.size];
        const zoneRedundant = db.highAvailability && zones(ctx).length > 1;
        // The username is part of the credentials: secret from birth, like the password.
        const username = pulumi.secret(USERNAME);
        const password = new RandomPassword(name, { length: 32, special: true, overrideSpecial: "-_=+.~" }, this.child());

        this.server = new Server(
            name,
            {
                ...placement(ctx),
                version: db.engineVersion,
                sku,
                administratorLogin: username,
                administratorLoginPassword: password.result,
                storage: { storageSizeGB: postgresStorageGb(db.storageGb), autoGrow: "Enabled" },
                network: {
                    delegatedSubnetResourceId: args.subnet.id,
                    privateDnsZoneArmResourceId: args.privateDnsZone.id,
                    publicNetworkAccess: "Disabled",
                },
                availabilityZone: "1",
                highAvailability: zoneRedundant ? { mode: "ZoneRedundant", standbyAvailabilityZone: "2" } : { mode: "Disabled" },
                backup: {
                    backupRetentionDays: db.backupRetentionDays,
                    // Copies to azure.drLocation, the paired region (the config checks it is the pair).
                    // Azure fixes this at creation: changing it later means a new server.
                    geoRedundantBackup: secondRegionOf(ctx.spec) ? "Enabled" : "Disabled",
                },
                authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Enabled", tenantId: ctx.spec.azure.tenantId },
                maintenanceWindow: { customWindow: "Enabled", dayOfWeek: 0, startHour: 3, startMinute: 30 },
                tags: tags(ctx),
            },
            this.stateful({ dependsOn: [args.privateDnsZoneLink], additionalSecretOutputs: ["administratorLogin"] }),
        );
        const database = new PgDatabase(
            `${name}-${DATABASE_NAME}`,
            { resourceGroupName: ctx.resourceGroupName, serverName: this.server.name, databaseName: DATABASE_NAME, charset: "UTF8", collation: "en_US.utf8" },
            this.stateful(),
        );
        // The server takes one operation at a time: the administrator is added after the database.
        const admin = ctx.spec.azure.postgresEntraAdmin;
        const entraAdmin = new AdministratorsMicrosoftEntra(
            `${name}-entra-admin`,
            {
                resourceGroupName: ctx.resourceGroupName,
                serverName: this.server.name,
                objectId: admin.objectId,
                principalName: admin.principalName,
                principalType: admin.principalType,
                tenantId: ctx.spec.azure.tenantId,
            },
            this.child({ dependsOn: [database] }),
        );
        new Configuration(
            `${name}-require-secure-transport`,
            { resourceGroupName: ctx.resourceGroupName, serverName: this.server.name, configurationName: "require_secure_transport", value: "on", source: "user-override" },
            this.child({ dependsOn: [entraAdmin] }),
        );
        this.facts = {
            host: this.server.fullyQualifiedDomainName,
            port: pulumi.output(PORT),
            name: DATABASE_NAME,
            username,
            password: password.result,
            sslMode: "require",
        };
        this.registerOutputs({ host: this.server.fullyQualifiedDomainName });
    }
}
