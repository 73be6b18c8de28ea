/**
 * The SLO rules under promtool: `check rules`, and `test rules` with the traffic scenarios of
 * scenarios.ts, for each environment's default objectives. In CI (CI=true) a missing promtool fails.
 */
import { expect } from "chai";
import { sloSchema } from "../../../components/config/observability";
import { platformSlos } from "../../../k8s/slo/objectives";
import { sloAlertNames } from "../../../k8s/slo/rules";
import { alertNames, promtool, requirePromtool, type PromtoolFiles } from "../../support/promtool";
import { BUDGETS, defaultGroups, NAMESPACES, SCENARIOS, unitTestFiles } from "./scenarios";

/** `promtool test rules` over the unit-test files (and their rule files) of unitTestFiles. */
function testRules(files: ReturnType<typeof unitTestFiles>) {
    return promtool(["test", "rules", ...Object.keys(files.tests)], { ...files.rules, ...files.tests } as PromtoolFiles);
}

describe("SLO burn-rate rules under promtool", function () {
    before(function () {
        requirePromtool(this);
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
                const run = promtool(["check", "rules", "slo-rules.yaml"], { "slo-rules.yaml": { groups } });
                expect(run.status, run.stdout + run.stderr).to.equal(0);
                expect(run.stdout).to.include(`SUCCESS: ${groups.flatMap((g) => g.rules).length} rules found`);
            });

            it("every burn-rate alert fires in some scenario and is silent in another", () => {
                const cases = Object.values(unitTestFiles(env, groups).tests).flatMap((f) => f.tests.flatMap((t) => ("alert_rule_test" in t ? t.alert_rule_test : [])));
                const names = alertNames(groups);
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
                const files = unitTestFiles(env, groups);
                const run = testRules(files);
                expect(run.status, run.stdout + run.stderr).to.equal(0);
                // Every SLO and every family ran, and the rule files (each cut down to what its tests read) together hold every rule.
                expect(Object.keys(files.tests)).to.have.length(9);
                const tested = new Set(Object.values(files.rules).flatMap((f) => f.groups.flatMap((g) => g.rules.map((r) => JSON.stringify(r)))));
                expect([...tested]).to.have.members(groups.flatMap((g) => g.rules.map((r) => JSON.stringify(r))));
            });

            // One environment is enough to show the scenarios can fail; the run needs only the moved
            // alert's SLO and its window family.
            if (env === "production") it("fails the scenarios when the fast burn factor moves (the tests can fail)", function () {
                this.timeout(300000);
                const moved = groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.alert === "ModelAvailabilityBudgetBurnFast" ? { ...r, expr: r.expr.replace(/> (\S+)\n and\n (\S+) > (\S+)\)\nor/, (_, a, mid) => `> ${Number(a) * 2}\n and\n ${mid} > ${Number(a) * 2})\nor`) } : r)) }));
                expect(JSON.stringify(moved)).to.not.equal(JSON.stringify(groups));
                const run = testRules(unitTestFiles(env, moved, { slos: ["model-availability"], families: ["page"] }));
                expect(run.status).to.not.equal(0);
                expect(run.stdout + run.stderr).to.include("ModelAvailabilityBudgetBurnFast");
            });
        });
    }

    it("covers the scenarios the SRE workbook's table needs (both legs of both alerts, reset, silence)", () => {
        expect(SCENARIOS.map((s) => s.title).join("\n")).to.match(/1h\/5m/).and.match(/6h\/30m/).and.match(/1d\/2h/).and.match(/3d\/6h/).and.match(/resets/).and.match(/never alerts/);
    });
});
