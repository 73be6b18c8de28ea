import { expect } from "chai";
import { azurePlan, inputsOf, ofType, one, STACKS } from "./azurePlans";

const SERVER = "azure-native:dbforpostgresql:Server";
const REDIS = "azure-native:redisenterprise:RedisEnterprise";
const REDIS_DB = "azure-native:redisenterprise:Database";
const ACCOUNT = "azure-native:storage:StorageAccount";
const VAULT = "azure-native:keyvault:Vault";

describe("Azure PostgreSQL flexible server", () => {
    for (const stack of STACKS) {
        it(`(${stack}) is VNet-integrated with public access disabled`, async () => {
            const p = await azurePlan(stack);
            const db = inputsOf(p, SERVER);
            const delegated = ofType(p, "azure-native:network:Subnet").find((s) => s.name.endsWith("-postgres"))!;
            expect(db.network.publicNetworkAccess).to.equal("Disabled");
            expect(db.network.delegatedSubnetResourceId).to.equal(`${delegated.name}-id`);
            expect((delegated.inputs.delegations as any[])[0].serviceName).to.equal("Microsoft.DBforPostgreSQL/flexibleServers");
            const zone = ofType(p, "azure-native:privatedns:PrivateZone").find((z) => /\.postgres\.database\.azure\.com$/.test(z.inputs.privateZoneName as string))!;
            expect(db.network.privateDnsZoneArmResourceId).to.equal(`${zone.name}-id`);
        });

        it(`(${stack}) authenticates with Entra ID (with an Entra administrator) and a secret admin password, and creates the database`, async () => {
            const p = await azurePlan(stack);
            const db = inputsOf(p, SERVER);
            expect(db.authConfig).to.include({ activeDirectoryAuth: "Enabled" });
            expect(db.administratorLogin).to.equal("[secret]");
            expect(db.administratorLoginPassword).to.equal("[secret]");
            expect(db.backup.backupRetentionDays).to.be.at.least(7);
            expect(inputsOf(p, "azure-native:dbforpostgresql:Database").databaseName).to.equal("mlplatform");
            const admin = inputsOf(p, "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra");
            expect(admin).to.include({ objectId: "7c1e4a2b-5d3f-4b8e-a9c6-2f1d0e3b4a5c", principalName: "ml-platform-admins", principalType: "Group" });
            expect(admin.tenantId).to.equal(db.authConfig.tenantId);
        });
    }

    it("is zone-redundant HA with geo-redundant backups in production only", async () => {
        const prod = inputsOf(await azurePlan("production"), SERVER);
        const staging = inputsOf(await azurePlan("staging"), SERVER);
        expect(prod.highAvailability.mode).to.equal("ZoneRedundant");
        expect(prod.backup.geoRedundantBackup).to.equal("Enabled");
        expect(prod.sku.tier).to.equal("GeneralPurpose");
        expect(staging.highAvailability.mode).to.equal("Disabled");
        expect(staging.backup.geoRedundantBackup).to.equal("Disabled");
        expect(staging.sku.tier).to.equal("Burstable");
    });
});

describe("Azure Managed Redis", () => {
    for (const stack of STACKS) {
        it(`(${stack}) requires TLS 1.2, has no plaintext protocol and no public access`, async () => {
            const p = await azurePlan(stack);
            const cluster = inputsOf(p, REDIS);
            const db = inputsOf(p, REDIS_DB);
            expect(cluster.minimumTlsVersion).to.equal("1.2");
            expect(cluster.publicNetworkAccess).to.equal("Disabled");
            expect(db.clientProtocol).to.equal("Encrypted");
            expect(db.port).to.equal(10000);
        });

        it(`(${stack}) is reached through a private endpoint and encrypted with the platform key`, async () => {
            const p = await azurePlan(stack);
            const redis = one(p, REDIS);
            const endpoint = ofType(p, "azure-native:network:PrivateEndpoint").find((e) => e.inputs.privateLinkServiceConnections && (e.inputs.privateLinkServiceConnections as any[])[0].privateLinkServiceId === `${redis.name}-id`)!;
            expect((endpoint.inputs.privateLinkServiceConnections as any[])[0].groupIds).to.deep.equal(["redisEnterprise"]);
            const cmk = (redis.inputs as any).encryption.customerManagedKeyEncryption;
            expect(cmk.keyEncryptionKeyUrl).to.match(/^https:\/\/.+\.vault\.azure\.net\/keys\//);
            expect(cmk.keyEncryptionKeyIdentity.identityType).to.equal("userAssignedIdentity");
        });
    }

    it("is highly available only where replicas are configured (production)", async () => {
        expect(inputsOf(await azurePlan("production"), REDIS).highAvailability).to.equal("Enabled");
        expect(inputsOf(await azurePlan("staging"), REDIS).highAvailability).to.equal("Disabled");
    });
});

describe("Azure Blob artifact store", () => {
    for (const stack of STACKS) {
        it(`(${stack}) has no public blob access, no shared keys, TLS 1.2, HTTPS only and network default Deny`, async () => {
            const a = inputsOf(await azurePlan(stack), ACCOUNT);
            expect(a).to.include({ allowBlobPublicAccess: false, allowSharedKeyAccess: false, minimumTlsVersion: "TLS1_2", enableHttpsTrafficOnly: true });
            expect(a.networkRuleSet.defaultAction).to.equal("Deny");
            expect(a.publicNetworkAccess).to.equal("Disabled");
            expect(a.encryption.keySource).to.equal("Microsoft.Keyvault");
        });

        it(`(${stack}) keeps artifacts in a private container with versioning, soft delete, lifecycle rules and a private endpoint`, async () => {
            const p = await azurePlan(stack);
            // Every container in the account (artifacts, Velero's backups) is private and shares its protections.
            const containers = ofType(p, "azure-native:storage:BlobContainer").map((c) => c.inputs);
            expect(containers.map((c) => c.containerName)).to.have.members(["artifacts", "velero"]);
            for (const c of containers) expect(c, String(c.containerName)).to.include({ publicAccess: "None" });
            const blob = inputsOf(p, "azure-native:storage:BlobServiceProperties");
            expect(blob.isVersioningEnabled).to.equal(true);
            expect(blob.deleteRetentionPolicy.enabled).to.equal(true);
            expect(blob.containerDeleteRetentionPolicy.enabled).to.equal(true);
            const rules = inputsOf(p, "azure-native:storage:ManagementPolicy").policy.rules as any[];
            const noncurrent = stack === "production" ? 90 : 30;
            expect(rules.find((r) => r.name === "expire-noncurrent-versions").definition.actions.version.delete.daysAfterCreationGreaterThan).to.equal(noncurrent);
            const endpoint = ofType(p, "azure-native:network:PrivateEndpoint").find((e) => (e.inputs.privateLinkServiceConnections as any[])[0].groupIds[0] === "blob");
            expect(endpoint, "blob private endpoint").to.not.equal(undefined);
        });
    }
});

describe("Azure Key Vault", () => {
    for (const stack of STACKS) {
        it(`(${stack}) uses RBAC authorization with soft delete and purge protection, and no public network access`, async () => {
            const v = inputsOf(await azurePlan(stack), VAULT).properties;
            expect(v).to.include({ enableRbacAuthorization: true, enableSoftDelete: true, enablePurgeProtection: true, publicNetworkAccess: "Disabled" });
            expect(v.networkAcls).to.deep.equal({ defaultAction: "Deny", bypass: "AzureServices" });
        });

        it(`(${stack}) lets the encryption identity only wrap and unwrap with the data key`, async () => {
            const p = await azurePlan(stack);
            const key = one(p, "azure-native:keyvault:Key");
            expect((key.inputs as any).properties.keyOps).to.deep.equal(["wrapKey", "unwrapKey"]);
            const grant = ofType(p, "azure-native:authorization:RoleAssignment").find((r) => r.name.endsWith("-encryption-key-user"))!;
            expect(grant.inputs.scope).to.equal(`${key.name}-id`);
            expect(grant.inputs.roleDefinitionId).to.match(/\/e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
        });
    }
});
