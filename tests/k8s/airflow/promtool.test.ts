/**
 * The Airflow scheduler alerts in the platform's PrometheusRule, under promtool: the shared unit
 * tests (tests/k8s/promtool/alerts.test.yaml) cover them like every other alert; this file checks
 * that they are shipped and that their unit tests can fail.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { okPlan } from "../../support/plans";
import { onlyTestsOf, perGroupFiles, promtool, requirePromtool } from "../../support/promtool";

const TESTS_FILE = path.join(__dirname, "..", "promtool", "alerts.test.yaml");

interface RuleGroup {
    name: string;
    rules: { alert?: string; expr: string; for?: string }[];
}

/**
 * The shared unit tests that check `alert` (tests/k8s/promtool runs all of them on the shipped
 * rules), each test group against the rules its assertions read.
 */
function testRulesOf(groups: RuleGroup[], alert: string) {
    const { files, testFiles } = perGroupFiles(onlyTestsOf(parse(fs.readFileSync(TESTS_FILE, "utf8")), [alert]), groups, "alerts");
    return promtool(["test", "rules", ...testFiles], files);
}

describe("Airflow alerts under promtool", function () {
    let groups: RuleGroup[];

    before(async function () {
        requirePromtool(this);
        const rule = (await okPlan("production", "aws")).resources.find((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule" && r.name === "ml-platform-alerts")!;
        groups = (rule.inputs as { spec: { groups: RuleGroup[] } }).spec.groups;
    });

    it("ships an alert for a scheduler with no ready pod and one for schedulers that stopped heartbeating", () => {
        const airflow = groups.find((g) => g.name === "airflow")!;
        expect(airflow.rules.map((r) => r.alert)).to.deep.equal(["AirflowSchedulerDown", "AirflowSchedulerHeartbeatStopped"]);
        for (const alert of ["AirflowSchedulerDown", "AirflowSchedulerHeartbeatStopped"]) expect(testRulesOf(groups, alert).status, alert).to.equal(0);
    });

    for (const { alert, breakIt } of [
        { alert: "AirflowSchedulerDown", breakIt: (e: string) => e.replace("== 0", "< 0") },
        { alert: "AirflowSchedulerHeartbeatStopped", breakIt: (e: string) => e.replace("[5m]", "[30m]") },
    ]) {
        it(`fails the unit tests when ${alert} is broken (the tests can fail)`, () => {
            const broken = groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.alert === alert ? { ...r, expr: breakIt(r.expr) } : r)) }));
            expect(JSON.stringify(broken)).to.not.equal(JSON.stringify(groups));
            const run = testRulesOf(broken, alert);
            expect(run.status).to.not.equal(0);
            expect(run.stdout + run.stderr).to.include(alert);
        });
    }
});
