/**
 * The model-release MetricTemplates' queries, rendered as Flagger renders them (namespace, interval,
 * templateVariables) and evaluated by promtool on Istio-shaped series: the numbers Flagger compares
 * with the limits. In CI (CI=true) a missing promtool fails.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { ERROR_RATE_QUERY, LATENCY_P99_QUERY } from "../../../k8s/delivery/metricTemplates";

const NAMESPACE = "serving";
const CANARY = "churn-green-predictor";
const PRIMARY = "churn-blue-predictor";

/** Flagger's text/template rendering for the fields our queries use. */
function render(query: string, vars: { namespace: string; interval: string; workload: string }): string {
    const out = query
        .replaceAll("{{ namespace }}", vars.namespace)
        .replaceAll("{{ interval }}", vars.interval)
        .replaceAll("{{ variables.workload }}", vars.workload);
    expect(out, "every placeholder rendered").to.not.include("{{");
    return out;
}

const requests = (workload: string, code: string, perStep: number) =>
    ({ series: `istio_requests_total{reporter="destination", destination_workload_namespace="${NAMESPACE}", destination_workload="${workload}", response_code="${code}"}`, values: `0+${perStep}x40` });

const bucket = (workload: string, le: string, perStep: number) =>
    ({ series: `istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="${NAMESPACE}", destination_workload="${workload}", le="${le}"}`, values: `0+${perStep}x40` });

interface Case {
    name: string;
    series: { series: string; values: string }[];
    expr: string;
    /** undefined: the query returns nothing (Flagger: "no values found", a failed check). */
    value?: number;
}

function unitTests(cases: Case[]) {
    return {
        rule_files: ["empty.yaml"],
        evaluation_interval: "15s",
        tests: cases.map((c) => ({
            name: c.name,
            interval: "15s",
            input_series: c.series,
            promql_expr_test: [{ expr: c.expr, eval_time: "5m", exp_samples: c.value === undefined ? [] : [{ labels: "{}", value: c.value }] }],
        })),
    };
}

function runPromtool(cases: Case[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-delivery-"));
    fs.writeFileSync(path.join(dir, "empty.yaml"), stringify({ groups: [] }));
    fs.writeFileSync(path.join(dir, "queries.test.yaml"), stringify(unitTests(cases)));
    return spawnSync("promtool", ["test", "rules", "queries.test.yaml"], { cwd: dir, encoding: "utf8" });
}

describe("model-release metric queries under promtool", function () {
    before(function () {
        if (spawnSync("promtool", ["--version"]).status !== 0) {
            if (process.env.CI) throw new Error("promtool is required in CI: apt-get install prometheus");
            console.log("      promtool not installed: skipping (apt-get install prometheus)");
            this.skip();
        }
    });

    const errorRate = render(ERROR_RATE_QUERY, { namespace: NAMESPACE, interval: "1m", workload: CANARY });
    const p99 = render(LATENCY_P99_QUERY, { namespace: NAMESPACE, interval: "1m", workload: CANARY });

    it("reads the canary slot's share of 5xx in percent, ignoring the primary slot's errors", () => {
        const run = runPromtool([
            {
                name: "4 % errors at the canary, the primary failing hard",
                series: [requests(CANARY, "200", 24), requests(CANARY, "503", 1), requests(PRIMARY, "200", 10), requests(PRIMARY, "500", 10)],
                expr: errorRate,
                value: 4,
            },
            { name: "no 5xx series at all reads 0 %, not no data", series: [requests(CANARY, "200", 24), requests(PRIMARY, "500", 3)], expr: errorRate, value: 0 },
            { name: "no traffic to the canary reads no data", series: [requests(PRIMARY, "200", 24)], expr: errorRate },
        ]);
        expect(run.status, run.stdout + run.stderr).to.equal(0);
    });

    it("reads p99 in ms on the 2000 ms bucket edge the model pods carry; without it the same latencies would read above the limit", () => {
        // Each step: 90 requests under 1 s, the other 10 between 1 s and 2 s.
        const withEdge = [bucket(CANARY, "1000", 90), bucket(CANARY, "2000", 100), bucket(CANARY, "2500", 100), bucket(CANARY, "+Inf", 100)];
        const defaultBuckets = withEdge.filter((b) => !b.series.includes('le="2000"'));
        const run = runPromtool([
            // Rounded to the millisecond: interpolation leaves float noise.
            { name: "p99 with the 2000 ms edge", series: withEdge, expr: `round(${p99})`, value: 1900 },
            // Interpolated between 1000 and 2500: 1000 + 0.9 * 1500.
            { name: "p99 on Istio's default buckets", series: defaultBuckets, expr: `round(${p99})`, value: 2350 },
            { name: "no traffic reads no data", series: [bucket(PRIMARY, "1000", 10), bucket(PRIMARY, "+Inf", 10)], expr: p99 },
        ]);
        expect(run.status, run.stdout + run.stderr).to.equal(0);
    });

    it("fails when a value is wrong (the cases can fail)", () => {
        const run = runPromtool([{ name: "wrong on purpose", series: [requests(CANARY, "200", 24), requests(CANARY, "503", 1)], expr: errorRate, value: 5 }]);
        expect(run.status).to.not.equal(0);
    });
});
