import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError } from "../../components/config";
import { ISTIO_LATENCY_BUCKETS_MS, SLO_DEFAULTS, sloSchema } from "../../components/config/observability";
import { plan } from "../support/plans";

/** The production stack file's platform block, so an override changes only what a case names. */
function productionPlatform(): Record<string, unknown> {
    const file = parse(fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.production.yaml"), "utf8")) as { config: Record<string, unknown> };
    return file.config["ml-platform:platform"] as Record<string, unknown>;
}

async function problemsWith(slo: Record<string, unknown>, monitoring?: Record<string, unknown>): Promise<string[]> {
    const platform = { ...productionPlatform(), slo, ...(monitoring ? { monitoring } : {}) };
    const result = await plan("production", undefined, { platform });
    expect(result.error, "the program must fail").to.be.instanceOf(ConfigError);
    expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    return (result.error as ConfigError).problems as string[];
}

describe("platform.slo config", () => {
    it("defaults per environment: production stricter, each period within the environment's metric retention", () => {
        const staging = sloSchema("staging").parse({});
        const production = sloSchema("production").parse({});
        expect(staging).to.deep.equal(SLO_DEFAULTS.staging);
        expect(production).to.deep.equal(SLO_DEFAULTS.production);
        expect(production.servingAvailability).to.be.greaterThan(staging.servingAvailability);
        expect(production.servingLatency.objective).to.be.greaterThan(staging.servingLatency.objective);
        expect(staging.periodDays).to.be.at.most(7);
        expect(production.periodDays).to.equal(30);
    });

    it("refuses a 100 % objective (no budget), naming the key", async () => {
        const problems = await problemsWith({ servingAvailability: 100 });
        expect(problems.find((p) => p.startsWith("ml-platform:platform.slo.servingAvailability:"))).to.match(/no error budget \(got 100\)/);
    });

    it("refuses a latency threshold that is not one of Istio's bucket boundaries", async () => {
        const problems = await problemsWith({ servingLatency: { thresholdMs: 300 } });
        expect(problems.find((p) => p.startsWith("ml-platform:platform.slo.servingLatency.thresholdMs:"))).to.match(/bucket boundaries.*250, 500/);
        expect(ISTIO_LATENCY_BUCKETS_MS).to.include.members([100, 250, 500, 1000, 2500]);
    });

    it("refuses a period longer than Prometheus keeps metrics", async () => {
        const problems = await problemsWith({ periodDays: 30 }, { retentionDays: 14, prometheusStorageGb: 200, alertmanagerStorageGb: 10 });
        expect(problems.find((p) => p.startsWith("ml-platform:platform.slo.periodDays:"))).to.match(/longer than Prometheus keeps metrics \(monitoring\.retentionDays 14\)/);
    });

    it("refuses an unsupported period and an unknown key", async () => {
        const problems = await problemsWith({ periodDays: 10, availability: 99 });
        expect(problems.find((p) => p.startsWith("ml-platform:platform.slo.periodDays:"))).to.match(/one of 7, 14, 28, 30/);
        expect(problems.find((p) => p.startsWith("ml-platform:platform.slo.availability:"))).to.match(/unknown key/);
    });
});
