import { expect } from "chai";
import { findLeakedSecrets, toPlanDocument } from "../../../automation/planStack";
import { REQUIRED_APIS } from "../../../clouds/gcp/services";
import { SECRET_OUTPUT_KEYS } from "../../../components/outputs";
import { okPlan, sdkArgsHave } from "../../support/plans";
import { gcpPlan, inputsOf, ofType, STACKS, TYPES } from "./gcpPlans";

const STATEFUL = [TYPES.cluster, TYPES.sql, TYPES.sqlDatabase, TYPES.redis, TYPES.bucket, TYPES.keyRing, TYPES.cryptoKey];
const REQUIRED_LABELS = ["project", "stack", "environment", "owner", "cost-center", "managed-by"];

/** Where each type keeps its labels when the SDK does not call them `labels`. */
const LABEL_PATHS: Record<string, (inputs: Record<string, any>) => Record<string, string> | undefined> = {
    [TYPES.cluster]: (i) => i.resourceLabels,
    [TYPES.sql]: (i) => i.settings?.userLabels,
    [TYPES.nodePool]: (i) => i.nodeConfig?.resourceLabels,
};

describe("GCP protection, labels, APIs, secrets and outputs", () => {
    it("protects every stateful resource in production", async () => {
        const p = await gcpPlan("production");
        for (const type of STATEFUL) {
            const found = ofType(p, type);
            expect(found, type).to.not.be.empty;
            for (const r of found) expect(r.protect, `${r.name} (${type})`).to.equal(true);
        }
    });

    it("protects nothing in staging, so the stack can be torn down", async () => {
        const p = await gcpPlan("staging");
        expect(p.resources.filter((r) => r.protect).map((r) => r.name)).to.deep.equal([]);
        expect(inputsOf(p, TYPES.redis).deletionProtection, "Memorystore's provider default is true").to.equal(false);
    });

    for (const stack of STACKS) {
        it(`(${stack}) labels every GCP resource whose SDK Args have labels`, async () => {
            const p = await gcpPlan(stack);
            const labelable = p.resources.filter((r) => r.custom && r.type.startsWith("gcp:") && sdkArgsHave(r.type, "labels"));
            expect(new Set(labelable.map((r) => r.type)), "the check must see the labelable types").to.include.keys(
                TYPES.redis,
                TYPES.bucket,
                TYPES.cryptoKey,
                TYPES.globalAddress,
            );
            for (const r of labelable) {
                // A notification channel's `labels` configure the channel (its e-mail address); its labels are `userLabels`.
                const labels = ((r.type === "gcp:monitoring/notificationChannel:NotificationChannel" ? r.inputs.userLabels : r.inputs.labels) ?? {}) as Record<string, string>;
                expect(Object.keys(labels), `${r.type} ${r.name}`).to.include.members(REQUIRED_LABELS);
                expect(labels.environment).to.equal(stack);
            }
        });

        it(`(${stack}) labels the cluster, the Cloud SQL instance and the node VMs in their own label fields`, async () => {
            const p = await gcpPlan(stack);
            for (const [type, labelsOf] of Object.entries(LABEL_PATHS)) {
                for (const r of ofType(p, type)) {
                    const labels = labelsOf(r.inputs as Record<string, any>) ?? {};
                    expect(Object.keys(labels), `${type} ${r.name}`).to.include.members(REQUIRED_LABELS);
                    expect(labels.environment).to.equal(stack);
                }
            }
        });

        it(`(${stack}) enables the project APIs, keeps them on destroy, and makes every GCP resource wait for them`, async () => {
            const p = await gcpPlan(stack);
            const services = ofType(p, TYPES.service);
            expect(services.map((s) => s.inputs.service)).to.have.members([...REQUIRED_APIS]);
            for (const s of services) expect(s.inputs.disableOnDestroy).to.equal(false);
            const serviceUrns = services.map((s) => s.urn);
            const consumers = p.resources.filter((r) => r.custom && r.type.startsWith("gcp:") && r.type !== TYPES.service);
            expect(consumers.length).to.be.greaterThan(30);
            for (const r of consumers) expect(r.dependencies, `${r.type} ${r.name}`).to.include.members(serviceUrns);
        });

        it(`(${stack}) exports credentials only as secrets and never writes a secret into the plan`, async () => {
            const p = await gcpPlan(stack);
            for (const key of SECRET_OUTPUT_KEYS) expect(p.outputs[key], key).to.equal("[secret]");
            expect(p.secretValues.length).to.be.greaterThan(3);
            expect(findLeakedSecrets(JSON.stringify(toPlanDocument(p)), p.secretValues)).to.deep.equal([]);
        });

        it(`(${stack}) rotates every key every 90 days`, async () => {
            const keys = ofType(await gcpPlan(stack), TYPES.cryptoKey);
            // One per consumer (Secret Manager's included), plus the artifact replica's key in the second region in production.
            expect(keys).to.have.length(stack === "production" ? 6 : 5);
            for (const k of keys) expect(k.inputs.rotationPeriod, k.name).to.equal("7776000s");
        });
    }

    it("exports exactly the output keys AWS exports", async () => {
        const gcp = await gcpPlan("production");
        const aws = await okPlan("production", "aws");
        expect(Object.keys(gcp.outputs).sort()).to.deep.equal(Object.keys(aws.outputs).sort());
        expect(gcp.outputs.cloud).to.equal("gcp");
        expect(gcp.outputs.oidcIssuer).to.match(/^https:\/\/container\.googleapis\.com\/v1\/projects\/acme-ml-prod\/locations\/europe-west4\/clusters\//);
    });

    it("names the key ring with a suffix fixed at creation, since key ring names can never be reused", async () => {
        const ring = ofType(await gcpPlan("production"), TYPES.keyRing)[0];
        expect(ring.inputs.name).to.match(/^ml-platform-production-[0-9a-f]+$/);
    });
});

describe("GCP resource names stay stable", () => {
    // Renaming any of these replaces a cluster, database, cache, bucket or key: add an alias instead.
    const STABLE_URNS = [
        "mlplatform:gcp:Cluster$gcp:container/cluster:Cluster::ml-platform-production",
        "mlplatform:gcp:Database$gcp:sql/databaseInstance:DatabaseInstance::ml-platform-production-postgres",
        "mlplatform:gcp:Cache$gcp:redis/instance:Instance::ml-platform-production-redis",
        "mlplatform:gcp:ObjectStore$gcp:storage/bucket:Bucket::ml-platform-production-artifacts",
        "mlplatform:gcp:Keys$gcp:kms/keyRing:KeyRing::ml-platform-production",
        "mlplatform:gcp:Keys$gcp:kms/cryptoKey:CryptoKey::ml-platform-production-gke-secrets",
        "mlplatform:gcp:Network$gcp:compute/network:Network::ml-platform-production",
    ];
    for (const tail of STABLE_URNS) {
        it(tail.split("::").pop()! + " " + tail.split("$").pop()!.split("::")[0], async () => {
            const urns = (await gcpPlan("production")).resources.map((r) => r.urn);
            expect(urns.some((u) => u.endsWith(tail)), tail).to.equal(true);
        });
    }
});
