/**
 * The SLO rules under promtool: `check rules`, and `test rules` with the traffic scenarios of
 * scenarios.ts, for each environment's default objectives. In CI (CI=true) a missing promtool fails.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { sloSchema } from "../../../components/config/observability";
import { platformSlos } from "../../../k8s/slo/objectives";
import { sloAlertNames, type PrometheusRuleGroup } from "../../../k8s/slo/rules";
import { BUDGETS, defaultGroups, NAMESPACES, SCENARIOS, unitTests, type Environment } from "./scenarios";

function promtool(args: string[], cwd: string) {
    return spawnSync("promtool", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function workdir(env: Environment, groups: PrometheusRuleGroup[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-slo-"));
    fs.writeFileSync(path.join(dir, "slo-rules.yaml"), stringify({ groups }));
    fs.writeFileSync(path.join(dir, "slo.test.yaml"), stringify(unitTests(env, groups, "slo-rules.yaml")));
    return dir;
}

describe("SLO burn-rate rules under promtool", function () {
    before(function () {
        if (spawnSync("promtool", ["--version"]).status !== 0) {
            if (process.env.CI) throw new Error("promtool is required in CI: apt-get install prometheus");
            console.log("      promtool not installed: skipping (apt-get install prometheus)");
            this.skip();
        }
    });

    for (const env of ["staging", "production"] as const) {
        describe(env, () => {
            const groups = defaultGroups(env);

            it("the objectives are the ones the scenarios assume", () => {
                const objectives = groups.flatMap((g) => g.rules).filter((r) => r.record === "slo:objective:ratio");
                const budgets = Object.fromEntries(objectives.map((r) => [r.labels!.slo, Number((1 - Number(/vector\((.*)\)/.exec(r.expr)![1])).toPrecision(6))]));
                expect(budgets).to.deep.equal(BUDGETS[env]);
            });

            it("passes `promtool check rules`", () => {
                const run = promtool(["check", "rules", "slo-rules.yaml"], workdir(env, groups));
                expect(run.status, run.stdout + run.stderr).to.equal(0);
                expect(run.stdout).to.include(`SUCCESS: ${groups.flatMap((g) => g.rules).length} rules found`);
            });

            it("every burn-rate alert fires in some scenario and is silent in another", () => {
                const cases = unitTests(env, groups, "x").tests.flatMap((t) => ("alert_rule_test" in t ? t.alert_rule_test : []));
                const names = groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));
                expect(names).to.have.members(sloAlertNames(platformSlos(sloSchema(env).parse({}), NAMESPACES)));
                expect(names).to.have.length(6);
                for (const alert of names) {
                    const own = cases.filter((c) => c.alertname === alert);
                    expect(own.some((c) => c.exp_alerts.length > 0), `${alert} fires`).to.equal(true);
                    expect(own.some((c) => c.exp_alerts.length === 0), `${alert} is silent`).to.equal(true);
                }
            });

            it("passes `promtool test rules` on every scenario", function () {
                this.timeout(300000);
                const run = promtool(["test", "rules", "slo.test.yaml"], workdir(env, groups));
                expect(run.status, run.stdout + run.stderr).to.equal(0);
            });

            // One environment is enough to show the scenarios can fail (each run takes a while).
            if (env === "production") it("fails the scenarios when the fast burn factor moves (the tests can fail)", function () {
                this.timeout(300000);
                const moved = groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.alert === "ModelAvailabilityBudgetBurnFast" ? { ...r, expr: r.expr.replace(/> (\S+)\n and\n (\S+) > (\S+)\)\nor/, (_, a, mid) => `> ${Number(a) * 2}\n and\n ${mid} > ${Number(a) * 2})\nor`) } : r)) }));
                expect(JSON.stringify(moved)).to.not.equal(JSON.stringify(groups));
                const run = promtool(["test", "rules", "slo.test.yaml"], workdir(env, moved));
                expect(run.status).to.not.equal(0);
                expect(run.stdout + run.stderr).to.include("ModelAvailabilityBudgetBurnFast");
            });
        });
    }

    it("covers the scenarios the SRE workbook's table needs (both legs of both alerts, reset, silence)", () => {
        expect(SCENARIOS.map((s) => s.title).join("\n")).to.match(/1h\/5m/).and.match(/6h\/30m/).and.match(/1d\/2h/).and.match(/3d\/6h/).and.match(/resets/).and.match(/never alerts/);
    });
});
