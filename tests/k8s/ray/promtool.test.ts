/**
 * The Ray alerts in the platform's PrometheusRule, under promtool: the shared unit tests
 * (tests/k8s/promtool/alerts.test.yaml) cover them like every other alert; this file checks that
 * they are shipped and that their unit tests can fail.
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
    rules: { alert?: string; expr: string }[];
}

/**
 * The shared unit tests that check `alert` (tests/k8s/promtool runs all of them on the shipped
 * rules), each test group against the rules its assertions read.
 */
function testRulesOf(groups: RuleGroup[], alert: string) {
    const { files, testFiles } = perGroupFiles(onlyTestsOf(parse(fs.readFileSync(TESTS_FILE, "utf8")), [alert]), groups, "alerts");
    return promtool(["test", "rules", ...testFiles], files);
}

describe("Ray alerts under promtool", function () {
    let groups: RuleGroup[];

    before(async function () {
        requirePromtool(this);
        const rule = (await okPlan("production", "aws")).resources.find((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule" && r.name === "ml-platform-alerts")!;
        groups = (rule.inputs as { spec: { groups: RuleGroup[] } }).spec.groups;
    });

    it("ships an alert for a head that stops answering and one for a head that is gone", () => {
        const ray = groups.find((g) => g.name === "ray")!;
        expect(ray.rules.map((r) => r.alert)).to.deep.equal(["RayHeadDown", "RayHeadMissing"]);
    });

    it("fails the unit tests when RayHeadMissing stops excluding clusters whose head is scraped (the tests can fail)", () => {
        const broken = groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.alert === "RayHeadMissing" ? { ...r, expr: r.expr.split("\n")[0] } : r)) }));
        expect(JSON.stringify(broken)).to.not.equal(JSON.stringify(groups));
        const run = testRulesOf(broken, "RayHeadMissing");
        expect(run.status).to.not.equal(0);
        expect(run.stdout + run.stderr).to.include("RayHeadMissing");
    });
});
