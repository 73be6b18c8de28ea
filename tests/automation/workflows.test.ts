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
    steps?: Step[];
    environment?: string | { name: string };
    permissions?: Record<string, string>;
    env?: Record<string, unknown>;
    strategy?: { matrix?: Record<string, unknown> };
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
                const matrix = job.strategy?.matrix?.stack;
                const stacks = stackArg.startsWith("${{") ? ((matrix as string[] | undefined) ?? []) : [stackArg];
                return { job: name, mode: m[1], stacks, args: m[2] };
            }),
        ),
    );
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
                for (const m of run.matchAll(/npm (?:run(?:-script)?) ([\w:.-]+)/g)) if (!(m[1] in scripts)) missing.push(`${name}: npm run ${m[1]}`);
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
