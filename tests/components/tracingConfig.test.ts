import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError } from "../../components/config";
import { TRACING_DEFAULTS, tracingSchema } from "../../components/config/tracing";
import { plan } from "../support/plans";

function productionPlatform(): Record<string, unknown> {
    const file = parse(fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.production.yaml"), "utf8")) as { config: Record<string, unknown> };
    return file.config["ml-platform:platform"] as Record<string, unknown>;
}

describe("platform.tracing config", () => {
    it("defaults per environment: on in both, production samples less and keeps traces longer", () => {
        const staging = tracingSchema("staging").parse({});
        const production = tracingSchema("production").parse({});
        expect(staging).to.deep.equal(TRACING_DEFAULTS.staging);
        expect(production).to.deep.equal(TRACING_DEFAULTS.production);
        expect(production.samplingPercentage).to.be.lessThan(staging.samplingPercentage);
        expect(production.retentionHours).to.be.greaterThan(staging.retentionHours);
    });

    it("refuses a sampling percentage above 100 and a fractional retention, naming each key, before any resource", async () => {
        const platform = { ...productionPlatform(), tracing: { samplingPercentage: 150, retentionHours: 1.5 } };
        const result = await plan("production", undefined, { platform });
        expect(result.error, "the program must fail").to.be.instanceOf(ConfigError);
        expect(result.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        const problems = (result.error as ConfigError).problems as string[];
        expect(problems.find((p) => p.startsWith("ml-platform:platform.tracing.samplingPercentage:"))).to.match(/percentage from 0 to 100/);
        expect(problems.find((p) => p.startsWith("ml-platform:platform.tracing.retentionHours:"))).to.match(/whole number of hours/);
    });
});
