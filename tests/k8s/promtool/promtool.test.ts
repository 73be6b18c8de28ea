/**
 * `promtool check rules` and `promtool test rules` on the alert rules the platform really ships:
 * the rule file is the PrometheusRule's spec.groups from the captured plans. In CI (CI=true) a
 * missing promtool fails the suite; locally it skips with a hint.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CLOUDS } from "../../../components/config";
import { okPlan, STACKS } from "../../support/plans";
import { onlyTestsOf, perGroupFiles, promtool, requirePromtool } from "../../support/promtool";

/** The unit tests, by evaluation interval: alerts.5m.test.yaml holds the ones over hours or days. */
const TEST_FILES = ["alerts.test.yaml", "alerts.5m.test.yaml"].map((f) => path.join(__dirname, f));
const PROMETHEUS_RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";

interface RuleGroup {
    name: string;
    rules: { alert?: string; expr: string }[];
}

interface UnitTests {
    rule_files: string[];
    tests: { name: string; alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
}

async function shippedGroups(): Promise<RuleGroup[]> {
    const files = new Set<string>();
    let groups: RuleGroup[] = [];
    for (const stack of STACKS) {
        for (const cloud of CLOUDS) {
            // The SLO rules (objectives per environment) have their own promtool tests: tests/k8s/slo.
            const rules = (await okPlan(stack, cloud)).resources.filter((r) => r.type === PROMETHEUS_RULE && !["ml-platform-slos", "velero-backups"].includes((r.inputs.metadata as { name: string }).name));
            expect(rules, `${stack}/${cloud} PrometheusRules`).to.have.length(1);
            groups = (rules[0].inputs as { spec: { groups: RuleGroup[] } }).spec.groups;
            files.add(JSON.stringify(groups));
        }
    }
    // The unit tests are written for one rule file; every stack and cloud must ship that one.
    expect(files.size, "every plan ships the same alert rules").to.equal(1);
    return groups;
}

const unitTests = () => TEST_FILES.map((f) => parse(fs.readFileSync(f, "utf8")) as UnitTests);

/**
 * `promtool test rules` in one process over unit-test files, each test group against only the
 * rules its assertions read (perGroupFiles: the same result as against all of them, for far
 * fewer rule evaluations).
 */
function testRules(groups: RuleGroup[], tests: UnitTests[]) {
    const split = tests.map((t, i) => perGroupFiles(t, groups, `alerts${i}`));
    const run = promtool(["test", "rules", ...split.flatMap((s) => s.testFiles)], Object.assign({}, ...split.map((s) => s.files)));
    return { ...run, groups: split.reduce((n, s) => n + s.testFiles.length, 0) };
}

describe("alert rules under promtool", function () {
    let groups: RuleGroup[];
    const alerts = () => groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));

    before(async function () {
        requirePromtool(this);
        groups = await shippedGroups();
    });

    it("every alert has a unit test where it fires and one where it stays silent", () => {
        const cases = unitTests().flatMap((f) => f.tests.flatMap((t) => t.alert_rule_test));
        for (const alert of alerts()) {
            const own = cases.filter((c) => c.alertname === alert);
            expect(own.some((c) => c.exp_alerts.length > 0), `${alert} fires in some test`).to.equal(true);
            expect(own.some((c) => c.exp_alerts.length === 0), `${alert} is silent in some test`).to.equal(true);
        }
    });

    it("passes `promtool check rules`", () => {
        const run = promtool(["check", "rules", "rules.yaml"], { "rules.yaml": { groups } });
        expect(run.status, run.stdout + run.stderr).to.equal(0);
        expect(run.stdout).to.include(`SUCCESS: ${groups.flatMap((g) => g.rules).length} rules found`);
    });

    it("passes `promtool test rules`", () => {
        const run = testRules(groups, unitTests());
        expect(run.status, run.stdout + run.stderr).to.equal(0);
        // Every test group of both files ran, each in its own file.
        expect(run.groups).to.equal(unitTests().reduce((n, f) => n + f.tests.length, 0));
        expect(run.stdout.match(/SUCCESS/g)).to.have.length(run.groups);
    });

    // Only the moved alert's tests: the passing run above has run the others.
    it("fails `promtool test rules` when an alert's threshold moves (the tests can fail)", () => {
        const moved = groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.alert === "ModelCpuHigh" ? { ...r, expr: r.expr.replace(/> 0\.8$/, "> 0.95") } : r)) }));
        expect(JSON.stringify(moved)).to.not.equal(JSON.stringify(groups));
        const run = testRules(moved, [onlyTestsOf(unitTests()[0], ["ModelCpuHigh"])]);
        expect(run.status).to.not.equal(0);
        expect(run.stdout + run.stderr).to.include("ModelCpuHigh");
    });

    it("fails `promtool check rules` on a broken expression", () => {
        const broken = [{ name: "broken", rules: [{ alert: "Broken", expr: "sum(rate(x[5m]) >" }] }];
        expect(promtool(["check", "rules", "rules.yaml"], { "rules.yaml": { groups: broken } }).status).to.not.equal(0);
    });
});
