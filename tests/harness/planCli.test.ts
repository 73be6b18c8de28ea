import { expect } from "chai";
import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { toPlanDocument } from "../../automation/planStack";
import type { Environment } from "../../components/config";
import { choosePolicyConfig } from "../../automation/policyConfig";
import { PROJECT_DIR } from "../../automation/stackConfig";
import { evaluatePolicies } from "../../policy/offline";
import { okPlan } from "../support/plans";

function runPlan(args: string[]) {
    return spawnSync(process.execPath, ["automation/launch.js", "plan", ...args], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
        timeout: 60_000,
    });
}

/** Runs the plan CLI on a stack file written for the run, removed afterwards. */
function runPlanOn(stack: string, text: string, args: string[]): SpawnSyncReturns<string> {
    const stackFile = path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(stackFile, text);
    try {
        return runPlan(["--stack", stack, ...args]);
    } finally {
        fs.unlinkSync(stackFile);
    }
}

const RDS = "aws:rds/instance:Instance";

// A full plan in a fresh process costs about 3.5 s of CPU, so each full run below serves several
// tests: exit 0 and the JSON contract on a staging copy, exit 3 on an unprotected production copy.
// What needs no process (production's plan contents and policy report) reads the shared plan.
describe("npm run plan", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));

    describe("on a stack copied from staging under a new name (--cloud aws --json)", () => {
        const file = path.join(dir, "copy.json");
        let run: SpawnSyncReturns<string>;
        before(() => {
            run = runPlanOn("copy-plan-test", fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml"), "utf8"), ["--cloud", "aws", "--json", file]);
        });

        it("plans a stack copied from staging under a new name with staging's policy config", () => {
            expect(run.status, run.stderr).to.equal(0);
            expect(run.stdout).to.contain("Policy config: policy/config/staging.json (environment)");
        });

        it("writes the documented JSON with protect flags and secrets masked", () => {
            expect(run.status, run.stderr).to.equal(0);
            expect(run.stdout).to.match(/mlplatform:index:MlPlatform/);
            const doc = JSON.parse(fs.readFileSync(file, "utf8"));
            expect(doc).to.include({ stack: "copy-plan-test", cloud: "aws" });
            const resource = doc.resources.find((r: { type: string }) => r.type === RDS);
            expect(Object.keys(resource)).to.include.members(["urn", "type", "name", "parent", "dependencies", "protect", "inputs"]);
            expect(resource.protect).to.equal(false);
            expect(resource.inputs.password).to.equal("[secret]");
            expect(fs.readFileSync(file, "utf8")).to.not.match(/mock-secret-/);
            expect(doc.policy.rules).to.be.at.least(45);
            expect(doc.policy.violations).to.deep.equal([]);
        });
    });

    it("production's plan document, as the CLI builds it, protects the database, masks secrets and passes production's policy config", async () => {
        // The CLI's own steps on the shared plan of `--stack production --cloud aws` (planStack,
        // toPlanDocument, choosePolicyConfig, evaluatePolicies): no plan is computed for this.
        const p = await okPlan("production", "aws");
        const doc = toPlanDocument(p);
        const resource = doc.resources.find((r) => r.type === RDS)!;
        expect(resource.protect).to.equal(true);
        expect(resource.inputs.password).to.equal("[secret]");
        expect(JSON.stringify(doc)).to.not.match(/mock-secret-/);
        const policyConfig = choosePolicyConfig(PROJECT_DIR, p.stack, p.environment);
        expect(policyConfig).to.deep.equal({ file: "policy/config/production.json", source: "environment" });
        const report = await evaluatePolicies(p.resources, { stack: p.stack, environment: p.environment as Environment, configFile: path.join(PROJECT_DIR, policyConfig!.file) });
        expect(report.rules).to.be.at.least(45);
        expect(report.violations).to.deep.equal([]);
    });

    it("exits 3 when a mandatory policy is violated, and still writes the plan for CI", () => {
        const file = path.join(dir, "unprotected.json");
        const production = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.production.yaml"), "utf8");
        const unprotected = production.replace("  ml-platform:environment: production\n", "  ml-platform:environment: production\n  ml-platform:protect: false\n");
        const run = runPlanOn("unprotected-test", unprotected, ["--json", file]);
        expect(run.status, run.stdout + run.stderr).to.equal(3);
        expect(run.stdout).to.match(/\[mandatory\]/);
        expect(run.stdout).to.contain("Policy config: policy/config/production.json (environment)");
        const doc = JSON.parse(fs.readFileSync(file, "utf8"));
        expect(doc.resources.find((r: { type: string }) => r.type === RDS).protect).to.equal(false);
        const violations = doc.policy.violations as { level: string; urn: string }[];
        expect(violations.some((v) => v.level === "mandatory" && v.urn.includes(RDS))).to.equal(true);
    });

    it("exits non-zero on invalid config, naming the key", () => {
        const file = path.join(dir, "Pulumi.broken.yaml");
        const stackFile = path.join(PROJECT_DIR, "Pulumi.broken-test.yaml");
        fs.writeFileSync(stackFile, "config:\n  ml-platform:environment: production\n  ml-platform:cloud: aws\n");
        try {
            const run = runPlan(["--stack", "broken-test", "--json", file]);
            expect(run.status).to.equal(2);
            expect(run.stderr).to.match(/ml-platform:owner/);
            expect(run.stderr).to.match(/ml-platform:aws: required when cloud is "aws"/);
            expect(fs.existsSync(file)).to.equal(false);
        } finally {
            fs.unlinkSync(stackFile);
        }
    });

    it("exits 64 for an unknown stack, listing the stacks there are", () => {
        const run = runPlan(["--stack", "nosuch"]);
        expect(run.status, run.stderr).to.equal(64);
        expect(run.stderr).to.match(/unknown stack "nosuch".*stacks here: .*production, staging/);
        expect(run.stderr).to.not.match(/\n\s+at /);
    });

    it("exits 2 for a stack file that is not YAML, naming the file and the line", () => {
        const stackFile = path.join(PROJECT_DIR, "Pulumi.yaml-syntax-test.yaml");
        fs.writeFileSync(stackFile, "config:\n  ml-platform:environment: staging\n  ml-platform:owner: \"ml-team\n  ml-platform:costCenter: cc-1\n");
        try {
            const run = runPlan(["--stack", "yaml-syntax-test"]);
            expect(run.status, run.stderr).to.equal(2);
            expect(run.stderr).to.match(/^Pulumi\.yaml-syntax-test\.yaml:\d+:\d+: YAML syntax error: /m);
            expect(run.stderr.trim().split("\n"), run.stderr).to.have.length(1);
        } finally {
            fs.unlinkSync(stackFile);
        }
    });

    it("explains its usage when the stack is missing", () => {
        const run = runPlan([]);
        expect(run.status).to.equal(64);
        expect(run.stderr).to.match(/usage: npm run plan -- --stack/);
    });
});
