/**
 * A fake `pulumi` executable for tests: it records every invocation (argv and the few variables
 * that matter) and answers from a script, so the deploy command runs with no real CLI.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

export interface FakeResponse {
    stdout?: string;
    stderr?: string;
    exitCode?: number;
    /** Engine events written to the --event-log file, one JSON object per line. */
    events?: object[];
}

/** Keys are the command ("version", "whoami", "preview", "stack select", ...); a list answers successive calls. */
export interface FakeScript {
    responses?: Record<string, FakeResponse | FakeResponse[]>;
    /** What `stack output --json` returns; secret ones print as [secret] without --show-secrets. */
    outputs?: Record<string, { value: unknown; secret?: boolean }>;
}

export interface FakeCall {
    argv: string[];
    /** Variables the CLI would use, recorded as given (the fake never sees real secrets). */
    env: Record<string, string | undefined>;
}

const RECORDED_ENV = ["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_AUTOMATION_API", "PULUMI_SKIP_UPDATE_CHECK"];

// Version 3.200 makes the Automation API use a file for the event log (newer CLIs get a gRPC endpoint).
const FAKE_SOURCE = `
const fs = require("fs");
const path = require("path");
const argv = process.argv.slice(2);
const log = path.join(__dirname, "..", "calls.jsonl");
const env = {};
for (const k of ${JSON.stringify(RECORDED_ENV)}) env[k] = process.env[k];
fs.appendFileSync(log, JSON.stringify({ argv, env }) + "\\n");
const script = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "script.json"), "utf8"));
const key = argv[0] === "stack" ? "stack " + argv[1] : argv[0];
const defaults = {
  version: { stdout: "v3.200.0\\n" },
  whoami: { stdout: JSON.stringify({ user: "ci-bot", url: "https://api.pulumi.com", organizations: [] }) },
  "stack history": { stdout: "[]" },
  "stack output": { stdout: JSON.stringify(Object.fromEntries(Object.entries(script.outputs || {}).map(
    ([k, o]) => [k, o.secret && !argv.includes("--show-secrets") ? "[secret]" : o.value]))) },
};
let response = (script.responses || {})[key] || defaults[key] || {};
if (Array.isArray(response)) {
  const counter = log + ".count." + key.replace(/ /g, "_");
  const n = fs.existsSync(counter) ? Number(fs.readFileSync(counter, "utf8")) : 0;
  fs.writeFileSync(counter, String(n + 1));
  response = response[Math.min(n, response.length - 1)];
}
const logIndex = argv.indexOf("--event-log");
if (logIndex >= 0 && response.events) {
  fs.appendFileSync(argv[logIndex + 1], response.events.map((e, i) => JSON.stringify({ sequence: i, timestamp: 0, ...e })).join("\\n") + "\\n");
}
if (response.stdout) process.stdout.write(response.stdout);
if (response.stderr) process.stderr.write(response.stderr);
process.exitCode = response.exitCode || 0;
`;

export class FakePulumi {
    /** The install root: the executable is root/bin/pulumi. */
    readonly root: string;
    readonly binDir: string;
    private readonly logFile: string;
    private readonly scriptFile: string;

    constructor(script: FakeScript = {}) {
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
        this.binDir = path.join(this.root, "bin");
        fs.mkdirSync(this.binDir);
        const executable = path.join(this.binDir, "pulumi");
        fs.writeFileSync(executable, `#!${process.execPath}\n${FAKE_SOURCE}`, { mode: 0o755 });
        this.logFile = path.join(this.root, "calls.jsonl");
        fs.writeFileSync(this.logFile, "");
        this.scriptFile = path.join(this.root, "script.json");
        this.setScript(script);
    }

    setScript(script: FakeScript): void {
        fs.writeFileSync(this.scriptFile, JSON.stringify(script));
    }

    /** The way the tests hand the fake to the Automation API. */
    command(): Promise<PulumiCommand> {
        return PulumiCommand.get({ root: this.root, skipVersionCheck: true });
    }

    calls(): FakeCall[] {
        return fs
            .readFileSync(this.logFile, "utf8")
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) => JSON.parse(l));
    }

    /** Invocations other than `version`, argv only, with the temporary event-log path replaced by <log>. */
    commands(): string[][] {
        return this.calls()
            .map((c) => c.argv)
            .filter((argv) => argv[0] !== "version")
            .map((argv) => argv.map((a, i) => (argv[i - 1] === "--event-log" ? "<log>" : a)));
    }

    commandsOf(name: string): string[][] {
        return this.commands().filter((argv) => argv.slice(0, name.split(" ").length).join(" ") === name);
    }

    remove(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}
