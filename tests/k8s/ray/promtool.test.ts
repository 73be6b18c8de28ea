/**
 * `promtool check rules` and `promtool test rules` on the Ray alerts as the production plans ship
 * them (the ray-alerts PrometheusRule). In CI a missing promtool fails; locally it skips.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { CLOUDS } from "../../../components/config";
import { okPlan } from "../../support/plans";

const TESTS_FILE = path.join(__dirname, "alerts.test.yaml");

interface RuleGroup {
    name: string;
    rules: { alert?: string; expr: string; for?: string }[];
}

async function shippedGroups(): Promise<RuleGroup[]> {
    const files = new Set<string>();
    let groups: RuleGroup[] = [];
    for (const cloud of CLOUDS) {
        const rules = (await okPlan("production", cloud)).resources.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule" && r.name === "ray-alerts");
        expect(rules, `production/${cloud} ray-alerts`).to.have.length(1);
        groups = (rules[0].inputs as { spec: { groups: RuleGroup[] } }).spec.groups;
        files.add(JSON.stringify(groups));
    }
    expect(files.size, "every cloud ships the same Ray alerts").to.equal(1);
    return groups;
}

function run(args: string[], groups: RuleGroup[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-ray-"));
    fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups }));
    fs.copyFileSync(TESTS_FILE, path.join(dir, "alerts.test.yaml"));
    return spawnSync("promtool", args, { cwd: dir, encoding: "utf8" });
}

describe("Ray alerts under promtool", function () {
    let groups: RuleGroup[];

    before(async function () {
        if (spawnSync("promtool", ["--version"]).status !== 0) {
            if (process.env.CI) throw new Error("promtool is required in CI: apt-get install prometheus");
            this.skip();
        }
        groups = await shippedGroups();
    });

    it("ships an alert for a head that stops answering and one for a head that is gone", () => {
        expect(groups.flatMap((g) => g.rules.map((r) => r.alert))).to.have.members(["RayHeadDown", "RayHeadMissing"]);
    });

    it("every alert has a unit test where it fires and one where it stays silent", () => {
        const cases = (parse(fs.readFileSync(TESTS_FILE, "utf8")) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] }).tests.flatMap((t) => t.alert_rule_test);
        for (const alert of groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])))) {
            expect(cases.some((c) => c.alertname === alert && c.exp_alerts.length > 0), `${alert} fires somewhere`).to.equal(true);
            expect(cases.some((c) => c.alertname === alert && c.exp_alerts.length === 0), `${alert} stays silent somewhere`).to.equal(true);
        }
    });

    it("passes `promtool check rules` and `promtool test rules`", () => {
        const check = run(["check", "rules", "rules.yaml"], groups);
        expect(check.status, check.stdout + check.stderr).to.equal(0);
        const test = run(["test", "rules", "alerts.test.yaml"], groups);
        expect(test.status, test.stdout + test.stderr).to.equal(0);
    });

    it("fails the unit tests when RayHeadMissing stops excluding clusters whose head is scraped (the tests can fail)", () => {
        const broken = groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.alert === "RayHeadMissing" ? { ...r, expr: r.expr.split("\n")[0] } : r)) }));
        const test = run(["test", "rules", "alerts.test.yaml"], broken);
        expect(test.status).to.not.equal(0);
        expect(test.stdout + test.stderr).to.include("RayHeadMissing");
    });
});
