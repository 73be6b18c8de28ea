/**
 * A throwaway project directory shaped like ours (project file, two stacks, the policy pack's files)
 * and a context that runs the deploy command in-process against the fake CLI.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDeployArgs, type DeployRequest } from "../../automation/deploy/args";
import { runDeploy, type DeployContext, type DeployResult } from "../../automation/deploy/run";
import { FakePulumi } from "./fakePulumi";

export function makeProject(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-project-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ml-platform\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), "config:\n  ml-platform:environment: staging\n");
    fs.writeFileSync(path.join(dir, "Pulumi.production.yaml"), "config:\n  ml-platform:environment: production\n");
    fs.mkdirSync(path.join(dir, "policy", "config"), { recursive: true });
    fs.writeFileSync(path.join(dir, "policy", "PulumiPolicy.yaml"), "runtime: nodejs\n");
    for (const stack of ["staging", "production"]) fs.writeFileSync(path.join(dir, "policy", "config", `${stack}.json`), "{}\n");
    return dir;
}

export interface Harness {
    result: DeployResult;
    stdout: string;
    stderr: string;
    sleeps: number[];
}

/** Parses argv as the command line would, then runs the deploy command against the fake. */
export async function deploy(argv: string[], fake: FakePulumi, project: string, env: NodeJS.ProcessEnv = {}): Promise<Harness> {
    const parsed = parseDeployArgs(argv, env);
    if (parsed.kind !== "request") throw new Error(`bad test argv: ${JSON.stringify(parsed)}`);
    return deployRequest(parsed.request, fake, project, env);
}

export async function deployRequest(request: DeployRequest, fake: FakePulumi, project: string, env: NodeJS.ProcessEnv = {}): Promise<Harness> {
    let stdout = "";
    let stderr = "";
    const sleeps: number[] = [];
    const ctx: DeployContext = {
        workDir: project,
        env: { PATH: process.env.PATH, ...env },
        cwd: project,
        pulumiCommand: () => fake.command(),
        sleep: async (ms) => {
            sleeps.push(ms);
        },
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
    };
    const result = await runDeploy(request, ctx);
    return { result, stdout, stderr, sleeps };
}
