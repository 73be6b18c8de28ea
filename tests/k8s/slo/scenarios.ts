/**
 * promtool unit tests for the burn-rate alerts, written as traffic scenarios. Rates are multiples of
 * each SLO's error budget (the literal objectives below, not read from the code), so the same
 * scenarios test staging's and production's objectives.
 */
import { sloSchema } from "../../../components/config/observability";
import { platformSlos } from "../../../k8s/slo/objectives";
import { sloRuleGroups, type PrometheusRuleGroup } from "../../../k8s/slo/rules";
import { rulesFor, testedNames } from "../../support/promtool";

export type Environment = "staging" | "production";

/** The error budgets (1 - objective) the environments' defaults promise. */
export const BUDGETS: Record<Environment, Record<SloName, number>> = {
    staging: { "model-availability": 0.01, "model-latency": 0.05, "mlflow-availability": 0.01 },
    production: { "model-availability": 0.001, "model-latency": 0.01, "mlflow-availability": 0.005 },
};

export const NAMESPACES = { serving: "serving", mlflow: "mlflow" };

/** The SLO rules an environment's default objectives produce. */
export function defaultGroups(env: Environment): PrometheusRuleGroup[] {
    const config = sloSchema(env).parse({});
    return sloRuleGroups(platformSlos(config, NAMESPACES), config.periodDays);
}

export type SloName = "model-availability" | "model-latency" | "mlflow-availability";

const STEM: Record<SloName, string> = { "model-availability": "ModelAvailability", "model-latency": "ModelLatency", "mlflow-availability": "MlflowAvailability" };
const NAMESPACE: Record<SloName, string> = { "model-availability": "serving", "model-latency": "serving", "mlflow-availability": "mlflow" };

const REQUESTS_PER_MINUTE = 1000;

/** A counter that grows by `perStep` for `steps` steps, phase after phase, in promtool's notation. */
export function counter(phases: [perStep: number, steps: number][]): string {
    let value = 0;
    return phases
        .map(([perStep, steps], i) => {
            const text = i === 0 ? `0+${perStep}x${steps}` : `${value + perStep}+${perStep}x${steps - 1}`;
            value += perStep * steps;
            return text;
        })
        .join(" ");
}

/** Phases of [burn rate, minutes, traffic volume (x the base rate, default 1)]; `le` is how the latency bucket's boundary is spelled. */
function series(slo: SloName, service: string, phases: Phase[], budget: number, stepMinutes: number, le = "500") {
    const base = `reporter="source", destination_service_namespace="${NAMESPACE[slo]}", destination_service_name="${service}"`;
    const per = ([burn, , volume = 1]: Phase) => {
        const total = REQUESTS_PER_MINUTE * stepMinutes * volume;
        const bad = burn * budget * total;
        return { bad, good: total - bad, total };
    };
    const steps = ([, minutes]: Phase) => minutes / stepMinutes;
    const good = counter(phases.map((ph) => [per(ph).good, steps(ph)]));
    const bad = counter(phases.map((ph) => [per(ph).bad, steps(ph)]));
    const total = counter(phases.map((ph) => [per(ph).total, steps(ph)]));
    if (slo === "model-latency") {
        return [
            { series: `istio_request_duration_milliseconds_bucket{${base}, le="${le}"}`, values: good },
            { series: `istio_request_duration_milliseconds_count{${base}}`, values: total },
        ];
    }
    return [
        { series: `istio_requests_total{${base}, response_code="200"}`, values: good },
        { series: `istio_requests_total{${base}, response_code="503"}`, values: bad },
    ];
}

interface Expectation {
    at: string;
    alert: "BudgetBurnFast" | "BudgetBurnSlow";
    /** The services that must be firing at that time (none: silence). */
    firing: string[];
}

type Phase = [burn: number, minutes: number, volume?: number];

/**
 * Each file evaluates the recording rules before the alerts that read them at the same step
 * (`group_eval_order`; without it promtool's order of groups is random, and an alert could read
 * the records of the step before, which at 30 minutes are past the 5-minute lookback).
 *
 * Which alert's windows a scenario exercises (and "budget": the remaining-budget test). promtool
 * evaluates every rule of a file at every step of its evaluation_interval up to the last
 * eval_time, so each family has its own file and the coarsest interval its eval times allow.
 * The burn-rate alerts have no `for:` and every window is a rate() over the 1-minute series at
 * the eval time, so a coarser evaluation changes no value at that time (the 5m window still holds
 * five 1-minute samples):
 * - page (1h/5m, 6h/30m), every 5 minutes (phases start off the grid where an eval time must sit
 *   a few minutes from a phase edge);
 * - ticket (1d/2h, 3d/6h), every 30 minutes;
 * - budget, every 5 minutes: the budget rules' own group interval (its sums over the 5m records
 *   of a steady burn are the same ratio at any interval).
 * Each file gets only the rules its assertions read (rulesFor).
 */
export type Family = "page" | "ticket" | "budget";

export const EVALUATION_MINUTES: Record<Family, number> = { page: 5, ticket: 30, budget: 5 };

interface Scenario {
    title: string;
    family: Exclude<Family, "budget">;
    /** The series' sample interval. */
    stepMinutes: number;
    services: { name: string; phases: Phase[]; le?: string }[];
    expect: Expectation[];
}

/** Every scenario runs a burning service next to a healthy one, so each expectation also proves silence. */
export const SCENARIOS: Scenario[] = [
    {
        // After a busy healthy hour (5x the traffic at 0.5x) the 6h window is at 3.5x (< 6x): only
        // the 1h/5m leg (16x) can page, 57 minutes into the burn. Two minutes into it both short
        // windows are cold (the burn starts at 63 minutes, so both times sit on the 5-minute grid).
        title: "an hour at 20x after a busy healthy morning pages through the 1h/5m windows alone",
        family: "page",
        stepMinutes: 1,
        services: [
            { name: "burning", phases: [[0.5, 63, 5], [20, 60]] },
            // Prometheus 3 stores the bucket boundary as "500.0": it must count as the same bucket.
            { name: "healthy", phases: [[0.5, 123]], le: "500.0" },
        ],
        expect: [
            { at: "2h", alert: "BudgetBurnFast", firing: ["burning"] },
            { at: "1h05m", alert: "BudgetBurnFast", firing: [] },
        ],
    },
    {
        // At 20x for an hour the 6h/30m leg holds the page until the 30m window is under 6x: 21 minutes after the fix.
        title: "the page resets within half an hour of the burn stopping (short windows)",
        family: "page",
        stepMinutes: 1,
        services: [
            { name: "burning", phases: [[20, 60], [0, 30]] },
            { name: "healthy", phases: [[0.5, 90]] },
        ],
        expect: [
            { at: "55m", alert: "BudgetBurnFast", firing: ["burning"] },
            { at: "85m", alert: "BudgetBurnFast", firing: [] },
        ],
    },
    {
        title: "an 8x burn pages through the 6h/30m windows, below the 1h threshold",
        family: "page",
        stepMinutes: 1,
        services: [
            { name: "burning", phases: [[8, 60]] },
            { name: "healthy", phases: [[0.5, 60]] },
        ],
        expect: [{ at: "40m", alert: "BudgetBurnFast", firing: ["burning"] }],
    },
    {
        // With steady traffic volume the 3d/6h leg (1x) agrees whenever the 1d/2h leg (3x) fires.
        title: "a 4x burn opens a ticket through the 1d/2h windows and does not page",
        family: "ticket",
        stepMinutes: 1,
        services: [
            { name: "burning", phases: [[4, 240]] },
            { name: "healthy", phases: [[0.5, 240]] },
        ],
        expect: [
            { at: "3h", alert: "BudgetBurnSlow", firing: ["burning"] },
            { at: "3h", alert: "BudgetBurnFast", firing: [] },
        ],
    },
    {
        // With steady volume the 3d/6h leg agrees whenever this one fires. A busy morning at 6x
        // (4x the traffic), four busy clean hours (3x the traffic, no errors) and two hours at 6x:
        // the 6h window (the clean spell and the last burn) is at 0.86x, under its 1x, while the
        // day (every sample so far: the 1d and 3d windows hold the same ten hours) is at 3.6x and
        // the last 2 hours at 6x.
        title: "a busy morning at 6x and a busy clean spell open a ticket through the 1d/2h windows alone",
        family: "ticket",
        stepMinutes: 1,
        services: [
            { name: "burning", phases: [[6, 4 * 60, 4], [0, 4 * 60, 3], [6, 2 * 60 + 30]] },
            { name: "healthy", phases: [[0.5, 10 * 60 + 30]] },
        ],
        expect: [{ at: "10h", alert: "BudgetBurnSlow", firing: ["burning"] }],
    },
    {
        // Steady traffic: after 7 hours the 3d window holds the same ratio as the 6h one.
        title: "a 1.5x burn opens a ticket only through the 3d/6h windows",
        family: "ticket",
        stepMinutes: 1,
        services: [
            { name: "burning", phases: [[1.5, 8 * 60]] },
            { name: "healthy", phases: [[0.5, 8 * 60]] },
        ],
        expect: [
            { at: "7h", alert: "BudgetBurnSlow", firing: ["burning"] },
            { at: "7h", alert: "BudgetBurnFast", firing: [] },
        ],
    },
    {
        title: "a service inside its budget never alerts",
        family: "ticket",
        stepMinutes: 1,
        services: [{ name: "healthy", phases: [[0.9, 8 * 60]] }],
        expect: [
            { at: "7h", alert: "BudgetBurnSlow", firing: [] },
            { at: "7h", alert: "BudgetBurnFast", firing: [] },
        ],
    },
];

function annotationsFor(groups: PrometheusRuleGroup[], alert: string, service: string): Record<string, string> {
    const rule = groups.flatMap((g) => g.rules).find((r) => r.alert === alert);
    if (!rule) throw new Error(`no alert ${alert} in the rules`);
    return Object.fromEntries(Object.entries(rule.annotations ?? {}).map(([k, v]) => [k, v.replace(/\{\{ \$labels\.destination_service_name \}\}/g, service)]));
}

/** Minutes in a promtool duration such as "5h58m" or "3h". */
function minutesOf(duration: string): number {
    const units: Record<string, number> = { d: 1440, h: 60, m: 1 };
    const parts = [...duration.matchAll(/(\d+)([dhm])/g)];
    if (parts.map((p) => p[0]).join("") !== duration) throw new Error(`unsupported duration ${duration}`);
    return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit], 0);
}

function scenarioTests(env: Environment, groups: PrometheusRuleGroup[], slo: SloName, family: Family) {
    return SCENARIOS.filter((s) => s.family === family).map((s) => ({
        name: `${slo}: ${s.title}`,
        interval: `${s.stepMinutes}m`,
        input_series: s.services.flatMap((svc) => series(slo, svc.name, svc.phases, BUDGETS[env][slo], s.stepMinutes, svc.le)),
        alert_rule_test: s.expect.map((e) => {
            // promtool checks alerts at its evaluation steps: an eval_time between two would test the earlier one.
            if (minutesOf(e.at) % EVALUATION_MINUTES[family] !== 0) throw new Error(`${s.title}: ${e.at} is not a multiple of ${EVALUATION_MINUTES[family]}m`);
            const alertname = `${STEM[slo]}${e.alert}`;
            const page = e.alert === "BudgetBurnFast";
            return {
                eval_time: e.at,
                alertname,
                exp_alerts: e.firing.map((service) => ({
                    exp_labels: { severity: page ? "critical" : "warning", team: "ml-platform", slo, alert_kind: page ? "page" : "ticket", destination_service_name: service },
                    exp_annotations: annotationsFor(groups, alertname, service),
                })),
            };
        }),
    }));
}

export type UnitTestFile = ReturnType<typeof unitTestFile> & { group_eval_order: string[] };

function unitTestFile(env: Environment, groups: PrometheusRuleGroup[], slo: SloName, family: Family) {
    const tests = family === "budget" ? [budgetTest(env, slo)] : scenarioTests(env, groups, slo, family);
    return { rule_files: [rulesFileOf(slo, family)], evaluation_interval: `${EVALUATION_MINUTES[family]}m`, tests };
}

export const SLO_NAMES = Object.keys(STEM) as SloName[];
export const FAMILIES: Family[] = ["page", "ticket", "budget"];

export function rulesFileOf(slo: SloName, family: Family): string {
    return `slo-rules.${slo}.${family}.yaml`;
}

export function testFileOf(slo: SloName, family: Family): string {
    return `slo.${slo}.${family}.test.yaml`;
}

/**
 * One SLO's rules: the rules labelled with it, in their groups. Each SLO's recording rules and
 * alerts read only its own series and records, so its unit tests run against its rules alone
 * (promtool's cost grows with the rules it evaluates; `promtool check rules` checks the whole file).
 */
export function rulesOf(groups: PrometheusRuleGroup[], slo: SloName): PrometheusRuleGroup[] {
    return groups.map((g) => ({ ...g, rules: g.rules.filter((r) => r.labels?.slo === slo) })).filter((g) => g.rules.length > 0);
}

/**
 * The promtool files for one environment's rules, every SLO through every scenario: a unit-test
 * file per SLO and family, each with a rule file of that SLO's rules its assertions read, by file
 * name. `only` limits them to some SLOs and families (a run that must fail needs only the ones
 * that test what it breaks).
 */
export function unitTestFiles(env: Environment, groups: PrometheusRuleGroup[], only: { slos?: SloName[]; families?: Family[] } = {}) {
    const rules: Record<string, { groups: PrometheusRuleGroup[] }> = {};
    const tests: Record<string, UnitTestFile> = {};
    for (const slo of only.slos ?? SLO_NAMES) {
        for (const family of only.families ?? FAMILIES) {
            const file = unitTestFile(env, groups, slo, family);
            const own = rulesFor(rulesOf(groups, slo), file.tests.flatMap(testedNames));
            rules[rulesFileOf(slo, family)] = { groups: own };
            tests[testFileOf(slo, family)] = { ...file, group_eval_order: own.map((g) => g.name) };
        }
    }
    return { rules, tests };
}

/**
 * The remaining budget after a steady burn: 0.5x leaves half of it, 1.5x overspends by half; and
 * the objective the dashboards read.
 */
function budgetTest(env: Environment, slo: SloName) {
    return {
        name: `${slo}: remaining error budget`,
        interval: "1m",
        input_series: [
            ...series(slo, "thrifty", [[0.5, 3 * 60]], BUDGETS[env][slo], 1),
            ...series(slo, "spendthrift", [[1.5, 3 * 60]], BUDGETS[env][slo], 1),
        ],
        promql_expr_test: [
            {
                expr: `round(slo:error_budget:remaining_ratio{slo="${slo}"} * 1000)`,
                eval_time: "2h",
                exp_samples: [
                    { labels: `{slo="${slo}", destination_service_name="thrifty"}`, value: 500 },
                    { labels: `{slo="${slo}", destination_service_name="spendthrift"}`, value: -500 },
                ],
            },
            {
                expr: `round(slo:objective:ratio{slo="${slo}"} * 1000000)`,
                eval_time: "2h",
                exp_samples: [{ labels: `{slo="${slo}"}`, value: Math.round((1 - BUDGETS[env][slo]) * 1000000) }],
            },
        ],
    };
}
