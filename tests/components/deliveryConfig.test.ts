import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError } from "../../components/config";
import { DELIVERY_DEFAULTS, deliverySchema } from "../../components/config/delivery";
import { plan } from "../support/plans";

function productionPlatform(): Record<string, unknown> {
    const file = parse(fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.production.yaml"), "utf8")) as { config: Record<string, unknown> };
    return file.config["ml-platform:platform"] as Record<string, unknown>;
}

describe("platform.delivery config", () => {
    it("defaults per environment: on in both, with the rollback limits the platform was specified with (error rate 5 %, p99 2 s)", () => {
        const staging = deliverySchema("staging").parse({});
        const production = deliverySchema("production").parse({});
        expect(staging).to.deep.equal(DELIVERY_DEFAULTS.staging);
        expect(production).to.deep.equal(DELIVERY_DEFAULTS.production);
        for (const d of [staging, production]) expect(d).to.deep.include({ enabled: true, maxErrorRatePercent: 5, maxP99Ms: 2000 });
        // Production moves in smaller steps and tolerates more failed checks before rolling back.
        expect(production.stepWeightPercent).to.be.lessThan(staging.stepWeightPercent);
    });

    it("refuses limits and steps out of range, naming each key, before any resource", async () => {
        const platform = {
            ...productionPlatform(),
            delivery: { maxErrorRatePercent: 0, maxP99Ms: 2000.5, stepWeightPercent: 60, maxWeightPercent: 50, intervalSeconds: 10, failedChecks: 0, canary: true },
        };
        const result = await plan("production", undefined, { platform });
        expect(result.error, "the program must fail").to.be.instanceOf(ConfigError);
        expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        const problems = (result.error as ConfigError).problems as string[];
        const about = (key: string) => problems.find((p) => p.startsWith(`ml-platform:platform.delivery.${key}:`));
        expect(about("maxErrorRatePercent")).to.match(/percentage above 0/);
        expect(about("maxP99Ms")).to.match(/whole number of milliseconds/);
        expect(about("intervalSeconds")).to.match(/at least 30 seconds/);
        expect(about("failedChecks")).to.match(/at least 1 check/);
        expect(problems.join("\n")).to.match(/canary/);
    });

    it("refuses a first step past the promotion point, naming stepWeightPercent", () => {
        const result = deliverySchema("production").safeParse({ stepWeightPercent: 60, maxWeightPercent: 50 });
        expect(result.success).to.equal(false);
        const issue = result.error!.issues.find((i) => i.path.join(".") === "stepWeightPercent");
        expect(issue?.message).to.match(/must not exceed maxWeightPercent \(50\)/);
    });
});
