import { expect } from "chai";
import { CLOUDS } from "../../../components/config";
import { CHARTS, type ChartName } from "../charts";
import * as fs from "fs";
import * as path from "path";
import { chartDir, readManifest, SCHEMAS_DIR } from "../../../scripts/refresh-schemas";
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

    // A chart whose upstream files could not be fetched here says so in the manifest; its values
    // are not validated until they are vendored, and the list is kept visible (and short) here.
    it("names the pinned charts whose schemas are not vendored yet, and vendors every other", () => {
        const m = readManifest();
        const missing = Object.entries(m.charts).filter(([, e]) => e.notVendored).map(([n]) => n);
        expect(missing).to.deep.equal(["airflow"]);
        for (const name of missing) expect(fs.existsSync(path.join(SCHEMAS_DIR, chartDir(name, m.charts[name].version), "values.yaml")), `${name} is vendored: drop notVendored`).to.equal(false);
    });

    for (const stack of STACKS) {
        for (const cloud of CLOUDS) {
            it(`${stack} on ${cloud}: every release's values fit its chart`, async () => {
                const p = await okPlan(stack, cloud);
                const releases = p.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
                expect(releases.length).to.be.greaterThan(5);
                const failures: string[] = [];
                const manifest = readManifest();
                for (const r of releases) {
                    const inputs = r.inputs as { chart: string; version: string; values?: Record<string, unknown> };
                    const chart = chartOf(inputs.chart, inputs.version);
                    if (manifest.charts[chart]?.notVendored) continue;
                    for (const e of validateValues(chart, inputs.values ?? {})) failures.push(`${r.name}: ${e}`);
                }
                expect(failures, failures.join("\n")).to.deep.equal([]);
            });
        }
    }
});
