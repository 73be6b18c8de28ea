import { expect } from "chai";
import { CLOUDS } from "../../../components/config";
import { CHARTS, type ChartName } from "../charts";
import { readManifest } from "../../../scripts/refresh-schemas";
import { okPlan, STACKS } from "../../support/plans";
import { validateValues } from "./values";

function chartOf(chart: string, version: string): ChartName {
    const found = (Object.keys(CHARTS) as ChartName[]).find((n) => CHARTS[n].chart === chart && CHARTS[n].version === version);
    if (!found) throw new Error(`release of ${chart} ${version} matches no pin in k8s/*/values.ts`);
    return found;
}

describe("Helm values against the pinned charts", () => {
    it("keeps schemas for every pinned chart at its pinned version", () => {
        const m = readManifest();
        for (const [name, ref] of Object.entries(CHARTS)) expect(m.charts[name]?.version, name).to.equal(ref.version);
        for (const crd of m.crds) expect(crd.version, crd.project).to.equal(CHARTS[crd.chart as ChartName].version);
    });

    for (const stack of STACKS) {
        for (const cloud of CLOUDS) {
            it(`${stack} on ${cloud}: every release's values fit its chart`, async () => {
                const p = await okPlan(stack, cloud);
                const releases = p.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
                expect(releases.length).to.be.greaterThan(5);
                const failures: string[] = [];
                for (const r of releases) {
                    const inputs = r.inputs as { chart: string; version: string; values?: Record<string, unknown> };
                    for (const e of validateValues(chartOf(inputs.chart, inputs.version), inputs.values ?? {})) failures.push(`${r.name}: ${e}`);
                }
                expect(failures, failures.join("\n")).to.deep.equal([]);
            });
        }
    }
});
