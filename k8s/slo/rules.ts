/**
 * Multi-window, multi-burn-rate alerts (Google SRE Workbook, "Alerting on SLOs", table 5-8, as
 * Sloth encodes it in internal/alert/windows/google-30d.yaml) and the recording rules they read.
 *
 * A burn rate of N means errors arrive N times as fast as the objective allows. An alert fires
 * while both its long window (is the burn significant?) and its short window (is it still
 * happening?) exceed the rate, so it resets within minutes of a fix.
 */
import { SLO_SERVICE_LABEL, type Slo } from "./objectives";

export interface BurnRateWindow {
    /** Long window, e.g. "1h". */
    long: string;
    /** Short window: one twelfth of the long one. */
    short: string;
    /** Multiple of the sustainable error rate. */
    factor: number;
}

export interface BurnRateAlert {
    /** Appended to the SLO's alert stem. */
    suffix: "BudgetBurnFast" | "BudgetBurnSlow";
    /** page -> critical (PagerDuty), ticket -> warning (Slack): alertmanager.ts routes on severity. */
    severity: "critical" | "warning";
    kind: "page" | "ticket";
    windows: [BurnRateWindow, BurnRateWindow];
}

export const BURN_RATE_ALERTS: BurnRateAlert[] = [
    {
        suffix: "BudgetBurnFast",
        severity: "critical",
        kind: "page",
        windows: [
            { long: "1h", short: "5m", factor: 14.4 },
            { long: "6h", short: "30m", factor: 6 },
        ],
    },
    {
        suffix: "BudgetBurnSlow",
        severity: "warning",
        kind: "ticket",
        windows: [
            { long: "1d", short: "2h", factor: 3 },
            { long: "3d", short: "6h", factor: 1 },
        ],
    },
];

/** Every window an alert reads, in the order they are recorded. */
export const SLI_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;

export const RECORDS = {
    errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
    requests: "slo:requests:rate5m",
    errors: "slo:errors:rate5m",
    periodErrorRatio: "slo:sli_error:ratio_period",
    budgetRemaining: "slo:error_budget:remaining_ratio",
    objective: "slo:objective:ratio",
} as const;

export interface PrometheusRule {
    record?: string;
    alert?: string;
    expr: string;
    for?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

export interface PrometheusRuleGroup {
    name: string;
    interval: string;
    rules: PrometheusRule[];
}

/** A float without binary noise in the rule text: 14.4 * 0.001 -> 0.0144. */
function threshold(factor: number, objective: number): string {
    return String(Number((factor * (1 - objective)).toPrecision(6)));
}

/**
 * The bad requests, or zero for a service that has served only good ones: Istio has no 5xx series
 * for a service that never failed, and without the zero its ratio and remaining budget are absent
 * (a dashboard showing "No data" rather than a full budget).
 */
function badOrZero(slo: Slo, window: string): string {
    return `(\n${slo.bad(window)}\nor\n${slo.total(window)} * 0\n)`;
}

function recordings(slo: Slo): PrometheusRuleGroup {
    const labels = { slo: slo.name };
    return {
        name: `slo.${slo.name}.sli`,
        interval: "1m",
        rules: [
            ...SLI_WINDOWS.map((w) => ({ record: RECORDS.errorRatio(w), expr: `${badOrZero(slo, w)}\n/\n${slo.total(w)}`, labels })),
            { record: RECORDS.requests, expr: slo.total("5m"), labels },
            { record: RECORDS.errors, expr: badOrZero(slo, "5m"), labels },
        ],
    };
}

/** Request-weighted over the whole period: the sums of the 5m rates, not an average of ratios. */
function budget(slo: Slo, periodDays: number): PrometheusRuleGroup {
    const s = `{slo="${slo.name}"}`;
    const period = `${periodDays}d`;
    return {
        name: `slo.${slo.name}.budget`,
        interval: "5m",
        rules: [
            { record: RECORDS.objective, expr: `vector(${slo.objective})`, labels: { slo: slo.name } },
            {
                record: RECORDS.periodErrorRatio,
                expr: `sum_over_time(${RECORDS.errors}${s}[${period}])\n/\nsum_over_time(${RECORDS.requests}${s}[${period}])`,
                labels: { slo: slo.name },
            },
            {
                record: RECORDS.budgetRemaining,
                expr: `1 - ${RECORDS.periodErrorRatio}${s} / ${threshold(1, slo.objective)}`,
                labels: { slo: slo.name },
            },
        ],
    };
}

function burnAlert(slo: Slo, a: BurnRateAlert, periodDays: number): PrometheusRule {
    const s = `{slo="${slo.name}"}`;
    const leg = (w: BurnRateWindow) =>
        `(${RECORDS.errorRatio(w.long)}${s} > ${threshold(w.factor, slo.objective)}\n and\n ${RECORDS.errorRatio(w.short)}${s} > ${threshold(w.factor, slo.objective)})`;
    const [first, second] = a.windows;
    const rates = a.windows.map((w) => `${w.factor}x over ${w.long}`).join(" or ");
    return {
        alert: `${slo.alertStem}${a.suffix}`,
        expr: `${leg(first)}\nor\n${leg(second)}`,
        labels: { severity: a.severity, team: "ml-platform", slo: slo.name, alert_kind: a.kind },
        annotations: {
            summary: `${slo.alertStem} error budget burning ${a.kind === "page" ? "fast" : "steadily"}`,
            description:
                `{{ $labels.${SLO_SERVICE_LABEL} }} is spending its error budget (${slo.promise}, over ${periodDays} days) ` +
                `at ${rates} the sustainable rate.`,
        },
    };
}

export function sloRuleGroups(slos: Slo[], periodDays: number): PrometheusRuleGroup[] {
    return [
        ...slos.map(recordings),
        ...slos.map((slo) => budget(slo, periodDays)),
        {
            name: "slo.alerts",
            interval: "1m",
            rules: slos.flatMap((slo) => BURN_RATE_ALERTS.map((a) => burnAlert(slo, a, periodDays))),
        },
    ];
}

/** Every alert name the SLO rules define. */
export function sloAlertNames(slos: Slo[]): string[] {
    return slos.flatMap((slo) => BURN_RATE_ALERTS.map((a) => `${slo.alertStem}${a.suffix}`));
}
