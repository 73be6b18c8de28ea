import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { EXIT } from "../../automation/deploy/exitCodes";
import { FakePulumi, type FakeResponse } from "./fakePulumi";
import { deploy, deployRequest, makeProject } from "./fixtures";

const POLICY_STAGING = ["--policy-pack", "policy", "--policy-pack-config", "policy/config/staging.json"];
const POLICY_PRODUCTION = ["--policy-pack", "policy", "--policy-pack-config", "policy/config/production.json"];
const TAIL = (stack: string) => ["--exec-kind", "auto.local", "--event-log", "<log>", "--stack", stack, "--non-interactive"];
// refresh and destroy name the event log before the exec kind.
const TAIL_LOG_FIRST = (stack: string) => ["--event-log", "<log>", "--exec-kind", "auto.local", "--stack", stack, "--non-interactive"];
const CONFLICT: FakeResponse = { exitCode: 255, stderr: "error: [409] Conflict: Another update is currently in progress.\n" };

const step = (op: string, type: string, name: string) => ({ resourcePreEvent: { metadata: { op, type, urn: `urn:pulumi:staging::ml-platform::${type}::${name}` } } });
const summary = (resourceChanges: Record<string, number>) => ({ summaryEvent: { resourceChanges, maybeCorrupt: false, durationSeconds: 1, policyPacks: {} } });
const violation = (policyName: string, enforcementLevel: "mandatory" | "warning") => ({
    policyEvent: { policyName, policyPackName: "ml-platform-policies", policyPackVersion: "0.1.0", policyPackVersionTag: "0.1.0", enforcementLevel, message: `${policyName} failed`, color: "never" },
});

describe("npm run deploy (Automation API against a fake pulumi)", () => {
    let project: string;
    // One fake for every case, reset with each case's script: it answers `pulumi version` once.
    let fake: FakePulumi;

    before(() => {
        fake = new FakePulumi();
    });
    after(() => fake.remove());
    beforeEach(() => {
        project = makeProject();
    });
    afterEach(() => {
        fs.rmSync(project, { recursive: true, force: true });
    });

    describe("preview", () => {
        it("selects the stack and runs preview with the stack's policy pack config", async () => {
            fake.reset({ responses: { preview: { events: [step("create", "aws:s3/bucketV2:BucketV2", "artifacts"), summary({ create: 1, same: 4 })] } } });
            const run = await deploy(["preview", "--stack", "staging"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(fake.commands()).to.deep.equal([
                ["whoami", "--json", "--non-interactive"],
                ["stack", "select", "--stack", "staging", "--non-interactive"],
                ["preview", ...POLICY_STAGING, ...TAIL("staging")],
            ]);
            expect(run.stdout).to.match(/Changes by type \(preview of stack "staging"\)/);
            expect(run.stdout).to.match(/1\s+aws:s3\/bucketV2:BucketV2/);
        });

        it("creates the stack when it does not exist, with the requested secrets provider", async () => {
            fake.reset({ responses: { "stack select": { exitCode: 255, stderr: "error: no stack named 'staging' found\n" } } });
            const run = await deploy(["preview", "--stack", "staging", "--secrets-provider", "awskms://alias/ml-platform"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(fake.commandsOf("stack init")).to.deep.equal([["stack", "init", "staging", "--secrets-provider", "awskms://alias/ml-platform", "--non-interactive"]]);
        });

        it("writes a JSON summary with the changes per type and the policy pack it ran", async () => {
            fake.reset({
                responses: {
                    preview: { events: [step("create", "aws:s3/bucketV2:BucketV2", "a"), step("replace", "aws:rds/instance:Instance", "db"), step("same", "aws:iam/role:Role", "r"), summary({ create: 1, replace: 1, same: 1 })] },
                },
            });
            const file = path.join(project, "out", "summary.json");
            const run = await deploy(["preview", "--stack", "staging", "--json", file], fake, project);

            expect(run.result.summaryFile).to.equal(file);
            const written = JSON.parse(fs.readFileSync(file, "utf8"));
            expect(written).to.include({ mode: "preview", stack: "staging", environment: "staging", result: "ok", exitCode: 0, attempts: 1 });
            expect(written.policyPack).to.deep.equal({ path: "policy", config: "policy/config/staging.json", configSource: "environment" });
            expect(written.changes).to.deep.equal({ create: 1, replace: 1, same: 1 });
            expect(written.changesByType).to.deep.equal({ "aws:rds/instance:Instance": { replace: 1 }, "aws:s3/bucketV2:BucketV2": { create: 1 } });
        });

        it("exits with the policy code when a mandatory policy fails, listing the violation", async () => {
            fake.reset({
                responses: { preview: { events: [violation("s3-no-public-access", "mandatory"), violation("tags-present", "warning")], exitCode: 255, stderr: "error: preview failed\n" } },
            });
            const run = await deploy(["preview", "--stack", "staging"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.policyViolation);
            expect(run.result.summary.policyViolations.map((v) => [v.policy, v.level])).to.deep.equal([
                ["s3-no-public-access", "mandatory"],
                ["tags-present", "advisory"],
            ]);
            expect(run.stderr).to.match(/mandatory policy violation: s3-no-public-access/);
        });

        it("an advisory violation alone does not fail the preview", async () => {
            fake.reset({ responses: { preview: { events: [violation("tags-present", "warning")] } } });
            const run = await deploy(["preview", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(run.result.summary.policyViolations).to.have.length(1);
        });

        it("exits with the invalid-config code when the program rejects the config", async () => {
            fake.reset({
                responses: { preview: { exitCode: 255, stdout: 'Error: Invalid configuration for stack "staging" (1 problem):\n  - ml-platform:owner: required\n' } },
            });
            const run = await deploy(["preview", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.invalidConfig);
            expect(run.stderr).to.match(/ml-platform:owner: required/);
        });

        it("shows an invalid config once, without the Automation API's wrapper or a changes table", async () => {
            const diagnostics =
                "Previewing update (staging):\n" +
                "Diagnostics:\n  pulumi:pulumi:Stack (ml-platform-staging):\n" +
                '    error: Invalid configuration for stack "staging" (2 problems):\n' +
                "      - ml-platform:owner: Invalid input: expected string, received undefined (missing)\n" +
                '      - ml-platform:network.cidr: expected an IPv4 CIDR with zero host bits, e.g. 10.0.0.0/16 (got "10.0.0.1/16")\n' +
                "Resources:\n    + 1 to create\n";
            fake.reset({ responses: { preview: { exitCode: 255, stdout: diagnostics, stderr: "error: preview failed\n", events: [summary({ create: 1 })] } } });
            const run = await deploy(["preview", "--stack", "staging"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.invalidConfig);
            expect(run.result.summary.message).to.equal(
                'Invalid configuration for stack "staging" (2 problems):\n' +
                    "  - ml-platform:owner: Invalid input: expected string, received undefined (missing)\n" +
                    '  - ml-platform:network.cidr: expected an IPv4 CIDR with zero host bits, e.g. 10.0.0.0/16 (got "10.0.0.1/16")',
            );
            expect(run.stderr.split("ml-platform:owner:").length - 1, run.stderr).to.equal(1);
            expect(run.stderr).to.not.match(/code: 255|stdout:|stderr:|err\?:/);
            expect(run.stdout).to.not.match(/Changes by type|No changes/);
        });

        it("prints the changes table only when there are changes", async () => {
            fake.reset({ responses: { preview: { events: [step("same", "aws:s3/bucketV2:BucketV2", "a"), summary({ same: 12 })] } } });
            const run = await deploy(["preview", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(run.stdout).to.not.contain("Changes by type");
            expect(run.stdout).to.contain('No changes (preview of stack "staging").');
        });

        it("exits 2 for a stack file that is not YAML, naming the file and line, calling no CLI", async () => {
            fs.writeFileSync(path.join(project, "Pulumi.staging.yaml"), "config:\n  ml-platform:environment: [staging\n");
            fake.reset();
            const run = await deploy(["preview", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.invalidConfig);
            expect(run.stderr).to.match(/Pulumi\.staging\.yaml:\d+:\d+: YAML syntax error/);
            expect(fake.calls()).to.deep.equal([]);
        });

        it("a copied stack runs its environment's policy config; an override file for the stack wins", async () => {
            fs.copyFileSync(path.join(project, "Pulumi.staging.yaml"), path.join(project, "Pulumi.staging-eu.yaml"));
            fake.reset();
            await deploy(["preview", "--stack", "staging-eu"], fake, project);
            fs.mkdirSync(path.join(project, "policy", "config", "stacks"));
            fs.writeFileSync(path.join(project, "policy", "config", "stacks", "staging-eu.json"), "{}\n");
            const run = await deploy(["preview", "--stack", "acme/ml-platform/staging-eu"], fake, project);

            const configs = fake.commandsOf("preview").map((argv) => argv[argv.indexOf("--policy-pack-config") + 1]);
            expect(configs).to.deep.equal(["policy/config/staging.json", "policy/config/stacks/staging-eu.json"]);
            expect(run.result.summary.policyPack).to.deep.equal({ path: "policy", config: "policy/config/stacks/staging-eu.json", configSource: "stack override" });
        });

        it("refuses a stack file without an environment, naming the key, calling no CLI", async () => {
            fs.writeFileSync(path.join(project, "Pulumi.bare.yaml"), "config:\n  ml-platform:owner: a\n");
            fake.reset();
            const run = await deploy(["preview", "--stack", "bare"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.invalidConfig);
            expect(run.stderr).to.match(/ml-platform:environment: missing in Pulumi\.bare\.yaml/);
            expect(fake.calls()).to.deep.equal([]);
        });

        it("refuses to run without the policy pack's config for the stack", async () => {
            fake.reset();
            fs.rmSync(path.join(project, "policy", "config", "staging.json"));
            const run = await deploy(["preview", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.prerequisite);
            expect(run.stderr).to.match(/policy\/config\/staging\.json is missing/);
            expect(fake.commands()).to.deep.equal([]);
        });
    });

    describe("up and the production guards", () => {
        const outputs = { clusterName: { value: "ml-staging" }, kubeconfig: { value: "apiVersion: v1\nusers: [token-9f8e7d]", secret: true }, databasePassword: { value: "p4ssw0rd-xyz", secret: true } };

        it("runs up on staging with the policy pack and keeps secret outputs out of the summary", async () => {
            fake.reset({ responses: { up: { events: [step("create", "aws:s3/bucketV2:BucketV2", "a"), summary({ create: 1 })] } }, outputs });
            const run = await deploy(["up", "--stack", "staging", "--message", "ci run 42"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(fake.commandsOf("up")).to.deep.equal([["up", "--yes", "--skip-preview", "--message", "ci run 42", ...POLICY_STAGING, ...TAIL("staging")]]);
            // The history the Automation API reads after up must not ask for secrets.
            expect(fake.commandsOf("stack history")[0]).to.not.include("--show-secrets");
            expect(run.result.summary.outputs).to.deep.equal({ clusterName: "ml-staging", kubeconfig: "[secret]", databasePassword: "[secret]" });
            const written = fs.readFileSync(run.result.summaryFile, "utf8");
            expect(written).to.not.include("p4ssw0rd-xyz");
            expect(written).to.not.include("token-9f8e7d");
            expect(run.stdout + run.stderr).to.not.include("p4ssw0rd-xyz");
        });

        it("refuses up on production without approval, before calling the CLI", async () => {
            fake.reset();
            const run = await deploy(["up", "--stack", "production"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.refused);
            expect(run.stderr).to.match(/refusing to up production stack "production" without approval: pass --approve-production or set PLATFORM_APPROVE_PRODUCTION=true/);
            expect(fake.calls()).to.deep.equal([]);
            expect(run.result.summary.result).to.equal("refused");
        });

        it("treats a stack whose environment is production as production whatever its name", async () => {
            fs.writeFileSync(path.join(project, "Pulumi.prod-eu.yaml"), "config:\n  ml-platform:environment: production\n");
            fake.reset();
            const run = await deploy(["up", "--stack", "acme/ml-platform/prod-eu"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.refused);
        });

        it("runs up on production when the approval variable is set", async () => {
            fake.reset();
            const run = await deploy(["up", "--stack", "production"], fake, project, { PLATFORM_APPROVE_PRODUCTION: "true" });
            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(fake.commandsOf("up")).to.deep.equal([["up", "--yes", "--skip-preview", ...POLICY_PRODUCTION, ...TAIL("production")]]);
        });

        it("preview on production needs no approval", async () => {
            fake.reset();
            const run = await deploy(["preview", "--stack", "production"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(fake.commandsOf("preview")).to.deep.equal([["preview", ...POLICY_PRODUCTION, ...TAIL("production")]]);
        });

        it("refuses destroy on production with approval alone, naming the second flag", async () => {
            fake.reset();
            const run = await deploy(["destroy", "--stack", "production", "--approve-production"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.refused);
            expect(run.stderr).to.match(/--confirm-production-destroy/);
            expect(fake.calls()).to.deep.equal([]);
        });

        it("does not take the destroy confirmation from the environment", async () => {
            fake.reset();
            const env = { PLATFORM_APPROVE_PRODUCTION: "true", PLATFORM_CONFIRM_PRODUCTION_DESTROY: "true", CONFIRM_PRODUCTION_DESTROY: "true" };
            const run = await deploy(["destroy", "--stack", "production"], fake, project, env);
            expect(run.result.exitCode).to.equal(EXIT.refused);
        });

        it("destroys production only with both flags", async () => {
            fake.reset({ responses: { destroy: { events: [step("delete", "aws:s3/bucketV2:BucketV2", "a"), summary({ delete: 1 })] } } });
            const run = await deploy(["destroy", "--stack", "production", "--approve-production", "--confirm-production-destroy"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(fake.commandsOf("destroy")).to.deep.equal([["destroy", "--yes", "--skip-preview", ...TAIL_LOG_FIRST("production")]]);
            expect(fake.commandsOf("stack select")).to.have.length(1);
            expect(fake.commandsOf("stack init")).to.deep.equal([]);
        });

        it("refresh on production also needs approval; on staging it runs", async () => {
            fake.reset();
            expect((await deploy(["refresh", "--stack", "production"], fake, project)).result.exitCode).to.equal(EXIT.refused);
            const run = await deploy(["refresh", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(fake.commandsOf("refresh")).to.deep.equal([["refresh", "--skip-preview", "--yes", ...TAIL_LOG_FIRST("staging")]]);
        });
    });

    describe("drift", () => {
        it("runs a refresh preview and a program preview, both expecting no changes; none found exits 0", async () => {
            fake.reset();
            const run = await deploy(["drift", "--stack", "staging"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(fake.commandsOf("refresh")).to.deep.equal([["refresh", "--preview-only", "--expect-no-changes", ...TAIL("staging")]]);
            expect(fake.commandsOf("preview")).to.deep.equal([["preview", "--expect-no-changes", ...POLICY_STAGING, ...TAIL("staging")]]);
            expect(fake.commandsOf("stack init")).to.deep.equal([]);
            expect(run.result.summary.drift).to.deep.include({ refresh: { changes: {}, changesByType: {}, drifted: false } });
        });

        it("exits with the drift code when the cloud moved away from the state (old CLI: 255 and the message)", async () => {
            fake.reset({
                responses: {
                    refresh: {
                        events: [step("refresh", "aws:iam/role:Role", "same"), step("update", "aws:s3/bucketV2:BucketV2", "artifacts"), summary({ update: 1, same: 1 })],
                        exitCode: 255,
                        stderr: "error: no changes were expected but changes occurred\n",
                    },
                },
            });
            const run = await deploy(["drift", "--stack", "staging"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.drift);
            expect(run.result.summary.drift?.refresh).to.deep.include({ drifted: true, changesByType: { "aws:s3/bucketV2:BucketV2": { update: 1 } } });
            expect(run.result.summary.drift?.program?.drifted).to.equal(false);
            expect(run.stderr).to.match(/the cloud differs from the state/);
        });

        it("exits with the drift code when the program differs from the state (new CLI: exit 7)", async () => {
            fake.reset({ responses: { preview: { events: [step("update", "kubernetes:helm.sh/v3:Release", "mlflow")], exitCode: 7, stderr: "error: expectation not met\n" } } });
            const run = await deploy(["drift", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.drift);
            expect(run.stderr).to.match(/the program differs from the state/);
        });

        it("counts a drifted resource once, however many events and previews report it", async () => {
            const urn = "urn:pulumi:staging::ml-platform::aws:s3/bucketV2:BucketV2::artifacts";
            const refreshed = (diffs: string[]) => ({ op: "refresh", type: "aws:s3/bucketV2:BucketV2", urn, diffs });
            fake.reset({
                responses: {
                    refresh: {
                        events: [{ resourcePreEvent: { metadata: refreshed([]) } }, { resOutputsEvent: { metadata: refreshed(["tags"]) } }, summary({ update: 1, same: 3 })],
                        exitCode: 255,
                        stderr: "error: no changes were expected but changes occurred\n",
                    },
                    preview: { events: [step("update", "aws:s3/bucketV2:BucketV2", "artifacts"), summary({ update: 1, same: 3 })], exitCode: 7, stderr: "error: expectation not met\n" },
                },
            });
            const run = await deploy(["drift", "--stack", "staging"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.drift);
            expect(run.result.summary.drift?.refresh.changesByType).to.deep.equal({ "aws:s3/bucketV2:BucketV2": { update: 1 } });
            expect(run.result.summary.changesByType).to.deep.equal({ "aws:s3/bucketV2:BucketV2": { update: 1 } });
            expect(run.result.summary.changes).to.deep.equal({ update: 1 });
            expect(run.stdout).to.match(/totals: update 1$/m);
        });

        it("a failure that is not drift stays a failure", async () => {
            fake.reset({ responses: { refresh: { exitCode: 255, stderr: "error: could not read the state: access denied\n" } } });
            const run = await deploy(["drift", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.failed);
            expect(run.stderr).to.match(/access denied/);
            expect(fake.commandsOf("preview")).to.deep.equal([]);
        });
    });

    describe("a stack another update holds", () => {
        it("retries with doubling backoff and succeeds", async () => {
            fake.reset({ responses: { up: [CONFLICT, CONFLICT, {}] } });
            const run = await deploy(["up", "--stack", "staging", "--retries", "3", "--retry-delay", "2"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.ok);
            expect(fake.commandsOf("up")).to.have.length(3);
            expect(run.sleeps).to.deep.equal([2000, 4000]);
            expect(run.result.summary.attempts).to.equal(3);
        });

        it("gives up after the bounded retries with the conflict code (self-managed backend lock)", async () => {
            const locked: FakeResponse = { exitCode: 255, stderr: "error: the stack is currently locked by 1 lock(s).\n" };
            fake.reset({ responses: { preview: locked } });
            const run = await deploy(["preview", "--stack", "staging", "--retries", "2", "--retry-delay", "1"], fake, project);

            expect(run.result.exitCode).to.equal(EXIT.conflict);
            expect(fake.commandsOf("preview")).to.have.length(3);
            expect(run.sleeps).to.deep.equal([1000, 2000]);
            expect(run.result.summary.attempts).to.equal(3);
        });

        it("does not retry other failures", async () => {
            fake.reset({ responses: { up: { exitCode: 255, stderr: "error: update failed\n" } } });
            const run = await deploy(["up", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.failed);
            expect(fake.commandsOf("up")).to.have.length(1);
            expect(run.sleeps).to.deep.equal([]);
        });
    });

    describe("prerequisites", () => {
        it("explains what to install when there is no pulumi CLI", async () => {
            const removed = new FakePulumi();
            const request = { mode: "outputs", stack: "staging", approveProduction: false, confirmProductionDestroy: false, retries: 0, retryDelaySeconds: 0 } as const;
            fs.rmSync(path.join(removed.root, "bin", "pulumi"));
            try {
                const run = await deployRequest(request, removed, project);
                expect(run.result.exitCode).to.equal(EXIT.prerequisite);
                expect(run.stderr).to.match(/the pulumi CLI was not found: install the Pulumi CLI \(https:\/\/www\.pulumi\.com\/docs\/install\//);
            } finally {
                removed.remove();
            }
        });

        it("explains what to set when there is no backend login", async () => {
            fake.reset({ responses: { whoami: { exitCode: 255, stderr: "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions\n" } } });
            const run = await deploy(["preview", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.prerequisite);
            expect(run.stderr).to.match(/set PULUMI_ACCESS_TOKEN for Pulumi Cloud, or PULUMI_BACKEND_URL/);
            expect(run.stderr).to.match(/The CLI said: error: PULUMI_ACCESS_TOKEN must be set/);
            expect(fake.commandsOf("preview")).to.deep.equal([]);
        });

        it("asks for the passphrase on a self-managed backend, and passes the backend and passphrase through", async () => {
            fake.reset({ responses: { whoami: { stdout: JSON.stringify({ user: "ci", url: "s3://acme-pulumi-state" }) } } });
            const backend = { PULUMI_BACKEND_URL: "s3://acme-pulumi-state" };
            const refused = await deploy(["preview", "--stack", "staging"], fake, project, backend);
            expect(refused.result.exitCode).to.equal(EXIT.prerequisite);
            expect(refused.stderr).to.match(/passphrase secrets provider: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE/);

            const run = await deploy(["preview", "--stack", "staging"], fake, project, { ...backend, PULUMI_CONFIG_PASSPHRASE: "correct-horse-battery" });
            expect(run.result.exitCode).to.equal(EXIT.ok);
            const previewCall = fake.calls().find((c) => c.argv[0] === "preview");
            expect(previewCall?.env).to.include({ PULUMI_BACKEND_URL: "s3://acme-pulumi-state", PULUMI_CONFIG_PASSPHRASE: "correct-horse-battery", PULUMI_AUTOMATION_API: "true" });
            expect(fs.readFileSync(run.result.summaryFile, "utf8")).to.not.include("correct-horse-battery");
        });

        it("needs no passphrase when the stack declares a KMS secrets provider", async () => {
            fs.appendFileSync(path.join(project, "Pulumi.staging.yaml"), "secretsprovider: awskms://alias/ml-platform?region=us-east-1\n");
            fake.reset({ responses: { whoami: { stdout: JSON.stringify({ user: "ci", url: "s3://acme-pulumi-state" }) } } });
            const run = await deploy(["preview", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.ok);
        });

        it("names the missing cloud credentials when a provider cannot authenticate", async () => {
            fake.reset({ responses: { up: { exitCode: 255, stderr: "error: configuring AWS: No valid credential sources found\n" } } });
            const run = await deploy(["up", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.prerequisite);
            expect(run.stderr).to.match(/AWS credentials are missing or expired/);
        });

        it("a mode that needs an existing stack fails clearly when there is none", async () => {
            fake.reset({ responses: { "stack select": { exitCode: 255, stderr: "error: no stack named 'staging' found\n" } } });
            const run = await deploy(["outputs", "--stack", "staging"], fake, project);
            expect(run.result.exitCode).to.equal(EXIT.failed);
            expect(run.stderr).to.match(/stack "staging" does not exist/);
            expect(fake.commandsOf("stack init")).to.deep.equal([]);
        });
    });

    it("outputs prints the stack outputs with secrets masked", async () => {
        fake.reset({ outputs: { clusterName: { value: "ml-staging" }, cacheAuthToken: { value: "tok-abcdef", secret: true } } });
        const run = await deploy(["outputs", "--stack", "staging"], fake, project);
        expect(run.result.exitCode).to.equal(EXIT.ok);
        expect(JSON.parse(run.stdout.slice(0, run.stdout.indexOf("}") + 1))).to.deep.equal({ clusterName: "ml-staging", cacheAuthToken: "[secret]" });
        expect(run.stdout).to.not.include("tok-abcdef");
    });
});
