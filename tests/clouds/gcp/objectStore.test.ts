import { expect } from "chai";
import { gcpPlan, named, ofType, STACKS, TYPES } from "./gcpPlans";

for (const stack of STACKS) {
    describe(`GCP artifact store (${stack})`, () => {
        it("is private: uniform bucket-level access and public access prevention enforced on every bucket", async () => {
            const buckets = ofType(await gcpPlan(stack), TYPES.bucket);
            // Artifacts, access logs and Velero's cluster backups, plus the second region's replica in production.
            expect(buckets).to.have.length(stack === "production" ? 4 : 3);
            for (const b of buckets) {
                expect(b.inputs, b.name).to.include({ uniformBucketLevelAccess: true, publicAccessPrevention: "enforced" });
                expect(b.inputs.versioning).to.deep.equal({ enabled: true });
            }
        });

        it("encrypts with its own CMEK key, granted to the GCS service agent first", async () => {
            const p = await gcpPlan(stack);
            const bucket = named(p, TYPES.bucket, "-artifacts");
            const key = named(p, TYPES.cryptoKey, "-artifacts");
            expect(bucket.inputs.encryption).to.deep.equal({ defaultKmsKeyName: `${key.name}-id` });
            const grant = ofType(p, TYPES.keyMember).find((g) => g.inputs.cryptoKeyId === `${key.name}-id`)!;
            expect(grant.inputs.member).to.match(/^serviceAccount:service-\d+@gs-project-accounts\.iam\.gserviceaccount\.com$/);
            expect(bucket.dependencies).to.include(grant.urn);
        });

        it("expires noncurrent versions and aborts incomplete uploads", async () => {
            const rules = named(await gcpPlan(stack), TYPES.bucket, "-artifacts").inputs.lifecycleRules as { action: { type: string }; condition: Record<string, number> }[];
            const noncurrent = rules.find((r) => r.action.type === "Delete")!;
            expect(noncurrent.condition.daysSinceNoncurrentTime).to.equal(stack === "production" ? 90 : 30);
            const abort = rules.find((r) => r.action.type === "AbortIncompleteMultipartUpload")!;
            expect(abort.condition.age).to.equal(7);
        });

        it("writes usage logs to a separate, retention-limited bucket", async () => {
            const p = await gcpPlan(stack);
            const logs = named(p, TYPES.bucket, "-access-logs");
            const artifacts = named(p, TYPES.bucket, "-artifacts");
            expect((artifacts.inputs.logging as { logBucket: string }).logBucket).to.equal(`${logs.name}-a1b2c3d`);
            const rules = logs.inputs.lifecycleRules as { action: { type: string }; condition: Record<string, number> }[];
            expect(rules.some((r) => r.action.type === "Delete" && r.condition.age === (stack === "production" ? 365 : 90))).to.equal(true);
        });

        it("exports a gs:// URI", async () => {
            const p = await gcpPlan(stack);
            expect(p.outputs.artifactStoreKind).to.equal("gcs");
            expect(p.outputs.artifactStoreUri).to.equal(`gs://${p.outputs.artifactBucket}`);
        });
    });
}

describe("GCP artifact store per environment", () => {
    it("can be force-destroyed only in staging", async () => {
        expect(named(await gcpPlan("production"), TYPES.bucket, "-artifacts").inputs.forceDestroy).to.equal(false);
        expect(named(await gcpPlan("staging"), TYPES.bucket, "-artifacts").inputs.forceDestroy).to.equal(true);
    });
});
