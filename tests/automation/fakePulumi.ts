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

/** The fake itself (see the script for how it reads its responses and records calls). */
const FAKE_SCRIPT = path.join(__dirname, "fakePulumi.sh");

/** A response as laid out for the script; stdoutShowingSecrets answers a call with --show-secrets. */
type StoredResponse = FakeResponse & { stdoutShowingSecrets?: string };

/** What the CLI answers when the script says nothing; version 3.200 makes the Automation API use a file for the event log (newer CLIs get a gRPC endpoint). */
function defaultResponses(script: FakeScript): Record<string, StoredResponse> {
    const outputs = Object.entries(script.outputs ?? {});
    return {
        version: { stdout: "v3.200.0\n" },
        whoami: { stdout: JSON.stringify({ user: "ci-bot", url: "https://api.pulumi.com", organizations: [] }) },
        "stack history": { stdout: "[]" },
        "stack output": {
            stdout: JSON.stringify(Object.fromEntries(outputs.map(([k, o]) => [k, o.secret ? "[secret]" : o.value]))),
            stdoutShowingSecrets: JSON.stringify(Object.fromEntries(outputs.map(([k, o]) => [k, o.value]))),
        },
    };
}

export class FakePulumi {
    /** The install root: the executable is root/bin/pulumi. */
    readonly root: string;
    readonly binDir: string;
    private readonly logFile: string;
    private readonly responsesDir: string;
    private cli?: Promise<PulumiCommand>;

    constructor(script: FakeScript = {}) {
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
        this.binDir = path.join(this.root, "bin");
        fs.mkdirSync(this.binDir);
        fs.copyFileSync(FAKE_SCRIPT, path.join(this.binDir, "pulumi"));
        fs.chmodSync(path.join(this.binDir, "pulumi"), 0o755);
        this.logFile = path.join(this.root, "calls.log");
        fs.writeFileSync(this.logFile, "");
        this.responsesDir = path.join(this.root, "responses");
        this.writeScript(script);
    }

    /**
     * Starts over with another script: no calls recorded, each list of responses from its first.
     * The executable stays, so command() needs no new `pulumi version` (one process start per case).
     */
    reset(script: FakeScript = {}): void {
        fs.writeFileSync(this.logFile, "");
        fs.rmSync(this.responsesDir, { recursive: true, force: true });
        this.writeScript(script);
    }

    /** responses/<command>/: count, then <i>.stdout, .stdout.show-secrets, .stderr, .exit and .events for each response. */
    private writeScript(script: FakeScript): void {
        const responses = { ...defaultResponses(script), ...script.responses };
        for (const [key, given] of Object.entries(responses)) {
            const dir = path.join(this.responsesDir, key.replace(/ /g, "_"));
            fs.mkdirSync(dir, { recursive: true });
            const list = Array.isArray(given) ? given : [given];
            fs.writeFileSync(path.join(dir, "count"), `${list.length}\n`);
            list.forEach((response: StoredResponse, i) => {
                const write = (suffix: string, text: string | undefined) => {
                    if (text) fs.writeFileSync(path.join(dir, `${i}.${suffix}`), text);
                };
                write("stdout", response.stdout);
                write("stdout.show-secrets", response.stdoutShowingSecrets);
                write("stderr", response.stderr);
                write("exit", response.exitCode ? `${response.exitCode}\n` : undefined);
                write("events", response.events?.map((e, seq) => JSON.stringify({ sequence: seq, timestamp: 0, ...e }) + "\n").join(""));
            });
        }
    }

    /** The way the tests hand the fake to the Automation API; it asks `pulumi version` once per fake. */
    command(): Promise<PulumiCommand> {
        this.cli ??= PulumiCommand.get({ root: this.root, skipVersionCheck: true });
        return this.cli;
    }

    calls(): FakeCall[] {
        const fields = fs.readFileSync(this.logFile, "utf8").split("\0");
        const calls: FakeCall[] = [];
        let at = 0;
        while (at < fields.length - 1) {
            const argc = Number(fields[at++]);
            const argv = fields.slice(at, at + argc);
            at += argc;
            const env: FakeCall["env"] = {};
            for (; fields[at] !== ""; at++) {
                const eq = fields[at].indexOf("=");
                env[fields[at].slice(0, eq)] = fields[at].slice(eq + 1);
            }
            at++;
            calls.push({ argv, env });
        }
        return calls;
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
