import { expect } from "chai";
import { capture } from "../../../automation/capture";
import { loadStackConfig } from "../../../automation/stackConfig";
import { loadPlatformArgs } from "../../../components/config";
import { MlPlatform } from "../../../components/MlPlatform";
import { gcpPlan, ofType, TYPES } from "./gcpPlans";

/** Runs the platform on GCP and binds a service account, as the Kubernetes layer would. */
async function planBinding() {
    let annotations: Record<string, string> = {};
    const result = await capture(loadStackConfig("staging", { cloud: "gcp" }), async () => {
        const platform = new MlPlatform("test", loadPlatformArgs());
        const binding = platform.foundation.workloadIdentity({ namespace: "team-a", serviceAccount: "trainer", access: "objectStoreReadWrite" });
        binding.serviceAccountAnnotations.apply((a) => (annotations = a));
        return {};
    });
    if (result.error) throw result.error;
    return { result, annotations };
}

describe("GCP Workload Identity", () => {
    it("gives each Kubernetes service account its own Google service account, impersonable only by it", async () => {
        const p = await gcpPlan("staging");
        const all = ofType(p, TYPES.accountMember);
        // Velero's account may also sign blobs as itself (a signBlob-only custom role): not impersonation.
        const signBlob = all.filter((m) => String(m.inputs.role).startsWith("projects/acme-ml-staging/roles/velero_sign_blob_"));
        expect(signBlob.map((m) => [m.inputs.member, m.inputs.serviceAccountId])).to.deep.equal([
            ["serviceAccount:staging-velero-velero@acme-ml-staging.iam.gserviceaccount.com", "projects/acme-ml-staging/serviceAccounts/staging-velero-velero@acme-ml-staging.iam.gserviceaccount.com"],
        ]);
        const members = all.filter((m) => !signBlob.includes(m));
        expect(members.map((m) => m.inputs.member)).to.have.members([
            "serviceAccount:acme-ml-staging.svc.id.goog[mlflow/mlflow]",
            "serviceAccount:acme-ml-staging.svc.id.goog[serving/model-server]",
            "serviceAccount:acme-ml-staging.svc.id.goog[tracing/tempo]",
            "serviceAccount:acme-ml-staging.svc.id.goog[velero/velero]",
            // External Secrets Operator's readers, one per namespace that syncs credentials.
            "serviceAccount:acme-ml-staging.svc.id.goog[mlflow/platform-secrets-reader]",
            "serviceAccount:acme-ml-staging.svc.id.goog[serving/platform-secrets-reader]",
        ]);
        for (const m of members) {
            expect(m.inputs.role).to.equal("roles/iam.workloadIdentityUser");
            expect(m.dependencies, "the workload pool exists once the cluster does").to.include(ofType(p, TYPES.cluster)[0].urn);
        }
    });

    it("grants experiment tracking objectAdmin and serving objectViewer on the artifact bucket only", async () => {
        const p = await gcpPlan("production");
        const artifacts = ofType(p, TYPES.bucket).find((b) => b.name.endsWith("-artifacts"))!;
        const grants = ofType(p, TYPES.bucketMember).filter((g) => String(g.inputs.member).startsWith("serviceAccount:"));
        const roleOf = (nsAndSa: string) => grants.find((g) => g.name.endsWith(`-${nsAndSa}`))!;
        expect(roleOf("mlflow-mlflow").inputs).to.include({ role: "roles/storage.objectAdmin", bucket: `${artifacts.name}-a1b2c3d` });
        expect(roleOf("serving-model-server").inputs).to.include({ role: "roles/storage.objectViewer", bucket: `${artifacts.name}-a1b2c3d` });
        expect(ofType(p, TYPES.projectMember).filter((m) => /storage/.test(String(m.inputs.role))), "no project-wide storage role").to.deep.equal([]);
        // Writers also read the bucket's metadata (Tempo's GCS backend calls buckets.get at start); readers do not need it.
        const metadata = grants.filter((g) => g.inputs.role === "roles/storage.legacyBucketReader").map((g) => g.name);
        expect(metadata).to.include.members([`${roleOf("mlflow-mlflow").name}-bucket-metadata`, `${roleOf("tracing-tempo").name}-bucket-metadata`]);
        expect(metadata.some((n) => n.includes("serving-model-server"))).to.equal(false);
    });

    it("returns the iam.gke.io annotation with the Google service account's email", async () => {
        const { annotations } = await planBinding();
        expect(annotations).to.deep.equal({ "iam.gke.io/gcp-service-account": "staging-team-a-trainer@acme-ml-staging.iam.gserviceaccount.com" });
    });

    it("keeps service account IDs within GCP's 30 characters", async () => {
        const p = await gcpPlan("production");
        for (const a of ofType(p, TYPES.account)) expect(String(a.inputs.accountId)).to.match(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    });

    it("uses no service account keys", async () => {
        const p = await gcpPlan("production");
        expect(ofType(p, "gcp:serviceaccount/key:Key")).to.deep.equal([]);
    });
});
