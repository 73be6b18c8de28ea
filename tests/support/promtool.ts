/**
 * promtool for the rule tests: one temp directory of files per run, and helpers that keep the
 * expensive `promtool test rules` runs small. promtool evaluates every rule of a test file's
 * rule_files at every evaluation_interval step up to the test's last eval_time, so its CPU time
 * grows with (steps x rules): see docs/performance.md.
 * - Give scenarios of hours or days their own test file with a coarser evaluation_interval
 *   (the series keep their own `interval`); `promtool test rules a.yaml b.yaml` runs them in one process.
 * - A "the tests can fail" run needs only the tests of the rule it breaks: `onlyTestsOf`.
 */
import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

/** Skips the suite (or fails it in CI, CI=true) when promtool is not installed. Call in `before`. */
export function requirePromtool(ctx: Mocha.Context): void {
    if (spawnSync("promtool", ["--version"]).status === 0) return;
    if (process.env.CI) throw new Error("promtool is required in CI: apt-get install prometheus");
    console.log("      promtool not installed: skipping (apt-get install prometheus)");
    ctx.skip();
}

/** File contents by name: strings are written as they are, anything else as YAML. */
export type PromtoolFiles = Record<string, unknown>;

/** Runs promtool with `args` in a fresh temp directory holding `files`; the directory is removed afterwards. */
export function promtool(args: string[], files: PromtoolFiles): SpawnSyncReturns<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
    try {
        for (const [name, content] of Object.entries(files)) {
            fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : stringify(content));
        }
        return spawnSync("promtool", args, { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export interface RuleGroupLike {
    name: string;
    rules: { alert?: string; record?: string; expr: string }[];
}

interface UnitTestFile {
    tests: { alert_rule_test?: { alertname: string }[] }[];
}

/**
 * A unit-test file cut down to the tests that check one of `alerts`: for a run that breaks those
 * alerts and must fail. The other tests would only repeat the passing run's work.
 */
export function onlyTestsOf<T extends UnitTestFile>(tests: T, alerts: string[]): T {
    const kept = tests.tests.filter((t) => (t.alert_rule_test ?? []).some((c) => alerts.includes(c.alertname)));
    if (kept.length === 0) throw new Error(`no unit test checks ${alerts.join(", ")}`);
    return { ...tests, tests: kept };
}

/** The alert names of rule groups. */
export function alertNames(groups: RuleGroupLike[]): string[] {
    return groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));
}
