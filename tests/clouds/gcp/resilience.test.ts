/** GCP: the cross-region copies of production (DR rows of docs/cloud-constraints.md) and the stack budget. */
import { expect } from "chai";
import type { PlannedStack } from "../../../automation/planStack";
import { named, ofType, okPlan, one, STACKS, type PlanResource } from "../../support/plans";

const DR = "europe-west1";
const T = {
    bucket: "gcp:storage/bucket:Bucket",
    bucketMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
    budget: "gcp:billing/budget:Budget",
    channel: "gcp:monitoring/notificationChannel:NotificationChannel",
    key: "gcp:kms/cryptoKey:CryptoKey",
    keyGrant: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    keyRing: "gcp:kms/keyRing:KeyRing",
    provider: "pulumi:providers:gcp",
    service: "gcp:projects/service:Service",
    sql: "gcp:sql/databaseInstance:DatabaseInstance",
    transfer: "gcp:storage/transferJob:TransferJob",
} as const;

const oneOf = (p: PlannedStack, type: string): PlanResource => one(p, type) as PlanResource;

describe("GCP disaster recovery and budget", () => {
    let production: PlannedStack;
    before(async () => {
        production = await okPlan("production", "gcp");
    });

    it("DR-7 stores Cloud SQL backups in the second region, point-in-time recovery on", () => {
        const backup = oneOf(production, T.sql).inputs.settings.backupConfiguration;
        expect(backup.location).to.equal(DR);
        expect(backup.enabled).to.equal(true);
        expect(backup.pointInTimeRecoveryEnabled).to.equal(true);
    });

    it("DR-8 keeps an artifact replica in the second region under a key ring there, created after GCS's agent may use the key", () => {
        const replica = named(production, T.bucket, "ml-platform-production-dr-replica");
        const ring = named(production, T.keyRing, "ml-platform-production-dr");
        const key = named(production, T.key, "ml-platform-production-dr-replica");
        const grant = named(production, T.keyGrant, "ml-platform-production-dr-replica");
        expect(replica.inputs.location).to.equal(DR.toUpperCase());
        expect(ring.inputs.location).to.equal(DR);
        expect(key.dependencies).to.include(ring.urn);
        expect(grant.inputs.member).to.match(/@gs-project-accounts\.iam\.gserviceaccount\.com$/);
        expect(replica.dependencies).to.include(grant.urn);
        expect(replica.inputs.versioning.enabled).to.equal(true);
        expect(replica.inputs.publicAccessPrevention).to.equal("enforced");
        expect(replica.protect).to.equal(true);
        expect(ring.protect).to.equal(true);
    });

    it("DR-9 copies the artifacts hourly with Storage Transfer, after its agent can read the source and write the replica, with the API enabled", () => {
        const job = oneOf(production, T.transfer);
        const source = named(production, T.bucket, "ml-platform-production-artifacts");
        const replica = named(production, T.bucket, "ml-platform-production-dr-replica");
        expect(job.inputs.schedule.repeatInterval).to.equal("3600s");
        expect(job.inputs.transferSpec.transferOptions.deleteObjectsUniqueInSink).to.equal(false);
        expect(job.inputs.transferSpec.transferOptions.deleteObjectsFromSourceAfterTransfer).to.equal(false);
        expect(job.inputs.transferSpec.transferOptions.metadataOptions.kmsKey, "copies under the replica's key").to.equal("KMS_KEY_DESTINATION_BUCKET_DEFAULT");
        expect(job.dependencies).to.include.members([source.urn, replica.urn]);
        const grants = (ofType(production, T.bucketMember) as PlanResource[]).filter((m) => m.name.startsWith("ml-platform-production-dr-transfer-"));
        expect(grants.map((g) => g.inputs.role)).to.have.members(["roles/storage.legacyBucketReader", "roles/storage.objectViewer", "roles/storage.legacyBucketWriter"]);
        for (const g of grants) {
            expect(g.inputs.member).to.match(/@storage-transfer-service\.iam\.gserviceaccount\.com$/);
            expect(job.dependencies).to.include(g.urn);
        }
        const api = (ofType(production, T.service) as PlanResource[]).find((s) => s.inputs.service === "storagetransfer.googleapis.com");
        expect(api, "storagetransfer.googleapis.com enabled").to.not.equal(undefined);
        expect(job.dependencies).to.include(api!.urn);
    });

    it("makes no cross-region copies in staging", async () => {
        const staging = await okPlan("staging", "gcp");
        expect(ofType(staging, T.transfer)).to.have.length(0);
        expect(oneOf(staging, T.sql).inputs.settings.backupConfiguration.location).to.equal(undefined);
    });

    for (const stack of STACKS) {
        it(`DR-13 (${stack}) turns on GKE cost allocation, so billing breaks costs down by namespace and label`, async () => {
            const cluster = oneOf(await okPlan(stack, "gcp"), "gcp:container/cluster:Cluster");
            expect(cluster.inputs.costManagementConfig).to.deep.equal({ enabled: true });
        });

        it(`DR-10 (${stack}) has a billing budget on the project's number, notifying e-mail channels, through a provider with a quota project`, async () => {
            const p = await okPlan(stack, "gcp");
            const budget = oneOf(p, T.budget);
            expect(budget.inputs.billingAccount).to.equal("012345-6789AB-CDEF01");
            expect(budget.inputs.budgetFilter.projects).to.deep.equal(["projects/123456789012"]);
            expect(budget.inputs.thresholdRules).to.deep.equal([
                { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
                { thresholdPercent: 0.8, spendBasis: "CURRENT_SPEND" },
                { thresholdPercent: 1, spendBasis: "CURRENT_SPEND" },
                { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
            ]);
            const channels = ofType(p, T.channel) as PlanResource[];
            expect(channels.map((c) => c.inputs.labels.email_address)).to.deep.equal(["ml-platform-team@acme.example"]);
            expect(budget.inputs.allUpdatesRule.monitoringNotificationChannels).to.have.length(channels.length);
            expect(budget.dependencies).to.include.members(channels.map((c) => c.urn));
            const provider = (ofType(p, T.provider) as PlanResource[]).find((r) => r.name.endsWith("-budget-billing"))!;
            expect(provider.inputs.billingProject).to.equal(stack === "production" ? "acme-ml-prod" : "acme-ml-staging");
            expect(provider.inputs.userProjectOverride).to.equal("true");
            const api = (ofType(p, T.service) as PlanResource[]).find((s) => s.inputs.service === "billingbudgets.googleapis.com");
            expect(budget.dependencies).to.include(api!.urn);
        });
    }
});
