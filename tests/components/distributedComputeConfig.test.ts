import { expect } from "chai";
import { ConfigError, ENVIRONMENT_DEFAULTS } from "../../components/config";
import { distributedComputeSchema } from "../../components/config/distributedCompute";
import { platformLayerSchema } from "../../components/config/platform";
import { plan } from "../support/plans";

/** The issue paths and messages of a failed parse, as "a.b: message". */
function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
    return result.success ? [] : result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("config: platform.distributedCompute", () => {
    it("is off by default and sized from the environment's row of the defaults table", () => {
        for (const env of ["staging", "production"] as const) {
            const p = platformLayerSchema(env).parse({ publicDns: false });
            const d = ENVIRONMENT_DEFAULTS[env].platform.distributedCompute;
            expect(p.distributedCompute).to.deep.equal({ enabled: false, operatorReplicas: d.operatorReplicas, quota: d.quota });
        }
        // Production: a standby operator, and room for the GPU pool.
        expect(ENVIRONMENT_DEFAULTS.production.platform.distributedCompute.operatorReplicas).to.be.at.least(2);
        expect(ENVIRONMENT_DEFAULTS.staging.platform.distributedCompute.operatorReplicas).to.equal(1);
        expect(ENVIRONMENT_DEFAULTS.production.platform.distributedCompute.quota.cpu).to.be.greaterThan(ENVIRONMENT_DEFAULTS.staging.platform.distributedCompute.quota.cpu);
    });

    it("keeps an override and fills the rest of the quota from the table", () => {
        const p = distributedComputeSchema("staging").parse({ enabled: true, quota: { gpus: 2 } });
        expect(p).to.deep.equal({ enabled: true, operatorReplicas: 1, quota: { cpu: 16, memoryGb: 64, gpus: 2 } });
    });

    it("refuses a quota outside its range and unknown keys, naming them", () => {
        const found = problems(distributedComputeSchema("production").safeParse({ enabled: true, quota: { cpu: 0 }, workers: 3 }));
        expect(found.some((p) => p.startsWith("quota.cpu:")), found.join("\n")).to.equal(true);
        expect(found.some((p) => p.includes("workers")), found.join("\n")).to.equal(true);
    });

    it("fails the stack before registering anything, naming the full key", async () => {
        const result = await plan("production", "aws", { platform: { publicDns: false, distributedCompute: { enabled: "yes" } } });
        expect(result.error).to.be.instanceOf(ConfigError);
        expect(result.error!.message).to.match(/ml-platform:platform\.distributedCompute\.enabled: .*boolean/);
        expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    });

    it("is turned on by the shipped production stack", async () => {
        const p = await plan("production", "aws");
        expect(p.error).to.equal(undefined);
        expect(p.resources.some((r) => r.type === "mlplatform:k8s:DistributedCompute")).to.equal(true);
    });
});
