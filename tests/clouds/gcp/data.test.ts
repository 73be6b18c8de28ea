import { expect } from "chai";
import { transactionLogRetentionDays } from "../../../clouds/gcp/database";
import { gcpPlan, inputsOf, named, ofType, one, STACKS, TYPES } from "./gcpPlans";

describe("GCP Cloud SQL for PostgreSQL", () => {
    for (const stack of STACKS) {
        it(`(${stack}) has a private IP through private services access and no public IPv4`, async () => {
            const p = await gcpPlan(stack);
            const instance = one(p, TYPES.sql);
            const ip = (instance.inputs.settings as Record<string, any>).ipConfiguration;
            expect(ip.ipv4Enabled).to.equal(false);
            // Only the (non-RFC 1918) pod range, which Cloud SQL otherwise refuses on its private IP.
            expect(ip.authorizedNetworks).to.deep.equal([{ name: "gke-pods", value: "100.64.0.0/14" }]);
            expect(ip.privateNetwork).to.equal(`${one(p, TYPES.network).name}-id`);
            expect(ip.allocatedIpRange).to.equal(one(p, TYPES.globalAddress).inputs.name);
            expect(instance.dependencies, "waits for the peering").to.include(one(p, TYPES.connection).urn);
        });

        it(`(${stack}) accepts only encrypted connections and enables IAM authentication`, async () => {
            const settings = inputsOf(await gcpPlan(stack), TYPES.sql).settings;
            expect(settings.ipConfiguration.sslMode).to.equal("ENCRYPTED_ONLY");
            expect(settings.databaseFlags).to.deep.include({ name: "cloudsql.iam_authentication", value: "on" });
        });

        it(`(${stack}) backs up daily with point-in-time recovery, keeping more backups than log days`, async () => {
            const p = await gcpPlan(stack);
            const backup = inputsOf(p, TYPES.sql).settings.backupConfiguration;
            expect(backup).to.include({ enabled: true, pointInTimeRecoveryEnabled: true });
            expect(backup.backupRetentionSettings.retainedBackups).to.be.at.least(7);
            expect(backup.transactionLogRetentionDays).to.be.within(1, 7);
            expect(backup.backupRetentionSettings.retainedBackups).to.be.greaterThan(backup.transactionLogRetentionDays);
        });

        it(`(${stack}) is encrypted with its own CMEK key, granted to the Cloud SQL agent first`, async () => {
            const p = await gcpPlan(stack);
            const instance = one(p, TYPES.sql);
            const key = named(p, TYPES.cryptoKey, "-cloudsql");
            expect(instance.inputs.encryptionKeyName).to.equal(`${key.name}-id`);
            const grant = ofType(p, TYPES.keyMember).find((g) => g.inputs.cryptoKeyId === `${key.name}-id`)!;
            expect(grant.inputs.member).to.match(/^serviceAccount:service-\d+@gcp-sa-cloud-sql\.iam\.gserviceaccount\.com$/);
            expect(instance.dependencies).to.include(grant.urn);
        });

        it(`(${stack}) creates the database and a user whose password is a secret`, async () => {
            const p = await gcpPlan(stack);
            expect(inputsOf(p, TYPES.sqlDatabase).name).to.equal("mlplatform");
            const user = inputsOf(p, TYPES.sqlUser);
            expect(user.password).to.equal("[secret]");
            expect(user.name).to.equal("[secret]");
            expect(p.outputs.databaseSslMode).to.equal("verify-ca");
            expect(p.outputs.databasePort).to.equal(5432);
        });
    }

    it("is REGIONAL with deletion protection and longer backups only in production", async () => {
        const prod = inputsOf(await gcpPlan("production"), TYPES.sql);
        const staging = inputsOf(await gcpPlan("staging"), TYPES.sql);
        expect(prod.settings.availabilityType).to.equal("REGIONAL");
        expect(prod.deletionProtection).to.equal(true);
        expect(prod.settings.deletionProtectionEnabled).to.equal(true);
        expect(staging.settings.availabilityType).to.equal("ZONAL");
        expect(staging.deletionProtection).to.equal(false);
        expect(staging.settings.deletionProtectionEnabled).to.equal(false);
        expect(prod.settings.backupConfiguration.backupRetentionSettings.retainedBackups).to.be.greaterThan(
            staging.settings.backupConfiguration.backupRetentionSettings.retainedBackups,
        );
    });

    it("keeps transaction logs at most 7 days and fewer days than retained backups", () => {
        expect(transactionLogRetentionDays(7)).to.equal(6);
        expect(transactionLogRetentionDays(8)).to.equal(7);
        expect(transactionLogRetentionDays(35)).to.equal(7);
    });
});

describe("GCP Memorystore for Redis", () => {
    for (const stack of STACKS) {
        it(`(${stack}) requires AUTH and TLS, reaches the VPC only through private services access`, async () => {
            const p = await gcpPlan(stack);
            const redis = inputsOf(p, TYPES.redis);
            expect(redis).to.include({ authEnabled: true, transitEncryptionMode: "SERVER_AUTHENTICATION", connectMode: "PRIVATE_SERVICE_ACCESS" });
            expect(redis.authorizedNetwork).to.equal(`${one(p, TYPES.network).name}-id`);
            expect(redis.reservedIpRange).to.equal(one(p, TYPES.globalAddress).inputs.name);
            expect(one(p, TYPES.redis).dependencies).to.include(one(p, TYPES.connection).urn);
        });

        it(`(${stack}) is encrypted with its own CMEK key, granted to the Memorystore agent first`, async () => {
            const p = await gcpPlan(stack);
            const redis = one(p, TYPES.redis);
            const key = named(p, TYPES.cryptoKey, "-memorystore");
            expect(redis.inputs.customerManagedKey).to.equal(`${key.name}-id`);
            const grant = ofType(p, TYPES.keyMember).find((g) => g.inputs.cryptoKeyId === `${key.name}-id`)!;
            expect(grant.inputs.member).to.match(/^serviceAccount:service-\d+@cloud-redis\.iam\.gserviceaccount\.com$/);
            expect(redis.dependencies).to.include(grant.urn);
        });

        it(`(${stack}) hands out the TLS port and the AUTH string only as a secret`, async () => {
            const p = await gcpPlan(stack);
            expect(p.outputs.cachePort).to.equal(6378);
            expect(p.outputs.cacheAuthToken).to.equal("[secret]");
            expect(p.secretValues.some((s) => s.startsWith("mock-redis-auth-")), "the auth string was seen as a secret").to.equal(true);
        });
    }

    it("is STANDARD_HA with replicas and deletion protection only in production", async () => {
        const prod = inputsOf(await gcpPlan("production"), TYPES.redis);
        const staging = inputsOf(await gcpPlan("staging"), TYPES.redis);
        expect(prod).to.include({ tier: "STANDARD_HA", replicaCount: 2, readReplicasMode: "READ_REPLICAS_ENABLED", deletionProtection: true });
        expect(prod.memorySizeGb).to.be.at.least(5);
        expect(staging).to.include({ tier: "BASIC", replicaCount: 0, deletionProtection: false });
    });

    it("uses the plain failover standby for one replica", async () => {
        const redis = inputsOf(await gcpPlan("production", { cache: { size: "small", replicas: 1 } }), TYPES.redis);
        expect(redis).to.include({ tier: "STANDARD_HA", replicaCount: 1, readReplicasMode: "READ_REPLICAS_DISABLED" });
    });
});
