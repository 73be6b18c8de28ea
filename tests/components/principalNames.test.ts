import { expect } from "chai";
import { ConfigError } from "../../components/config";
import { loadStackConfig } from "../../automation/stackConfig";
import { ofType, okPlan, plan } from "../support/plans";

const AWS = (clusterAdmins: string[]) => ({ aws: { region: "us-east-1", clusterAdmins } });
const GCP = (clusterAdmins: string[]) => ({ cloud: "gcp", gcp: { project: "acme-ml-prod", region: "europe-west4", clusterAdmins } });
const AZURE_ADMIN = "7c1e4a2b-5d3f-4b8e-a9c6-2f1d0e3b4a5c";

async function refusal(overrides: Record<string, unknown>, cloud?: string): Promise<string> {
    const result = await plan("production", cloud, overrides);
    expect(result.error, "refused as invalid config").to.be.instanceOf(ConfigError);
    expect(result.resources.map((r) => r.type), "only the root stack: before any resource is registered").to.deep.equal(["pulumi:pulumi:Stack"]);
    return result.error!.message;
}

/** Each admin principal gets its own access entry/IAM member, under a distinct name. */
function distinctAdmins(names: string[], count: number): void {
    expect(names).to.have.length(count);
    expect(new Set(names).size, names.join(", ")).to.equal(count);
}

describe("names derived from cluster admins", () => {
    it("AWS: role/admin in two accounts and role/ops vs user/ops get distinct access entries", async () => {
        const admins = ["arn:aws:iam::111111111111:role/admin", "arn:aws:iam::222222222222:role/admin", "arn:aws:iam::111111111111:role/ops", "arn:aws:iam::111111111111:user/ops"];
        const p = await okPlan("production", "aws", AWS(admins));
        const entries = ofType(p, "aws:eks/accessEntry:AccessEntry");
        distinctAdmins(entries.map((e) => e.name), 4);
        expect(entries.map((e) => e.inputs.principalArn)).to.have.members(admins);
        distinctAdmins(ofType(p, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((e) => e.name), 4);
        // Colliding readable names must not alias the one former URN twice (the engine refuses that).
        for (const e of entries) expect(e.aliases, e.name).to.deep.equal([]);
    });

    it("AWS: the shipped stack's admins keep their former URNs through an alias", async () => {
        const p = await okPlan("production", "aws");
        for (const type of ["aws:eks/accessEntry:AccessEntry", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"]) {
            const found = ofType(p, type);
            expect(found.map((e) => e.aliases)).to.have.deep.members([["ml-platform-production-admin-ml-platform-deployer"], ["ml-platform-production-admin-ml-platform-admins"]]);
        }
    });

    it("GCP: user:a.b@ and user:a-b@ get distinct IAM members; the shipped stack's keep their former URNs", async () => {
        const p = await okPlan("production", "gcp", GCP(["user:a.b@acme.example", "user:a-b@acme.example"]));
        const members = ofType(p, "gcp:projects/iAMMember:IAMMember").filter((m) => m.inputs.role === "roles/container.admin");
        distinctAdmins(members.map((m) => m.name), 2);
        for (const m of members) expect(m.aliases).to.deep.equal([]);
        const shipped = ofType(await okPlan("production", "gcp"), "gcp:projects/iAMMember:IAMMember").filter((m) => m.inputs.role === "roles/container.admin");
        expect(shipped.map((m) => m.aliases![0])).to.have.members([
            "ml-platform-production-admin-group-ml-platform-admins-acme-example",
            "ml-platform-production-admin-serviceaccount-ml-platform-deployer-acme-ml-prod-iam-gserviceaccount-com",
        ]);
    });

    it("refuses an AWS admin listed twice (IAM names compare case-insensitively), naming the index", async () => {
        const message = await refusal(AWS(["arn:aws:iam::111111111111:role/admin", "arn:aws:iam::111111111111:role/Admin"]));
        expect(message).to.match(/ml-platform:aws\.clusterAdmins\.1: duplicate of entry 0/);
    });

    it("refuses a GCP admin listed twice, naming the index", async () => {
        const message = await refusal(GCP(["group:a@acme.example", "user:b@acme.example", "group:a@acme.example"]));
        expect(message).to.match(/ml-platform:gcp\.clusterAdmins\.2: duplicate of entry 0/);
    });

    it("refuses an Azure admin group listed twice, naming the index", async () => {
        const section = JSON.parse(loadStackConfig("production", { cloud: "azure" }).config["ml-platform:azure"]);
        const message = await refusal({ cloud: "azure", azure: { ...section, clusterAdminGroupObjectIds: [AZURE_ADMIN, AZURE_ADMIN.toUpperCase()] } });
        expect(message).to.match(/ml-platform:azure\.clusterAdminGroupObjectIds\.1: duplicate of entry 0/);
    });
});
