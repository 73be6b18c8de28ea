import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { prometheusGroups } from "../../../k8s/alertRules";
import { mlflow } from "../../../k8s/mlflow";
import { serving } from "../../../k8s/serving";
import { MODEL_TRAINED_METRIC } from "../../../k8s/serving/alerts";
import { perGroupFiles, promtool } from "../../support/promtool";

const groups = prometheusGroups([...mlflow.alerts!, ...serving.alerts!]);

function promtoolAvailable(): boolean {
    return spawnSync("promtool", ["--version"]).status === 0;
}

function writeTemp(name: string, content: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rules-"));
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
}

/**
 * promtool unit tests: each alert fires on a bad series and stays quiet on a healthy one. The
 * day-long ModelStale test is evaluated every 5 minutes (its group's interval) in a second file:
 * promtool evaluates the rules at every step up to a group's last eval_time.
 */
function unitTests() {
    const dest = 'reporter="destination", destination_workload_namespace="serving", destination_workload="iris-predictor"';
    const minutely = {
        rule_files: ["rules.yaml"],
        evaluation_interval: "1m",
        tests: [
            {
                interval: "1m",
                input_series: [
                    // 5 errors in every 105 requests: 4.8 % > 1 %.
                    { series: `istio_requests_total{${dest}, response_code="200"}`, values: "0+6000x30" },
                    { series: `istio_requests_total{${dest}, response_code="503"}`, values: "0+300x30" },
                    // A healthy model: 0.1 % errors.
                    { series: 'istio_requests_total{reporter="destination", destination_workload_namespace="serving", destination_workload="ok-predictor", response_code="200"}', values: "0+9990x30" },
                    { series: 'istio_requests_total{reporter="destination", destination_workload_namespace="serving", destination_workload="ok-predictor", response_code="500"}', values: "0+10x30" },
                    // Every request between 500 ms and 1 s: p50 and p99 both far above their thresholds.
                    ...["100", "500"].map((le) => ({ series: `istio_request_duration_milliseconds_bucket{${dest}, le="${le}"}`, values: "0x30" })),
                    ...["1000", "+Inf"].map((le) => ({ series: `istio_request_duration_milliseconds_bucket{${dest}, le="${le}"}`, values: "0+600x30" })),
                    { series: 'kube_deployment_status_replicas_available{namespace="serving", deployment="iris-predictor"}', values: "0x30" },
                    { series: 'kube_deployment_status_replicas_available{namespace="serving", deployment="ok-predictor"}', values: "3x30" },
                ],
                alert_rule_test: [
                    {
                        eval_time: "20m",
                        alertname: "ModelErrorRateHigh",
                        exp_alerts: [
                            {
                                exp_labels: { severity: "critical", team: "ml-platform", destination_workload: "iris-predictor" },
                                exp_annotations: {
                                    summary: "More than 1 % of model requests fail",
                                    description: "iris-predictor answers 4.762% of requests with 5xx.",
                                },
                            },
                        ],
                    },
                    {
                        eval_time: "20m",
                        alertname: "ModelNoReadyReplicas",
                        exp_alerts: [
                            {
                                exp_labels: { severity: "critical", team: "ml-platform", namespace: "serving", deployment: "iris-predictor" },
                                exp_annotations: {
                                    summary: "A model has no ready replicas",
                                    description: "Deployment iris-predictor has had no available replica for 5 minutes.",
                                },
                            },
                        ],
                    },
                    { eval_time: "20m", alertname: "ModelLatencyP99High", exp_alerts: [{ exp_labels: { severity: "critical", team: "ml-platform", destination_workload: "iris-predictor" }, exp_annotations: { summary: "p99 model latency above 500 ms", description: "p99 latency of iris-predictor is 995 ms." } }] },
                    // "for: 10m" has not elapsed yet at 5 minutes.
                    { eval_time: "5m", alertname: "ModelLatencyP50High", exp_alerts: [] },
                ],
            },
        ],
    };
    const daily = {
        rule_files: ["rules.yaml"],
        evaluation_interval: "5m",
        tests: [
            {
                interval: "1m",
                // Trained at t=0; evaluated 25 h later.
                input_series: [{ series: `${MODEL_TRAINED_METRIC}{namespace="serving", model="iris"}`, values: "0x1600" }],
                alert_rule_test: [
                    { eval_time: "25h", alertname: "ModelStale", exp_alerts: [{ exp_labels: { severity: "warning", team: "ml-platform", namespace: "serving", model: "iris" }, exp_annotations: { summary: "Model not retrained for more than 24 hours", description: "Model iris was last trained 1d 1h 0m 0s ago." } }] },
                    { eval_time: "20h", alertname: "ModelStale", exp_alerts: [] },
                ],
            },
        ],
    };
    return [minutely, daily];
}

describe("platform alert rules", () => {
    it("cover every service-level alert the platform promises", () => {
        const alerts = groups.flatMap((g) => g.rules.map((r) => r.alert));
        expect(alerts).to.include.members([
            "ModelLatencyP50High",
            "ModelLatencyP99High",
            "ModelErrorRateHigh",
            "ModelCpuHigh",
            "ModelMemoryHigh",
            "ModelStale",
            "ModelNoReadyReplicas",
        ]);
        const expr = (name: string) => groups.flatMap((g) => g.rules).find((r) => r.alert === name)!.expr;
        expect(expr("ModelLatencyP50High")).to.match(/histogram_quantile\(0\.5,[\s\S]*> 100$/);
        expect(expr("ModelLatencyP99High")).to.match(/histogram_quantile\(0\.99,[\s\S]*> 500$/);
        expect(expr("ModelErrorRateHigh")).to.match(/> 0\.01$/);
        expect(expr("ModelCpuHigh")).to.match(/> 0\.8$/);
        expect(expr("ModelMemoryHigh")).to.match(/> 0\.85$/);
        expect(expr("ModelStale")).to.match(/> 86400$/);
    });

    it("label every alert with a severity Alertmanager routes on", () => {
        for (const rule of groups.flatMap((g) => g.rules)) expect(["warning", "critical"], rule.alert).to.include(rule.labels.severity);
    });

    describe("with promtool", function () {
        before(function () {
            if (promtoolAvailable()) return;
            if (process.env.CI) throw new Error("promtool is required in CI (apt-get install prometheus)");
            console.log("      promtool not installed: skipping `promtool check rules` / `promtool test rules` (apt-get install prometheus)");
            this.skip();
        });

        it("passes `promtool check rules`", () => {
            const file = writeTemp("rules.yaml", stringify({ groups }));
            const run = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
            expect(run.status, run.stdout + run.stderr).to.equal(0);
            expect(run.stdout).to.match(new RegExp(`SUCCESS: ${groups.flatMap((g) => g.rules).length} rules found`));
        });

        it("fires (and stays quiet) as `promtool test rules` expects", () => {
            // Each test group against the rules its assertions read, both files in one promtool run.
            const split = unitTests().map((t, i) => perGroupFiles(t, groups, `tests${i}`));
            const run = promtool(["test", "rules", ...split.flatMap((f) => f.testFiles)], Object.assign({}, ...split.map((f) => f.files)));
            expect(run.status, run.stdout + run.stderr).to.equal(0);
            expect(run.stdout.match(/SUCCESS/g)).to.have.length(2);
        });

        it("rejects a broken rule (the check can fail)", () => {
            const broken = [{ name: "broken", rules: [{ alert: "Broken", expr: "sum(rate(x[5m]) >", for: "5m" }] }];
            const run = spawnSync("promtool", ["check", "rules", writeTemp("broken.yaml", stringify({ groups: broken }))], { encoding: "utf8" });
            expect(run.status).to.not.equal(0);
        });
    });
});
