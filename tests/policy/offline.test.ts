/** The offline evaluation: per-stack config files, levels, which resources each kind of policy sees. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { categoryOf } from "../../policy/lib/rule";
import { enforcementLevel, readPackConfig, validatePackConfig } from "../../policy/lib/packConfig";
import { defaultConfigFile, evaluatePolicies, hasMandatoryViolations, type CapturedResourceLike } from "../../policy/offline";
import { RULES } from "../../policy/rules";

const ENVIRONMENTS = ["production", "staging"] as const;

function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<CapturedResourceLike> = {}): CapturedResourceLike {
    return { urn: `urn:pulumi:t::p::${type}::${name}`, type, name, custom: true, parent: null, dependencies: [], propertyDependencies: {}, protect: false, inputs, ...extra };
}

const TAGS = { project: "p", stack: "s", environment: "e", owner: "o", "cost-center": "c" };
const unprotectedDb = resource("aws:rds/instance:Instance", "db", {
    publiclyAccessible: false, storageEncrypted: true, kmsKeyId: "k", backupRetentionPeriod: 30, deletionProtection: true, multiAz: false,
    iamDatabaseAuthenticationEnabled: true, tags: TAGS,
});

function tempConfig(content: object): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-")), "config.json");
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
}

describe("offline policy evaluation", () => {
    for (const env of ENVIRONMENTS) {
        describe(`policy/config/${env}.json`, () => {
            const config = readPackConfig(defaultConfigFile(env));
            it("is valid for the pack (known policies, declared properties)", () => {
                expect(validatePackConfig(RULES, config)).to.deep.equal([]);
            });
            it("names the environment for every environment-aware rule", () => {
                const aware = RULES.filter((r) => r.configSchema?.properties.environment);
                expect(aware.filter((r) => (config[r.name] as Record<string, unknown>)?.environment !== env).map((r) => r.name)).to.deep.equal([]);
            });
        });
    }

    it("production enforces every rule as mandatory", () => {
        const config = readPackConfig(defaultConfigFile("production"));
        expect(RULES.filter((r) => enforcementLevel(r, config) !== "mandatory").map((r) => r.name)).to.deep.equal([]);
    });

    it("staging relaxes only availability rules, never security ones", () => {
        const config = readPackConfig(defaultConfigFile("staging"));
        const relaxed = RULES.filter((r) => enforcementLevel(r, config) !== "mandatory");
        expect(relaxed.length).to.be.greaterThan(0);
        expect(relaxed.filter((r) => categoryOf(r) !== "availability").map((r) => r.name)).to.deep.equal([]);
    });

    it("reports a production-only rule as mandatory in production and advisory in staging", async () => {
        const prod = await evaluatePolicies([unprotectedDb], { stack: "production", environment: "production" });
        const staging = await evaluatePolicies([unprotectedDb], { stack: "staging", environment: "staging" });
        expect(prod.violations.map((v) => [v.policy, v.level])).to.deep.include.members([["aws-rds-multi-az", "mandatory"], ["stateful-resources-protected", "mandatory"]]);
        expect(hasMandatoryViolations(prod)).to.equal(true);
        expect(staging.violations).to.deep.equal([]);
        expect(prod.rules).to.equal(RULES.length);
    });

    it("applies thresholds from the config file", async () => {
        const db = resource("aws:rds/instance:Instance", "db", { ...unprotectedDb.inputs, backupRetentionPeriod: 10 });
        const prod = await evaluatePolicies([db], { stack: "production", environment: "production" });
        const staging = await evaluatePolicies([db], { stack: "staging", environment: "staging" });
        expect(prod.violations.find((v) => v.policy === "aws-rds-backup-retention")?.message).to.match(/at least 14/);
        expect(staging.violations.find((v) => v.policy === "aws-rds-backup-retention")).to.equal(undefined);
    });

    it("skips components and the stack for resource policies, and counts only enabled policies", async () => {
        const component = resource("aws:kms/key:Key", "not-really", {}, { custom: false });
        const file = tempConfig({ all: "disabled", "aws-kms-key-rotation": "advisory" });
        const report = await evaluatePolicies([component, resource("aws:kms/key:Key", "k", { enableKeyRotation: false })], { stack: "s", environment: "production", configFile: file });
        expect(report.rules).to.equal(1);
        expect(report.violations).to.deep.equal([{ policy: "aws-kms-key-rotation", level: "advisory", urn: "urn:pulumi:t::p::aws:kms/key:Key::k", message: "Automatic key rotation is disabled." }]);
    });

    it("turns a value unknown during preview into an advisory can't-run notice", async () => {
        const file = tempConfig({ all: "disabled", "aws-kms-key-rotation": "mandatory" });
        const report = await evaluatePolicies([resource("aws:kms/key:Key", "k", { enableKeyRotation: "[unknown]" })], { stack: "s", environment: "production", configFile: file });
        expect(report.violations).to.have.length(1);
        expect(report.violations[0]).to.include({ level: "advisory", policy: "aws-kms-key-rotation" });
        expect(report.violations[0].message).to.match(/can't run policy .* during preview/);
    });

    it("rejects a config naming an unknown policy", async () => {
        const file = tempConfig({ "no-such-policy": "mandatory" });
        let error: Error | undefined;
        await evaluatePolicies([], { stack: "s", environment: "staging", configFile: file }).catch((e: Error) => (error = e));
        expect(error?.message).to.match(/unknown policy "no-such-policy"/);
    });
});
