/** The second region and the budget: what the config accepts and refuses, before anything is registered. */
import { expect } from "chai";
import { ConfigError } from "../../components/config";
import { okPlan, plan } from "../support/plans";

const AWS = { region: "us-east-1", clusterAdmins: ["arn:aws:iam::123456789012:role/ml-platform-deployer"] };
const GCP = { project: "acme-ml-prod", region: "europe-west4", clusterAdmins: ["group:ml-platform-admins@acme.example"] };
const AZURE = {
    location: "westeurope",
    tenantId: "3f2b5c1e-8a4d-4e6f-9b7a-1c2d3e4f5a6b",
    clusterAdminGroupObjectIds: ["7c1e4a2b-5d3f-4b8e-a9c6-2f1d0e3b4a5c"],
    postgresEntraAdmin: { objectId: "7c1e4a2b-5d3f-4b8e-a9c6-2f1d0e3b4a5c", principalName: "ml-platform-admins" },
};
const BUDGET = { monthlyAmount: 1000, contactEmails: ["team@acme.example"], gcpBillingAccount: "012345-6789AB-CDEF01" };

const INVALID: { title: string; stack: string; overrides: Record<string, unknown>; key: string; says: RegExp }[] = [
    {
        title: "production on AWS without a second region where the primary has no default partner",
        stack: "production",
        overrides: { aws: { ...AWS, region: "eu-west-3" } },
        key: "ml-platform:aws.drRegion",
        says: /required in production \(no default partner for eu-west-3\)/,
    },
    { title: "a second region equal to the primary", stack: "production", overrides: { aws: { ...AWS, drRegion: "us-east-1" } }, key: "ml-platform:aws.drRegion", says: /must differ from the primary region us-east-1/ },
    { title: "an AWS region that does not exist", stack: "production", overrides: { aws: { ...AWS, drRegion: "us-west-9" } }, key: "ml-platform:aws.drRegion", says: /us-west-9 is not a region AWS offers/ },
    {
        title: "production on GCP without a second region where the primary has no default partner",
        stack: "production",
        overrides: { cloud: "gcp", gcp: { ...GCP, region: "asia-south2" } },
        key: "ml-platform:gcp.drRegion",
        says: /required in production/,
    },
    { title: "a GCP region that does not exist", stack: "production", overrides: { cloud: "gcp", gcp: { ...GCP, drRegion: "europe-west99" } }, key: "ml-platform:gcp.drRegion", says: /europe-west99 is not a region GCP offers/ },
    { title: "an Azure second location that is not the pair", stack: "production", overrides: { cloud: "azure", azure: { ...AZURE, drLocation: "uksouth" } }, key: "ml-platform:azure.drLocation", says: /must be northeurope, the pair of westeurope/ },
    { title: "an Azure primary without a pair", stack: "production", overrides: { cloud: "azure", azure: { ...AZURE, location: "polandcentral", drLocation: "westeurope" } }, key: "ml-platform:azure.drLocation", says: /polandcentral has no paired region/ },
    { title: "a stack without a budget", stack: "staging", overrides: { budget: undefined }, key: "ml-platform:budget", says: /missing/ },
    { title: "a budget that notifies nobody", stack: "staging", overrides: { budget: { ...BUDGET, contactEmails: [] } }, key: "ml-platform:budget.contactEmails", says: /at least one address/ },
    { title: "a budget with no thresholds", stack: "staging", overrides: { budget: { ...BUDGET, actualThresholds: [], forecastThresholds: [] } }, key: "ml-platform:budget.actualThresholds", says: /at least one threshold/ },
    { title: "a GCP budget without a billing account", stack: "staging", overrides: { cloud: "gcp", budget: { monthlyAmount: 1000, contactEmails: ["team@acme.example"] } }, key: "ml-platform:budget.gcpBillingAccount", says: /required on GCP/ },
    { title: "a malformed billing account", stack: "staging", overrides: { cloud: "gcp", budget: { ...BUDGET, gcpBillingAccount: "acme-billing" } }, key: "ml-platform:budget.gcpBillingAccount", says: /billing account ID/ },
    {
        title: "more than five notifications on Azure",
        stack: "staging",
        overrides: { cloud: "azure", budget: { ...BUDGET, actualThresholds: [25, 50, 75, 90, 100], forecastThresholds: [100] } },
        key: "ml-platform:budget.actualThresholds",
        says: /at most 5 thresholds/,
    },
];

describe("Second region and budget config (components/config/resilience.ts)", () => {
    for (const c of INVALID) {
        it(`refuses ${c.title}, naming ${c.key}, before registering anything`, async () => {
            const result = await plan(c.stack, undefined, c.overrides);
            expect(result.error, "the program must fail").to.be.instanceOf(ConfigError);
            const line = result.error!.message.split("\n").find((l) => l.includes(`${c.key}:`));
            expect(line, `no problem names ${c.key} in:\n${result.error!.message}`).to.not.equal(undefined);
            expect(line).to.match(c.says);
            expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });
    }

    it("gives production the primary's default partner when none is named (us-east-1 into us-west-2, Azure's pair)", async () => {
        const aws = await okPlan("production", "aws", { aws: AWS });
        const backups = aws.resources.find((r) => r.type === "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication");
        expect(backups?.inputs.region).to.equal("us-west-2");
        const azure = await okPlan("production", "azure", { azure: AZURE });
        const server = azure.resources.find((r) => r.type === "azure-native:dbforpostgresql:Server");
        expect((server?.inputs.backup as { geoRedundantBackup: string }).geoRedundantBackup).to.equal("Enabled");
    });

    it("lets staging run without a second region (off by default)", async () => {
        const staging = await okPlan("staging");
        expect(staging.resources.filter((r) => r.type.startsWith("mlplatform:aws:DisasterRecovery"))).to.have.length(0);
    });

    it("turns the cross-region copies on in staging when a second region is given", async () => {
        const staging = await okPlan("staging", undefined, { aws: { ...AWS, clusterAdmins: ["arn:aws:iam::210987654321:role/ml-platform-deployer"], drRegion: "us-west-2" } });
        expect(staging.resources.filter((r) => r.type === "mlplatform:aws:DisasterRecovery")).to.have.length(1);
    });
});
