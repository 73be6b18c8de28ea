/**
 * promtool for the rule tests: one temp directory of files per run, and helpers that keep the
 * expensive `promtool test rules` runs small. promtool evaluates every rule of a test file's
 * rule_files at every evaluation_interval step up to the test's last eval_time, so its CPU time
 * grows with (steps x rules): see docs/performance.md.
 * - Give scenarios of hours or days their own test file with a coarser evaluation_interval
 *   (the series keep their own `interval`); `promtool test rules a.yaml b.yaml` runs them in one process.
 * - A "the tests can fail" run needs only the tests of the rule it breaks: `onlyTestsOf`.
 * - A test group needs only the rules its assertions read: `rulesFor`, and `perGroupFiles` to give
 *   every test group of a file its own cut-down rule file (all of them still run in one process).
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

export interface RuleLike {
    alert?: string;
    record?: string;
    expr: string;
}

export interface RuleGroupLike {
    name: string;
    rules: RuleLike[];
}

interface TestGroup {
    name?: string;
    alert_rule_test?: { alertname: string }[];
    promql_expr_test?: { expr: string }[];
}

interface UnitTestFile {
    rule_files?: string[];
    tests: TestGroup[];
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

/** Metric-name-like words of a PromQL expression (over-inclusive: label values match too, which only keeps more). */
function namesIn(expr: string): Set<string> {
    return new Set(expr.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? []);
}

/** The alerts a test group checks and the recorded series its PromQL expression tests read. */
export function testedNames(group: TestGroup): string[] {
    return [...(group.alert_rule_test ?? []).map((c) => c.alertname), ...(group.promql_expr_test ?? []).flatMap((t) => [...namesIn(t.expr)])];
}

/**
 * `groups` cut down to the rules named (alerts, records) and every recording rule they read,
 * transitively, in their groups and order. promtool evaluates every rule of a rule file at every
 * step, and a rule's result depends only on the series and records its expression reads, so a test
 * of these alerts gets the same result against these rules as against all of them. An expression
 * that reads ALERTS keeps every alert.
 */
export function rulesFor<G extends RuleGroupLike>(groups: G[], names: string[]): G[] {
    const rules = groups.flatMap((g) => g.rules);
    const nameOf = (r: RuleLike) => r.alert ?? r.record ?? "";
    const keep = new Set(names.filter((n) => rules.some((r) => nameOf(r) === n)));
    for (let grew = true; grew; ) {
        grew = false;
        for (const rule of rules.filter((r) => keep.has(nameOf(r)))) {
            const read = namesIn(rule.expr);
            for (const other of rules) {
                const needed = other.record ? read.has(other.record) : read.has("ALERTS");
                if (needed && !keep.has(nameOf(other))) {
                    keep.add(nameOf(other));
                    grew = true;
                }
            }
        }
    }
    return groups.map((g) => ({ ...g, rules: g.rules.filter((r) => keep.has(nameOf(r))) })).filter((g) => g.rules.length > 0);
}

/**
 * A unit-test file as one file per test group, each reading a rule file of only the rules that
 * group's assertions need (`rulesFor`), evaluated in the rule file's order of groups:
 * `<stem>.<n>.test.yaml` and `<stem>.<n>.rules.yaml`. The test files keep the file's other
 * settings (evaluation_interval); pass `testFiles` to one `promtool test rules` run.
 */
export function perGroupFiles<T extends UnitTestFile>(tests: T, groups: RuleGroupLike[], stem: string): { files: PromtoolFiles; testFiles: string[] } {
    const files: PromtoolFiles = {};
    const testFiles: string[] = [];
    tests.tests.forEach((group, i) => {
        const name = `${stem}.${i}`;
        const own = rulesFor(groups, testedNames(group));
        files[`${name}.rules.yaml`] = { groups: own };
        // Without an order promtool evaluates the groups in Go map order: random.
        files[`${name}.test.yaml`] = { ...tests, rule_files: [`${name}.rules.yaml`], group_eval_order: own.map((g) => g.name), tests: [group] };
        testFiles.push(`${name}.test.yaml`);
    });
    return { files, testFiles };
}
