/**
 * Careless stack files and the validation contract (issue 22), shared by the property-based test
 * (tests/components/carelessStacks.property.test.ts) and the careless-set report
 * (scripts/careless-set.ts).
 *
 * A `Mistake` is one thing a hurried user gets wrong in a shipped stack file (a wrong type, a typo,
 * a bad range, a secret in the wrong place, a structural or YAML slip, a bad stack name, valid
 * values that conflict). `applyMistake` turns it into a stack file; `judge` runs that file through
 * the offline plan's own steps in-process (the stack-file reader, then the program under the mock
 * runtime) and returns what `npm run plan` would print and exit with; `contractBreaches` lists how
 * the outcome breaks the contract:
 *   - the exit status is 0 (planned) or 2 (refused), never 1, never a stack trace;
 *   - a refusal names a key path of the input (or the file and line of a YAML error);
 *   - a planted secret marker, or the stand-in a `secure:` value plans with, never appears in any
 *     output: messages, logs, the plan document;
 *   - an accepted plan registers no URN twice.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { capture, DuplicateUrnError } from "../../automation/capture";
import { findLeakedSecrets, toPlanDocument, type PlannedStack } from "../../automation/planStack";
import {
    loadStackConfig,
    OFFLINE_SECRET_PLACEHOLDER,
    PROJECT_DIR,
    StackFileStructureError,
    StackFileSyntaxError,
    type StackConfig,
} from "../../automation/stackConfig";
import { ConfigError, parsePlatformConfig, rawConfigFrom } from "../../components/config";
import { runPlatform } from "../../components/program";

/** Planted where a secret is given, or where a plaintext secret is; must never be printed. */
export const SECRET_MARKER = "zz-planted-secret-7f3a";
const NS = "ml-platform:";

export const MISTAKE_KINDS = ["type", "keyTypo", "valueTypo", "range", "secret", "structure", "yaml", "stackName", "conflict"] as const;
export type MistakeKind = (typeof MISTAKE_KINDS)[number];

export interface Mistake {
    base: "staging" | "production";
    cloud: "aws" | "gcp" | "azure";
    kind: MistakeKind;
    /** Which key (or line) the mistake hits, modulo the candidates. */
    pick: number;
    /** Which variant of the mistake, modulo the variants. */
    variant: number;
}

export const mistakeArbitrary: fc.Arbitrary<Mistake> = fc.record({
    base: fc.constantFrom("staging" as const, "production" as const),
    cloud: fc.constantFrom("aws" as const, "gcp" as const, "azure" as const),
    kind: fc.constantFrom(...MISTAKE_KINDS),
    pick: fc.nat({ max: 200 }),
    variant: fc.nat({ max: 50 }),
});

export interface CarelessFile {
    mistake: Mistake;
    /** The stack's name (the file is Pulumi.<stack>.yaml). */
    stack: string;
    text: string;
    /** The key path the mistake touched ("network.cidr"), or "(file)" for structure and YAML slips, or "(stack name)". */
    target: string;
    /** What was done, for the report. */
    what: string;
    /** Other keys a refusal of this mistake may rightly name (the other side of a conflict). */
    involves?: string[];
}

type Doc = { config: Record<string, unknown> } & Record<string, unknown>;
type Path = (string | number)[];

function baseDoc(base: string): Doc {
    return parse(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${base}.yaml`), "utf8"), { merge: true }) as Doc;
}

/** Every leaf of the project's config as [topKey, ...path] (topKey without the namespace). */
function leaves(doc: Doc): Path[] {
    const out: Path[] = [];
    const walk = (value: unknown, at: Path) => {
        if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
        else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
        else out.push(at);
    };
    for (const [key, value] of Object.entries(doc.config)) if (key.startsWith(NS)) walk(value, [key.slice(NS.length)]);
    return out;
}

function getAt(doc: Doc, p: Path): unknown {
    let cur: unknown = doc.config[NS + p[0]];
    for (const k of p.slice(1)) cur = cur && typeof cur === "object" ? (cur as Record<string | number, unknown>)[k] : undefined;
    return cur;
}

function setAt(doc: Doc, p: Path, value: unknown): void {
    if (p.length === 1) {
        doc.config[NS + p[0]] = value;
        return;
    }
    let cur = doc.config[NS + p[0]] as Record<string | number, unknown>;
    for (const k of p.slice(1, -1)) {
        if (!cur[k] || typeof cur[k] !== "object") cur[k] = {};
        cur = cur[k] as Record<string | number, unknown>;
    }
    cur[p[p.length - 1]] = value;
}

function deleteAt(doc: Doc, p: Path): void {
    if (p.length === 1) {
        delete doc.config[NS + p[0]];
        return;
    }
    const parent = getAt(doc, p.slice(0, -1)) as Record<string | number, unknown>;
    if (Array.isArray(parent)) parent.splice(Number(p[p.length - 1]), 1);
    else delete parent[p[p.length - 1]];
}

const show = (p: Path) => p.join(".");
const choose = <T>(list: readonly T[], n: number): T => list[n % list.length];

const CIDR_MISTAKES = ["10.0.0.1/16", "0.0.0.0/0", "10.0.0.0/33", "8.8.8.0/24", "300.1.1.1/16", "10.50.0.0", "100.64.0.0/14", "10.50.0.0/16", "10.40.0.0/16", "172.20.0.0/16"];
const VERSION_MISTAKES = ["1.99", "1.10", "1.3", "latest", "1.35.1", "v1.35"];
const PLACE_MISTAKES = ["us-east-9", "mars", "europe-west9x", "EastUS", "west europe", "eu-west-1", "europe-west4"];

/** The mistake made on the base file; deterministic in its inputs. */
export function applyMistake(m: Mistake): CarelessFile {
    const doc = baseDoc(m.base);
    const all = leaves(doc);
    const leaf = choose(all, m.pick);
    // Under the base's own name, so a mistake that changes nothing plans exactly like the shipped stack.
    const out = (what: string, target: string, text = stringify(doc), stack: string = m.base): CarelessFile => ({ mistake: m, stack, text, target, what });
    switch (m.kind) {
        case "type": {
            const current = getAt(doc, leaf);
            const others = [7, "seven", true, [1, 2], { a: 1 }, -3.5].filter((v) => typeof v !== typeof current || Array.isArray(v));
            const value = choose(others, m.variant);
            setAt(doc, leaf, value);
            return out(`${show(leaf)}: ${JSON.stringify(current)} -> ${JSON.stringify(value)}`, show(leaf));
        }
        case "keyTypo": {
            const p = leaf.slice(0, 1 + (m.variant % leaf.length)).filter((k) => typeof k === "string") as string[];
            const key = p[p.length - 1];
            const typos = [key.slice(0, -1), key + key.slice(-1), key.charAt(0).toUpperCase() + key.slice(1), `${key}s`, key.replace(/[A-Z]/, (c) => c.toLowerCase())];
            const typo = choose(typos.filter((t) => t !== key && t.length > 0), m.variant);
            if (p.length === 1) {
                const namespaced = m.variant % 5 === 4 ? `ml-platfrom:${key}` : NS + typo;
                doc.config[namespaced] = doc.config[NS + key];
                delete doc.config[NS + key];
                return out(`key ${NS + key} -> ${namespaced}`, namespaced.startsWith(NS) ? typo : "(file)");
            }
            const parent = getAt(doc, p.slice(0, -1)) as Record<string, unknown>;
            parent[typo] = parent[key];
            delete parent[key];
            return out(`key ${show(p)} -> ${typo}`, show([...p.slice(0, -1), typo]));
        }
        case "valueTypo": {
            const strings = all.filter((p) => typeof getAt(doc, p) === "string");
            const p = choose(strings, m.pick);
            const value = getAt(doc, p) as string;
            const typos = [value.slice(0, -1), value.toUpperCase(), ` ${value}`, value.replace(/-/g, "_"), value + "x"];
            const typo = choose(typos.filter((t) => t !== value), m.variant);
            setAt(doc, p, typo);
            return out(`${show(p)}: ${JSON.stringify(value)} -> ${JSON.stringify(typo)}`, show(p));
        }
        case "range": {
            const p = leaf;
            const current = getAt(doc, p);
            const name = String(p[p.length - 1]);
            let value: unknown;
            if (typeof current === "number") value = choose([-1, 0, 1_000_000, 1.5, 99999], m.variant);
            else if (/cidr/i.test(name) || (typeof current === "string" && /\/\d+$/.test(current))) value = choose(CIDR_MISTAKES, m.variant);
            else if (/version/i.test(name)) value = choose(VERSION_MISTAKES, m.variant);
            else if (/region|location|zone/i.test(name)) value = choose(PLACE_MISTAKES, m.variant);
            else {
                // Any other leaf: a place, a version or a range key of the file instead.
                const ranged: [Path, readonly unknown[]][] = [
                    [["network", "cidr"], CIDR_MISTAKES],
                    [["network", "zoneCount"], [0, 4, 7]],
                    [["kubernetesVersion"], VERSION_MISTAKES],
                    [[m.cloud, m.cloud === "azure" ? "location" : "region"], PLACE_MISTAKES],
                    [["gcp", "masterCidr"], CIDR_MISTAKES],
                    [["gcp", "privateServicesCidr"], CIDR_MISTAKES],
                    [["gcp", "zones"], [["europe-west4-a", "europe-west4-a"], ["us-central1-a", "europe-west4-b"], ["europe-west4-z", "europe-west4-b"]]],
                    [["platform", "domain"], [`${"a".repeat(64)}.example`, `${Array(5).fill("b".repeat(60)).join(".")}.example`, "ml_acme.example", "https://ml.acme.example"]],
                    [["database", "storageGb"], [5, 20000]],
                    [["cache", "replicas"], [-1, 9]],
                ];
                const [rp, values] = choose(ranged, m.pick);
                value = choose(values, m.variant);
                setAt(doc, rp, value);
                return out(`${show(rp)} -> ${JSON.stringify(value)}`, show(rp));
            }
            setAt(doc, p, value);
            return out(`${show(p)}: ${JSON.stringify(current)} -> ${JSON.stringify(value)}`, show(p));
        }
        case "secret": {
            const variants: (() => CarelessFile)[] = [
                () => {
                    setAt(doc, leaf, { secure: SECRET_MARKER });
                    return out(`${show(leaf)} given as a secret`, show(leaf));
                },
                () => {
                    setAt(doc, ["platform", "alerting", "slackWebhookUrl"], `https://hooks.slack.com/services/${SECRET_MARKER}`);
                    return out("plaintext platform.alerting.slackWebhookUrl", "platform.alerting.slackWebhookUrl");
                },
                () => {
                    setAt(doc, ["platform", "alerting", "pagerDutyRoutingKey"], SECRET_MARKER);
                    return out("plaintext platform.alerting.pagerDutyRoutingKey", "platform.alerting.pagerDutyRoutingKey");
                },
                () => {
                    setAt(doc, ["platform", "alerting", "slackWebhookUrl"], { secure: SECRET_MARKER });
                    setAt(doc, leaf, choose([-1, "", "Not Valid"], m.pick));
                    return out(`secret webhook plus a bad ${show(leaf)}`, show(leaf));
                },
                () => {
                    setAt(doc, ["platform", "alerting", "pagerDutyRoutingKey"], { secure: SECRET_MARKER });
                    setAt(doc, ["platform", "alerting", "slackChannel"], "ml alerts");
                    return out("secret routing key plus a bad slackChannel", "platform.alerting.slackChannel");
                },
                () => {
                    setAt(doc, [choose(["costCenter", "owner", "environment"], m.pick)], { secure: SECRET_MARKER });
                    return out("a plain top-level key given as a secret", choose(["costCenter", "owner", "environment"], m.pick));
                },
            ];
            return choose(variants, m.variant)();
        }
        case "structure": {
            const topKeys = Object.keys(doc.config).filter((k) => k.startsWith(NS));
            const top = choose(topKeys, m.pick);
            const variants: (() => CarelessFile)[] = [
                () => {
                    doc[top] = doc.config[top];
                    delete doc.config[top];
                    return out(`${top} outside config:`, "(file)");
                },
                () => {
                    const required: Path[] = [["owner"], ["costCenter"], ["environment"], [m.cloud], [m.cloud, m.cloud === "azure" ? "location" : "region"], [m.cloud === "azure" ? "azure" : m.cloud, m.cloud === "azure" ? "tenantId" : "clusterAdmins"]];
                    const p = choose(required, m.pick);
                    deleteAt(doc, p);
                    return out(`${show(p)} removed`, show(p));
                },
                () => out("config: as a list", "(file)", stringify({ config: Object.entries(doc.config).map(([k, v]) => ({ [k]: v })) })),
                () => out("the whole file a list", "(file)", stringify([doc.config])),
                () => {
                    doc.config[top] = null;
                    return out(`${top} with no value`, "(file)");
                },
                () => {
                    const into = choose(topKeys.filter((k) => k !== top && typeof doc.config[k] === "object"), m.pick + 1);
                    (doc.config[into] as Record<string, unknown>)[top.slice(NS.length)] = doc.config[top];
                    delete doc.config[top];
                    return out(`${top} indented under ${into}`, `${into.slice(NS.length)}.${top.slice(NS.length)}`);
                },
                () => {
                    doc.confg = { [NS + "owner"]: "someone" };
                    return out("an unknown top-level key confg:", "(file)");
                },
                () => {
                    // `pulumi config set` without --path: one flat key named like the path.
                    const flat = choose(["platform.alerting.slackWebhookUrl", "platform.alerting.slackChannel", "cluster.logRetentionDays", "aws.region"], m.pick);
                    doc.config[NS + flat] = flat.endsWith("Url") ? { secure: SECRET_MARKER } : flat.endsWith("Channel") ? "#ml-alerts" : flat.endsWith("Days") ? 30 : "us-east-1";
                    return out(`a flat key ${flat}`, flat);
                },
            ];
            return choose(variants, m.variant)();
        }
        case "yaml": {
            const lines = fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${m.base}.yaml`), "utf8").split("\n");
            const keyLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s+[\w:.-]+:/.test(l) && !/^\s*#/.test(l));
            const [line, at] = choose(keyLines, m.pick);
            const edited = [...lines];
            const variants: (() => string)[] = [
                () => ((edited[at] = line.replace(/:\s*(\S.*)?$/, ': "$1')), "an unclosed quote"),
                () => ((edited[at] = line.replace(/^ {2}/, "\t")), "a tab for indentation"),
                () => (edited.splice(at + 1, 0, line), "a duplicated key"),
                () => ((edited[at] = line.replace(/^(\s+)/, (s) => s.slice(0, Math.max(0, s.length - 1)))), "an indentation off by one"),
                () => ((edited[at] = line.replace(/:(\s)/, "$1")), "a missing colon"),
                () => {
                    const i = edited.findIndex((l) => l.startsWith("  ml-platform:database:"));
                    edited.splice(i + 1, 0, "    <<: { size: medium }");
                    return "a merge key";
                },
                () => {
                    const i = edited.findIndex((l) => l.includes('kubernetesVersion: "'));
                    edited[i] = edited[i].replace(/"(1\.\d+)"/, choose(["1.30", "1.35", "1.350"], m.pick));
                    return "an unquoted kubernetesVersion";
                },
            ];
            const what = choose(variants, m.variant)();
            return out(`${what} (line ${at + 1})`, "(file)", edited.join("\n"));
        }
        case "stackName": {
            const names = ["a".repeat(46), "prod_eu", "Prod", "prod.eu", `${m.base}-${"x".repeat(30)}`, "prod--eu", "1prod"];
            const stack = choose(names, m.variant);
            return out(`stack name ${stack}`, "(stack name)", stringify(doc), stack);
        }
        case "conflict": {
            const conflicts: [Path, unknown][] = [
                [["network", "zoneCount"], 1],
                [["cache", "replicas"], 0],
                [["cluster", "nodePools", "gpu"], { accelerator: "nvidia-a100", max: 2 }],
                [["cluster", "apiAllowedCidrs"], ["203.0.113.0/28"]],
                [["cluster", "privateApiAllowedCidrs"], []],
                [["database", "highAvailability"], true],
                [["platform", "publicDns"], true],
                [["platform", "serving", "minReplicas"], 80],
                [["database", "maxStorageGb"], 20],
                [["network", "podCidr"], "10.0.0.0/8"],
                [["gcp", "zones"], ["europe-west4-a"]],
                [["cluster", "nodePools", "gpu"], { accelerator: "nvidia-l4", max: 2 }],
                [["kubernetesVersion"], "1.33"],
            ];
            const [p, value] = choose(conflicts, m.variant);
            if (p[0] === "database" && p[1] === "highAvailability") setAt(doc, ["database", "size"], "small");
            setAt(doc, p, value);
            const involves: Record<string, string[]> = {
                "database.highAvailability": ["database.size"],
                "platform.publicDns": ["platform.acmeEmail", "platform.domain"],
                "kubernetesVersion": ["aws.addonVersions", "aws.upgradePolicy"],
            };
            return { ...out(`${show(p)} -> ${JSON.stringify(value)}`, show(p)), involves: involves[show(p)] };
        }
    }
}

export interface Verdict {
    exit: 0 | 1 | 2;
    /** What the run printed (messages and logs) and, when planned, the plan document. */
    output: string;
    /** The refusal's problems, one per line. */
    problems: string[];
    urns: string[];
    /** The config was accepted and the program ran to the end. */
    planned: boolean;
    /** The config was accepted but not planned (the planning budget was spent). */
    skipped: boolean;
}

export interface JudgeOptions {
    /** Whether an accepted configuration may be planned in full (a plan takes seconds). */
    mayPlan: () => boolean;
    /**
     * The shipped stack's plan, for a mistake the validation resolves to the shipped stack's own
     * spec (a merge key, an unquoted version): that plan is the mistake's plan, without planning again.
     */
    shippedPlan?: (stack: string, cloud: string) => Promise<PlannedStack | undefined>;
}

let projectDir: string | undefined;
function scratchDir(): string {
    if (!projectDir) {
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "careless-"));
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(projectDir, "Pulumi.yaml"));
    }
    return projectDir;
}

/** Collects what the program writes to the console while `run` runs. */
async function collectingConsole<T>(run: () => Promise<T>): Promise<{ result: T; logs: string }> {
    const chunks: string[] = [];
    const methods = ["log", "error", "warn", "info", "debug"] as const;
    const saved = methods.map((k) => console[k]);
    for (const k of methods) console[k] = (...args: unknown[]) => void chunks.push(args.map(String).join(" "));
    try {
        return { result: await run(), logs: chunks.join("\n") };
    } finally {
        methods.forEach((k, i) => (console[k] = saved[i]));
    }
}

/** The stack file through the offline plan's steps, as `npm run plan -- --stack <stack> --cloud <cloud>` would take it. */
export async function judge(file: CarelessFile, options: JudgeOptions): Promise<Verdict> {
    const dir = scratchDir();
    const stackFile = path.join(dir, `Pulumi.${file.stack}.yaml`);
    fs.writeFileSync(stackFile, file.text);
    const refused = (message: string, problems: string[]): Verdict => ({ exit: 2, output: message, problems, urns: [], planned: false, skipped: false });
    const crashed = (err: unknown): Verdict => ({ exit: 1, output: err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err), problems: [], urns: [], planned: false, skipped: false });
    let stackConfig: StackConfig;
    try {
        stackConfig = loadStackConfig(file.stack, { cloud: file.mistake.cloud }, dir);
    } catch (err) {
        if (err instanceof StackFileStructureError) return refused(err.message, [...err.problems]);
        if (err instanceof StackFileSyntaxError) return refused(err.message, [err.message]);
        return crashed(err);
    } finally {
        fs.unlinkSync(stackFile);
    }
    // The program's own check first (cheap); an accepted config is planned only within the budget.
    const spec = specOf(stackConfig);
    if (spec !== undefined && options.shippedPlan && file.stack === file.mistake.base && spec === specOf(loadStackConfig(file.stack, { cloud: file.mistake.cloud }))) {
        const shipped = await options.shippedPlan(file.stack, file.mistake.cloud);
        if (shipped) {
            const document = JSON.stringify(toPlanDocument(shipped), null, 2);
            return { exit: 0, output: document, problems: [], urns: shipped.resources.map((r) => r.urn), planned: true, skipped: false };
        }
    }
    if (spec !== undefined && !options.mayPlan()) return { exit: 0, output: "", problems: [], urns: [], planned: false, skipped: true };
    const { result, logs } = await collectingConsole(() => capture(stackConfig, runPlatform));
    if (result.error instanceof ConfigError) return refused(`${result.error.message}\n${logs}`, [...result.error.problems]);
    if (result.error instanceof DuplicateUrnError) return { ...crashed(result.error), output: result.error.message };
    if (result.error) return crashed(result.error);
    const document = JSON.stringify(toPlanDocument({ ...result, stack: file.stack, cloud: file.mistake.cloud, environment: "" }), null, 2);
    if (findLeakedSecrets(document, result.secretValues).length > 0) return { ...crashed(new Error("refusing to write the plan: secret values in plaintext")), output: document };
    return { exit: 0, output: `${logs}\n${document}`, problems: [], urns: result.resources.map((r) => r.urn), planned: true, skipped: false };
}

/** The validated spec as JSON (secrets show as their Output wrapper), or undefined when refused. */
function specOf(stackConfig: StackConfig): string | undefined {
    try {
        const spec = parsePlatformConfig(rawConfigFrom(stackConfig.config, (k) => stackConfig.secretKeys.includes(k)), stackConfig.project, stackConfig.stack);
        return JSON.stringify(spec, function (this: Record<string, unknown>, key, value) {
            return pulumi.Output.isInstance(this[key]) ? "[secret]" : value;
        });
    } catch {
        return undefined;
    }
}

/** The key path a problem line names: `ml-platform:network.cidr: ...` gives "network.cidr". */
export function namedKey(problem: string): string | undefined {
    return /^ml-platform:([\w.-]+|\(root\)):\s/.exec(problem)?.[1];
}

function related(a: string, b: string): boolean {
    return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** Whether a key path exists in the stack file's project config. */
function inInput(file: CarelessFile, key: string): boolean {
    let doc: unknown;
    try {
        doc = parse(file.text, { merge: true });
    } catch {
        return false;
    }
    const config = (doc as Doc | undefined)?.config;
    if (!config || typeof config !== "object") return false;
    if ((config as Record<string, unknown>)[NS + key] !== undefined) return true; // a flat key
    const [top, ...rest] = key.split(".");
    let cur: unknown = (config as Record<string, unknown>)[NS + top];
    for (const k of rest) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
    return cur !== undefined;
}

/** How the outcome breaks the contract; empty when it keeps it. */
export function contractBreaches(file: CarelessFile, v: Verdict): string[] {
    const breaches: string[] = [];
    if (v.exit !== 0 && v.exit !== 2) breaches.push(`exit ${v.exit}: ${v.output.split("\n")[0]}`);
    if (/\n\s+at \S.*:\d+/.test(v.output)) breaches.push("a stack trace was printed");
    for (const secret of [SECRET_MARKER, OFFLINE_SECRET_PLACEHOLDER]) if (v.output.includes(secret)) breaches.push(`the secret ${secret} appears in the output`);
    if (v.exit === 0 && new Set(v.urns).size !== v.urns.length) breaches.push("an accepted plan registers a URN twice");
    if (v.exit === 2) breaches.push(...refusalBreaches(file, v));
    return breaches;
}

function refusalBreaches(file: CarelessFile, v: Verdict): string[] {
    if (v.problems.length === 0) return ["a refusal without a problem"];
    const fromStackFile = /^Pulumi\.[^:]+\.yaml:( |\d+:\d+: YAML syntax error)/.test(v.output);
    if (file.target === "(file)" && fromStackFile) return [];
    if (fromStackFile) return [`a stack-file refusal for a mistake in ${file.target}: ${v.output.split("\n")[0]}`];
    const breaches: string[] = [];
    let mentionsTarget = false;
    const leaf = file.target.split(".").pop()!;
    for (const problem of v.problems) {
        if (problem.startsWith(`the stack name "${file.stack}": `)) {
            mentionsTarget ||= file.target === "(stack name)";
            continue;
        }
        const key = namedKey(problem);
        if (key === undefined) {
            breaches.push(`a problem that names no key: ${problem}`);
            continue;
        }
        // A key of the input, or one the input lacks and the message says so.
        const ofInput = inInput(file, key) || /\((missing|not set\b[^)]*)\)$/.test(problem) || / required when /.test(problem) || related(key, file.target);
        if (!ofInput) breaches.push(`a problem naming ${key}, which is not in the input: ${problem}`);
        mentionsTarget ||= related(key, file.target) || problem.includes(leaf) || (file.involves ?? []).some((k) => related(key, k));
    }
    // A YAML slip that still parses is refused as config: any key of the input is the right one.
    if (file.target === "(file)") return breaches;
    if (!mentionsTarget) breaches.push(`no problem names the key the mistake touched (${file.target}): ${v.problems.join(" | ")}`);
    return breaches;
}
