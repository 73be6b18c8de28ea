/**
 * The SLO dashboard as Grafana JSON (loaded by kube-prometheus-stack's Grafana sidecar from a
 * ConfigMap labelled grafana_dashboard=1): per SLO, the error budget left in the period, the burn
 * rate over the alert windows, and the SLI against its objective.
 */
import { SLO_SERVICE_LABEL, type Slo } from "./objectives";
import { RECORDS } from "./rules";

export const SLO_DASHBOARD_UID = "ml-platform-slos";

const DATASOURCE = { type: "prometheus", uid: "prometheus" };
const LEGEND = `{{${SLO_SERVICE_LABEL}}}`;

interface GridPos {
    x: number;
    y: number;
    w: number;
    h: number;
}

function budgetPanel(slo: Slo, periodDays: number, id: number, gridPos: GridPos) {
    return {
        id,
        type: "stat",
        title: `${slo.name}: error budget left (${periodDays} d)`,
        description: slo.promise,
        datasource: DATASOURCE,
        gridPos,
        fieldConfig: {
            defaults: {
                unit: "percentunit",
                decimals: 1,
                thresholds: {
                    mode: "absolute",
                    steps: [
                        { color: "red", value: null },
                        { color: "orange", value: 0 },
                        { color: "yellow", value: 0.25 },
                        { color: "green", value: 0.5 },
                    ],
                },
            },
            overrides: [],
        },
        options: { reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false }, colorMode: "background", graphMode: "area", textMode: "value_and_name" },
        targets: [{ refId: "A", expr: `${RECORDS.budgetRemaining}{slo="${slo.name}"}`, legendFormat: LEGEND }],
    };
}

function burnRatePanel(slo: Slo, id: number, gridPos: GridPos) {
    const budget = Number((1 - slo.objective).toPrecision(6));
    const windows = ["5m", "1h", "6h", "1d"];
    return {
        id,
        type: "timeseries",
        title: `${slo.name}: burn rate (1 = spends exactly the budget)`,
        datasource: DATASOURCE,
        gridPos,
        fieldConfig: { defaults: { unit: "short", min: 0 }, overrides: [] },
        targets: windows.map((w, i) => ({
            refId: String.fromCharCode(65 + i),
            expr: `${RECORDS.errorRatio(w)}{slo="${slo.name}"} / ${budget}`,
            legendFormat: `${w} ${LEGEND}`,
        })),
    };
}

function sliPanel(slo: Slo, id: number, gridPos: GridPos) {
    return {
        id,
        type: "timeseries",
        title: `${slo.name}: good requests vs objective`,
        datasource: DATASOURCE,
        gridPos,
        fieldConfig: { defaults: { unit: "percentunit", max: 1 }, overrides: [] },
        targets: [
            { refId: "A", expr: `1 - ${RECORDS.errorRatio("1h")}{slo="${slo.name}"}`, legendFormat: `1h ${LEGEND}` },
            { refId: "B", expr: `${RECORDS.objective}{slo="${slo.name}"}`, legendFormat: "objective" },
        ],
    };
}

/** One row of three panels per SLO. */
export function sloDashboardJson(slos: Slo[], periodDays: number): string {
    const h = 8;
    const panels = slos.flatMap((slo, row) => {
        const y = row * h;
        const id = row * 3 + 1;
        return [
            budgetPanel(slo, periodDays, id, { x: 0, y, w: 6, h }),
            burnRatePanel(slo, id + 1, { x: 6, y, w: 9, h }),
            sliPanel(slo, id + 2, { x: 15, y, w: 9, h }),
        ];
    });
    return JSON.stringify({
        uid: SLO_DASHBOARD_UID,
        title: "ML platform SLOs and error budgets",
        tags: ["ml-platform", "slo"],
        timezone: "utc",
        schemaVersion: 39,
        refresh: "1m",
        time: { from: "now-7d", to: "now" },
        panels,
    });
}
