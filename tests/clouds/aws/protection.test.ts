import { expect } from "chai";
import { SECRET_OUTPUT_KEYS } from "../../../components/outputs";
import { findLeakedSecrets, toPlanDocument } from "../../../automation/planStack";
import { ofType, okPlan, sdkArgsHave, STACKS } from "../../support/plans";

const STATEFUL = [
    "aws:rds/instance:Instance",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "aws:eks/cluster:Cluster",
];
const REQUIRED_TAGS = ["project", "stack", "environment", "owner", "cost-center"];

describe("AWS protection, tags and secrets", () => {
    it("protects every stateful resource in production", async () => {
        const p = await okPlan("production");
        for (const type of STATEFUL) {
            const found = ofType(p, type);
            expect(found, type).to.not.be.empty;
            for (const r of found) expect(r.protect, `${r.name} (${type})`).to.equal(true);
        }
    });

    it("protects nothing in staging, so the stack can be torn down", async () => {
        expect((await okPlan("staging")).resources.filter((r) => r.protect).map((r) => r.name)).to.deep.equal([]);
    });

    it("tags every taggable AWS resource with project, stack, environment, owner and cost-center", async () => {
        for (const stack of STACKS) {
            const p = await okPlan(stack);
            const taggable = p.resources.filter((r) => r.custom && r.type.startsWith("aws:") && sdkArgsHave(r.type, "tags"));
            expect(taggable.length, "the check must see the taggable resources").to.be.greaterThan(30);
            for (const r of taggable) {
                const tags = (r.inputs.tags ?? {}) as Record<string, string>;
                expect(Object.keys(tags), `${r.type} ${r.name}`).to.include.members(REQUIRED_TAGS);
                expect(tags.environment).to.equal(stack);
            }
        }
    });

    it("exports credentials only as secrets, and never writes a secret into the plan", async () => {
        for (const stack of STACKS) {
            const p = await okPlan(stack);
            for (const key of SECRET_OUTPUT_KEYS) expect(p.outputs[key], key).to.equal("[secret]");
            expect(p.secretValues.length).to.be.greaterThan(3);
            expect(findLeakedSecrets(JSON.stringify(toPlanDocument(p)), p.secretValues)).to.deep.equal([]);
        }
    });

    it("exports the same output keys as the contract lists", async () => {
        const p = await okPlan("production");
        expect(Object.keys(p.outputs)).to.include.members([
            "cloud", "region", "clusterName", "clusterEndpoint", "kubeconfig", "oidcIssuer",
            "databaseHost", "databasePort", "databaseName", "databaseUsername", "databasePassword",
            "cacheHost", "cachePort", "cacheAuthToken", "artifactStoreUri",
        ]);
        expect(p.outputs.artifactStoreUri).to.match(/^s3:\/\//);
    });
});

describe("AWS resource names stay stable", () => {
    // Renaming any of these replaces a database, cache, bucket or key: add an alias instead.
    const STABLE_URNS = [
        "urn:pulumi:production::ml-platform::mlplatform:aws:Database$aws:rds/instance:Instance::ml-platform-production-postgres",
        "urn:pulumi:production::ml-platform::mlplatform:aws:Cache$aws:elasticache/replicationGroup:ReplicationGroup::ml-platform-production-redis",
        "urn:pulumi:production::ml-platform::mlplatform:aws:ObjectStore$aws:s3/bucket:Bucket::ml-platform-production-artifacts",
        "urn:pulumi:production::ml-platform::mlplatform:aws:ObjectStore$aws:s3/bucket:Bucket::ml-platform-production-access-logs",
        "urn:pulumi:production::ml-platform::mlplatform:aws:Keys$aws:kms/key:Key::ml-platform-production-data",
        "urn:pulumi:production::ml-platform::mlplatform:aws:Keys$aws:kms/key:Key::ml-platform-production-eks-secrets",
        "urn:pulumi:production::ml-platform::mlplatform:aws:Cluster$aws:eks/cluster:Cluster::ml-platform-production",
        "urn:pulumi:production::ml-platform::mlplatform:aws:Network$aws:ec2/vpc:Vpc::ml-platform-production",
    ];
    for (const urn of STABLE_URNS) {
        it(urn.split("::").pop()! + " " + urn.split("$").pop()!.split("::")[0], async () => {
            expect((await okPlan("production")).resources.map((r) => r.urn)).to.include(urn);
        });
    }
});
