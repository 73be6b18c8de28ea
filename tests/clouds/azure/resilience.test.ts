/** Azure: the paired-region copies of production (DR rows of docs/cloud-constraints.md) and the stack budget. */
import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import type { PlannedStack } from "../../../automation/planStack";
import { okPlan, one, STACKS } from "../../support/plans";

/** Plan resources with their inputs as the tests read them. */
type R = CapturedResource & { inputs: Record<string, any> };
const oneOf = (p: PlannedStack, type: string): R => one(p, type) as R;


const T = {
    account: "azure-native:storage:StorageAccount",
    budget: "azure-native:consumption:Budget",
    server: "azure-native:dbforpostgresql:Server",
} as const;

describe("Azure disaster recovery and budget", () => {
    it("DR-11 turns on geo-redundant PostgreSQL backup (to the pair) and GZRS artifact storage in production", async () => {
        const production = await okPlan("production", "azure");
        expect(oneOf(production, T.server).inputs.backup.geoRedundantBackup).to.equal("Enabled");
        expect(oneOf(production, T.account).inputs.sku.name).to.equal("Standard_GZRS");
    });

    it("keeps staging locally redundant, without geo-backup", async () => {
        const staging = await okPlan("staging", "azure");
        expect(oneOf(staging, T.server).inputs.backup.geoRedundantBackup).to.equal("Disabled");
        expect(oneOf(staging, T.account).inputs.sku.name).to.equal("Standard_ZRS");
    });

    for (const stack of STACKS) {
        it(`DR-12 (${stack}) has a monthly consumption budget over the platform's and the AKS node resource groups, with at most five notifications`, async () => {
            const p = await okPlan(stack, "azure");
            const budget = oneOf(p, T.budget).inputs;
            expect(budget.scope).to.match(/^\/subscriptions\/[0-9a-f-]+$/);
            expect(budget.category).to.equal("Cost");
            expect(budget.timeGrain).to.equal("Monthly");
            expect(budget.timePeriod.startDate).to.match(/^\d{4}-\d{2}-01T00:00:00Z$/);
            expect(budget.filter.dimensions.name).to.equal("ResourceGroupName");
            expect(budget.filter.dimensions.values).to.deep.equal([`ml-platform-${stack}`, `MC_ml-platform-${stack}_ml-platform-${stack}_westeurope`]);
            const notes = Object.values(budget.notifications) as any[];
            expect(notes.length).to.be.within(1, 5);
            expect(notes.map((n) => `${n.thresholdType}:${n.threshold}`)).to.have.members(["Actual:50", "Actual:80", "Actual:100", "Forecasted:100"]);
            for (const n of notes) expect(n.contactEmails).to.deep.equal(["ml-platform-team@acme.example"]);
        });
    }
});
