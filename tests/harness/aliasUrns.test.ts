import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { okPlan, ofType } from "../support/plans";

/**
 * tests/support/aliasUrns.js: test processes load the SDK's Resource without the alias-to-URN
 * work the mock runtime never reads. The line it changes must still be there (an SDK upgrade that
 * moves it leaves the plans slow, not wrong), and every alias must still reach the registration.
 */
describe("SDK alias URNs skipped under the mocks (tests/support/aliasUrns.js)", () => {
    it("resource.js was loaded with the condition added", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        expect(require("../support/aliasUrns").patched).to.equal(true);
    });

    it("an AgentPool still registers every API-version alias azure-native declares", async () => {
        const sdk = path.join(path.dirname(require.resolve("@pulumi/azure-native/package.json")), "containerservice", "agentPool.js");
        const declared = fs.readFileSync(sdk, "utf8").match(/\{ type: "azure-native:containerservice\/v[0-9a-z]+:AgentPool" \}/g) ?? [];
        expect(declared.length).to.be.greaterThan(50);
        const pools = ofType(await okPlan("production", "azure"), "azure-native:containerservice:AgentPool");
        expect(pools).to.not.be.empty;
        for (const pool of pools) expect(pool.aliases, pool.name).to.have.length(declared.length);
    });
});
